import { useFetchClient } from '@strapi/strapi/admin';
import { encodeParams } from '../api/params';

/** A file download through Strapi's fetch client (the admin's token), saved under the server's file name. */
export function useCsvDownload() {
  const { get } = useFetchClient();
  return async (url: string, params: Record<string, unknown>, fallback: string) => {
    const res = await get(url, { params: encodeParams(params), responseType: 'blob' });
    const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(res.headers?.get('content-disposition') ?? '');
    const href = URL.createObjectURL(res.data as Blob);
    const a = document.createElement('a');
    a.href = href;
    a.download = m ? decodeURIComponent(m[1]) : fallback;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  };
}
