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

/** A number as bodies name it: E.164, exactly (`+14155550123`). */
const e164Number = z
  .string()
  .trim()
  .refine((v) => /^\+[1-9]\d{6,14}$/.test(v) && toE164(v) === v, 'must be a valid E.164 number such as +14155550123');

/** POST /texting/phone-numbers: buy `phoneNumber` at Plivo and store it with these settings. */
export const provisionBody = z
  .object({
    phoneNumber: e164Number,
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

/** The last provider sync (hourly job, "Sync now" or GET /provider/sync). */
export interface LastSync {
  at: string;
  ok: boolean;
  /** Why it failed (Plivo's answer), when it did. */
  error: string | null;
  /** Numbers rented on the Plivo account but not managed here, as that sync found them. */
  unmanaged: Array<{ phoneNumber: string; appId: string | null }>;
}

/** A number of ours as the Provider page lists it (pending, or missing at Plivo). */
export interface ProviderNumber {
  documentId: string;
  phoneNumber: string;
  name: string;
  office: { documentId: string; name: string } | null;
  /** When it was provisioned (pending numbers: activation takes 2–10 days). */
  createdAt: string | null;
}

/** GET /texting/provider/overview: the Provider page. */
export interface ProviderOverview {
  configured: boolean;
  simulated: boolean;
  /**
   * The Plivo account (org-level: null for office-limited users). `status`: `ok`, `unauthorized` (credentials
   * refused), `unreachable` (network, timeout, 5xx), `not_configured`, `error` (anything else, see `message`).
   */
  account: {
    status: 'ok' | 'unauthorized' | 'unreachable' | 'not_configured' | 'error';
    message: string | null;
    name: string | null;
    accountType: string | null;
    billingMode: string | null;
    autoRecharge: boolean | null;
    /** USD, a decimal string as Plivo gives it. */
    balance: string | null;
  } | null;
  lastSync: { at: string; ok: boolean; error: string | null } | null;
  /** The user's offices' numbers waiting for carrier registration. */
  pending: ProviderNumber[];
  /** The user's offices' numbers the last sync did not find on the Plivo account. */
  missing: ProviderNumber[];
  /** Rented at Plivo, not managed here (org-level: null for users who may neither import nor release them). */
  unmanaged: Array<{ phoneNumber: string; appId: string | null }> | null;
  /** What the user may do with unmanaged numbers (import: numbers.provision, release: numbers.delete, both without an office condition). */
  may: { import: boolean; release: boolean; activate: boolean; sync: boolean };
}

/** POST /texting/provider/unmanaged/release */
export const releaseUnmanagedBody = z
  .object({
    phoneNumber: e164Number,
  })
  .strict();
