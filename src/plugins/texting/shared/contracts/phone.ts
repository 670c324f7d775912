import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

const DEFAULT_COUNTRY: CountryCode = 'US';

/** E.164 for a number typed in any common format, or null when it is not a valid number. */
export function toE164(input: string, country: CountryCode = DEFAULT_COUNTRY): string | null {
  const trimmed = input.trim();
  if (!trimmed) return null;
  const parsed = parsePhoneNumberFromString(trimmed, country);
  return parsed && parsed.isValid() ? parsed.number : null;
}
