import { z } from 'zod';
import type { Pagination } from './common';

/**
 * Notifications (issue 13): events shown in the Texting pages' notification list, read or unread per admin user.
 * Number events are seen by users who may read numbers, campaign events by users who may read campaigns, each
 * within the offices their permission allows (rule 12).
 */
export const NUMBER_NOTIFICATION_KINDS = ['number_active', 'release_failed', 'number_missing'] as const;
export const CAMPAIGN_NOTIFICATION_KINDS = ['campaign_started', 'campaign_finished', 'campaign_paused'] as const;
export const NOTIFICATION_KINDS = [...NUMBER_NOTIFICATION_KINDS, ...CAMPAIGN_NOTIFICATION_KINDS] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Why it happened, as a code the admin explains in the user's language (the raw text stays in `detail`): the kind
 * of Plivo failure — `unauthorized` (credentials refused), `account` (402/403: balance or suspension),
 * `rate_limited`, `server_error`, `network`, `timeout`, `not_found`, `bad_request` — or `released_not_deleted`
 * (Plivo released the number but removing it here failed).
 */
export const NOTIFICATION_REASONS = [
  'unauthorized',
  'account',
  'rate_limited',
  'server_error',
  'network',
  'timeout',
  'not_found',
  'bad_request',
  'released_not_deleted',
] as const;
export type NotificationReason = (typeof NOTIFICATION_REASONS)[number];

export interface NotificationRow {
  id: number;
  kind: NotificationKind;
  phoneNumber: string | null;
  /** The number's documentId, for a link to its page (null once it is gone). */
  numberDocumentId: string | null;
  campaign: { documentId: string; name: string } | null;
  /** Why, as a code (null when there is none, and for notifications stored before it existed). */
  reason: NotificationReason | null;
  /** Why, as recorded (a release's error, the pause's reason; English, partly Plivo's own words), when there is one. */
  detail: string | null;
  createdAt: string;
  read: boolean;
}

/** GET /texting/notifications */
export const notificationsQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
    unread: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type NotificationsQuery = z.infer<typeof notificationsQuery>;

export interface NotificationsAnswer {
  data: NotificationRow[];
  meta: { pagination: Pagination; unread: number };
}

/** PUT /texting/notifications/read: mark these (or every visible one) read, or unread again. */
export const markNotificationsBody = z
  .object({
    ids: z.array(z.number().int().positive()).max(500).optional(),
    all: z.literal(true).optional(),
    read: z.boolean().default(true),
  })
  .strict()
  .refine((b) => Boolean(b.ids?.length) !== Boolean(b.all), 'give either ids (a non-empty list) or all: true');
export type MarkNotificationsBody = z.infer<typeof markNotificationsBody>;

/** GET/PUT /texting/notifications/settings: an agent's choice to get notifications by e-mail too. */
export interface NotificationSettings {
  /** Strapi's email plugin is configured (a provider other than its default `sendmail`). */
  emailAvailable: boolean;
  /** The user is an agent (only agents of an office get its notifications by e-mail). */
  isAgent: boolean;
  email: boolean;
}
export const notificationSettingsBody = z.object({ email: z.boolean() }).strict();
