/**
 * The number-health job with several instances on one database: a run takes the interval's lease in
 * `texting_dispatch_state` (jobs/lease.ts), so of two runs at once exactly one refreshes the stored 7-day
 * figures; later runs of the interval skip; a crashed holder's lease lapses; a failed pass gives it back.
 * The lease's time is passed in (`now`) instead of waiting for it to lapse.
 */
import { startApp, type TestApp } from '../helpers/app';
import { fixtures, type NumberDoc } from '../helpers/fixtures';
import { insertTexts, sent, times } from '../helpers/messages';

const LEASE_MS = 5 * 60_000 - 30_000;

type Pass = { ran: false } | { ran: true; result: number };
interface LeaseRow {
  holder: string | null;
  since: number | null;
  until: number | null;
}

let app: TestApp;
let number: NumberDoc;

const numbers = () => app.strapi.plugin('texting').service('numbers');
const pass = (options: { holder?: string; now?: number } = {}): Promise<Pass> => numbers().healthPass(options);
const table = (uid: string) => app.strapi.db.metadata.get(uid).tableName;

async function figures() {
  const row = await app.strapi.db.connection(table('plugin::texting.phone-number')).where({ document_id: number.documentId }).first('week_outcomes', 'week_delivered');
  return { outcomes: Number(row.week_outcomes ?? 0), delivered: Number(row.week_delivered ?? 0) };
}

async function lease(): Promise<LeaseRow> {
  const row = await app.strapi.db.connection(table('plugin::texting.dispatch-state')).where({ key: 'job:number-health' }).first('holder', 'since', 'lease_until');
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return { holder: row.holder, since: n(row.since), until: n(row.lease_until) };
}

beforeAll(async () => {
  app = await startApp();
  const fx = fixtures(app.strapi);
  const office = await fx.office({ name: 'Lease office' });
  number = await fx.number({ phoneNumber: '+12025550801', name: 'Leased', office: office.documentId });
  await insertTexts(app.strapi, times(10, sent(number.phoneNumber, 'delivered', 24)));
});

afterAll(async () => {
  await app?.stop();
});

describe('number-health refresh lease', () => {
  it('two runs at once (two instances): exactly one refreshes the figures, and its lease is the one stored', async () => {
    const refresh = jest.spyOn(numbers(), 'refreshWeekStats');
    const before = Date.now();
    const [a, b] = await Promise.all([pass({ holder: 'instance-a' }), pass({ holder: 'instance-b' })]);
    expect([a.ran, b.ran].filter(Boolean)).toHaveLength(1);
    expect(refresh).toHaveBeenCalledTimes(1);
    refresh.mockRestore();
    expect(a.ran ? a : b).toEqual({ ran: true, result: 1 });
    expect(await figures()).toEqual({ outcomes: 10, delivered: 10 });
    const held = await lease();
    expect(held.holder).toBe(a.ran ? 'instance-a' : 'instance-b');
    expect(held.since).toBeGreaterThanOrEqual(before);
    expect(held.since).toBeLessThanOrEqual(Date.now());
    expect(held.until! - held.since!).toBe(LEASE_MS);
  });

  it('while the lease is held, every other run of the interval skips: the figures stay as they were', async () => {
    const held = await lease();
    await insertTexts(app.strapi, times(5, sent(number.phoneNumber, 'undelivered', 2, '30')));
    expect(await pass({ holder: 'instance-c' })).toEqual({ ran: false });
    expect(await pass({ holder: held.holder!, now: held.until! - 1 })).toEqual({ ran: false });
    expect(await figures()).toEqual({ outcomes: 10, delivered: 10 });
    expect(await lease()).toEqual(held);
  });

  it("a crashed holder's lease lapses: the first run after it takes over and refreshes", async () => {
    const held = await lease(); // its holder never finished the interval (crashed): nothing gives the lease back
    expect(await pass({ holder: 'instance-c', now: held.until! })).toEqual({ ran: true, result: 1 });
    expect(await figures()).toEqual({ outcomes: 15, delivered: 10 });
    expect(await lease()).toEqual({ holder: 'instance-c', since: held.until, until: held.until! + LEASE_MS });
  });

  it('a failed pass gives its lease back, so the next run need not wait for it to lapse', async () => {
    const at = (await lease()).until!;
    const refresh = jest.spyOn(numbers(), 'refreshWeekStats').mockRejectedValueOnce(new Error('connection lost'));
    await expect(pass({ holder: 'instance-d', now: at })).rejects.toThrow('connection lost');
    refresh.mockRestore();
    expect(await lease()).toEqual({ holder: 'instance-d', since: at, until: null });
    await insertTexts(app.strapi, [sent(number.phoneNumber, 'delivered', 1)]);
    expect(await pass({ holder: 'instance-e', now: at + 1 })).toEqual({ ran: true, result: 1 });
    expect(await figures()).toEqual({ outcomes: 16, delivered: 11 });
  });
});
