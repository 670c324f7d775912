/**
 * A stand-in for the app's webhook endpoint: records each request (headers + form body) and answers 200
 * with `{ ok: true, n }` (n = requests so far), so a test can also see that the caller relays the answer.
 * No Strapi here: the simulator's own tests use it too.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface Captured {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  headers: http.IncomingHttpHeaders;
  params: Record<string, string>;
}

export async function startReceiver(): Promise<{ origin: string; port: number; received: Captured[]; close(): Promise<void> }> {
  const received: Captured[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params: Record<string, string> = {};
      for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) params[k] = v;
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, params });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, n: received.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
