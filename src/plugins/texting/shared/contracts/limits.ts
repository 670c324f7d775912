/** Limits and fixed texts that the server enforces and the admin shows; one definition for both sides. */

/** Longest text the plugin sends or stores (Plivo concatenates up to 1600 characters). */
export const MESSAGE_MAX_LENGTH = 1600;

/** A US area code as Plivo searches it: three digits, the first 2–9. */
export const AREA_CODE_PATTERN = /^[2-9]\d{2}$/;

/** The opt-out footer every campaign text carries (carriers expect it; rule 10 honours the reply). */
export const STOP_FOOTER = 'Reply STOP to opt out';

const HAS_STOP_FOOTER = /reply\s+stop\s+to\s+opt[\s-]*out/i;

/** The message with the footer on its own line, unless the author already wrote it (in any case). */
export function withStopFooter(message: string): string {
  const text = message.trim();
  if (text === '' || HAS_STOP_FOOTER.test(text)) return text;
  return `${text}\n${STOP_FOOTER}`;
}
