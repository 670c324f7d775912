/**
 * Issue 11 (capacity): body limits per route, the recipients import, and the paged answers of big things
 * (a campaign's recipients, a conversation's messages). Server and admin read the same numbers.
 */

const MiB = 1024 * 1024;

/** Largest recipients CSV file an import accepts (100,000 rows of number and name are about 3 MB). */
export const IMPORT_FILE_MAX_BYTES = 5 * MiB;

/**
 * Request body limits, per route, enforced before any byte is parsed (413 naming the limit). The import
 * route takes the CSV file as multipart/form-data; every other admin route takes JSON up to 1 MiB; Plivo's
 * webhooks are small forms.
 */
export const BODY_LIMITS = {
  /** `POST /texting/campaigns/:documentId/recipients` as multipart (the file plus the form's few fields). */
  importMultipart: IMPORT_FILE_MAX_BYTES + 64 * 1024,
  /** Any other admin route of the plugin (JSON), including the import's JSON form `{ csv }`. */
  adminJson: 1 * MiB,
  /** `POST /api/texting/webhooks/plivo/*` (form-encoded; a 1,600-character text is under 10 KB). */
  webhook: 64 * 1024,
} as const;

/** "5 MB", "1 MB", "64 KB": how a limit is named in messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${Math.round((bytes / MiB) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

export interface RecipientRow {
  /** 1-based position in the campaign's list. */
  position: number;
  phoneNumber: string;
  name: string | null;
}

/** `GET /texting/campaigns/:documentId/recipients?page=&pageSize=&q=` */
export interface RecipientsPage {
  data: RecipientRow[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number }; recipientCount: number };
}

export const RECIPIENTS_PAGE_SIZE_MAX = 100;

/** Messages of a conversation are read newest first, this many at a time (`before` pages back). */
export const CONVERSATION_PAGE_SIZE = 50;
export const CONVERSATION_PAGE_SIZE_MAX = 200;
