import { z } from 'zod';
import { documentIdSchema, RESPONSE_TYPES } from './common';
import { AREA_CODE_PATTERN } from './limits';
import { numberFields } from './numbers';
import { toE164 } from './phone';

/** Provisioning (API.md): search Plivo by area code, buy a number, and whether Plivo is real. */

const areaCodeMessage = 'a 3-digit area code whose first digit is 2–9, e.g. 415';

export const availableNumbersQuery = z.object({
  areaCode: z.string({ required_error: 'a 3-digit area code is required, e.g. 415' }).regex(AREA_CODE_PATTERN, areaCodeMessage),
  limit: z.coerce.number().int().min(1).max(20).default(20),
});
export type AvailableNumbersQuery = z.infer<typeof availableNumbersQuery>;

/** POST /texting/phone-numbers: buy `phoneNumber` at Plivo and store it with these settings. */
export const provisionBody = z
  .object({
    phoneNumber: z
      .string()
      .trim()
      .refine((v) => /^\+[1-9]\d{6,14}$/.test(v) && toE164(v) === v, 'must be a valid E.164 number such as +14155550123'),
    name: numberFields.name,
    description: numberFields.description.optional(),
    office: documentIdSchema,
    agent: documentIdSchema.nullable().optional(),
    responseType: z.enum(RESPONSE_TYPES),
    unsolicitedInboxes: z
      .object({ offices: z.array(documentIdSchema).default([]), agents: z.array(documentIdSchema).default([]) })
      .strict()
      .default({ offices: [], agents: [] }),
  })
  .strict();
export type ProvisionBody = z.infer<typeof provisionBody>;
export type ProvisionInput = z.input<typeof provisionBody>;

/** A number Plivo offers for an area code. */
export interface AvailableNumber {
  phoneNumber: string;
  city: string | null;
  region: string | null;
  monthlyRentalRate: string | number | null;
  smsEnabled?: boolean;
  mmsEnabled?: boolean;
}

/** GET /texting/provider: whether Plivo is configured, or simulated. */
export interface ProviderStatus {
  configured: boolean;
  simulated: boolean;
  publicUrl: string | null;
}
