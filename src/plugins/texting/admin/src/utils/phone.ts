import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** `+14155550123` → `(415) 555-0123`; anything unparsable is shown as stored. */
export const nationalFormat = (e164: string | null | undefined): string => {
  if (!e164) return '';
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatNational() : e164;
};
