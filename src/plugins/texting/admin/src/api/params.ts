/** Query parameters as the fetch client sends them. */

const cleanParams = <T extends object>(params: T): Partial<T> =>
  Object.fromEntries(
    Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')
  ) as Partial<T>;

/** qs with `encode: false` (what the fetch client uses) would send `+` and `&` raw: encode values here. */
export const encodeParams = <T extends object>(params: T): Record<string, string> =>
  Object.fromEntries(
    Object.entries(cleanParams(params)).map(([k, v]) => [k, encodeURIComponent(String(v))])
  );

