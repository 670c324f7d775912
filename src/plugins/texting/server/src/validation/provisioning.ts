import { z } from 'zod';
import { toE164 } from '../utils/phone';
import { id } from './common';

/** Inputs of the provisioning routes (API.md), parsed by the controller with `parse()`. */

export const availableNumbersQuery = z.object({
  areaCode: z
    .string({ required_error: 'a 3-digit area code is required, e.g. 415' })
    .regex(/^[2-9]\d{2}$/, 'a 3-digit area code whose first digit is 2–9, e.g. 415'),
  limit: z.coerce.number().int().min(1).max(20).default(20),
});


export const provisionBody = z
  .object({
    phoneNumber: z
      .string()
      .trim()
      .refine((v) => /^\+[1-9]\d{6,14}$/.test(v) && toE164(v) === v, 'must be a valid E.164 number such as +14155550123'),
    name: z.string().trim().min(1, 'a name is required').max(120),
    description: z.string().max(1000).nullable().optional(),
    office: id,
    agent: id.nullable().optional(),
    responseType: z.enum(['bot', 'agent']),
    unsolicitedInboxes: z
      .object({ offices: z.array(id).default([]), agents: z.array(id).default([]) })
      .strict()
      .default({ offices: [], agents: [] }),
  })
  .strict();

export type ProvisionBody = z.infer<typeof provisionBody>;

