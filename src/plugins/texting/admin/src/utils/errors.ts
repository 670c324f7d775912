import { useAPIErrorHandler } from '@strapi/strapi/admin';

/**
 * What an RTK Query request rejects with: the `error` of Strapi's answer (`{ status, name, message, details }`),
 * or, for a network failure, `{ name, message }`.
 */
export interface TextingApiError {
  status?: number;
  name?: string;
  message?: string;
  details?: { errors?: Array<{ path?: string[] | string; message?: string }>; [k: string]: unknown };
}

export const errorStatus = (err: unknown): number | undefined => (err as TextingApiError | undefined)?.status;

/**
 * The error's message through Strapi's `useAPIErrorHandler` (translated when the admin has a translation for it).
 * `formatted(err)` is what a notification or an error state shows.
 */
export const useErrorMessage = () => {
  const { _unstableFormatAPIError } = useAPIErrorHandler();
  return (err: unknown): string => {
    const e = (err ?? {}) as TextingApiError;
    return _unstableFormatAPIError({ name: 'UnknownError', ...e, message: e.message ?? '' } as Parameters<typeof _unstableFormatAPIError>[0]);
  };
};

/**
 * Field errors of a ValidationError, keyed by the first path segment (`name`, `office`,
 * `unsolicitedInboxes`…), so a form shows each message at its field.
 */
export const fieldErrors = (err: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const item of (err as TextingApiError | undefined)?.details?.errors ?? []) {
    const path = Array.isArray(item.path) ? item.path : String(item.path ?? '').split('.');
    const key = path[0] || '_form';
    const message = (item.message ?? '').replace(new RegExp(`^${key}(\\.[\\w.]+)?: `), '');
    if (!message) continue;
    out[key] = out[key] ? `${out[key]} ${message}` : message;
  }
  return out;
};
