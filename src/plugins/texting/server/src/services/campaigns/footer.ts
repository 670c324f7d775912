/** The opt-out footer every campaign text carries (carriers expect it; rule 10 honours the reply). */
export const STOP_FOOTER = 'Reply STOP to opt out';

const HAS_FOOTER = /reply\s+stop\s+to\s+opt[\s-]*out/i;

/** The message with the footer on its own line, unless the author already wrote it (in any case). */
export function withStopFooter(message: string): string {
  const text = message.trim();
  if (text === '' || HAS_FOOTER.test(text)) return text;
  return `${text}\n${STOP_FOOTER}`;
}
