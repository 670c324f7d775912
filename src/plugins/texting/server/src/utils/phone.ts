/** E.164 for a number typed in any common format (shared with the admin). */
export { toE164 } from '../../../shared/contracts/phone';

/** Plivo sends and expects numbers without the leading '+'. */
export const toPlivo = (e164: string) => e164.replace(/^\+/, '');
export const fromPlivo = (digits: string) => (digits.startsWith('+') ? digits : `+${digits}`);

/** Digits only, for matching a typed search against stored E.164 numbers. */
export const digitsOf = (s: string) => s.replace(/\D+/g, '');
