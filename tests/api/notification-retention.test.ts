/**
 * Notifications retention (ops15): a daily job deletes the notifications older than
 * TEXTING_NOTIFICATION_RETENTION_DAYS (30 here, 90 by default) with their read marks, in batches of one
 * transaction each. One instance a day does it (a lease, jobs/lease.ts); the deletes are idempotent besides.
 * Rows are seeded with known ages; the job's time is passed in (`now`), nothing waits.
 */
import crypto from 'crypto';
import { startApp, type TestApp } from '../helpers/app';
import { superAdminSession } from '../helpers/admin';

const DAY = 24 * 3600_000;
const MINUTE = 60_000;

type Run = { ran: false } | { ran: true; result: { deleted: number; batches: number; before: string } };

let app: TestApp;
let auth: Record<string, string>;
let userId: number;
let start: number;
/** Ids by group: older than 30 days, just inside 30 days (older after a day), recent. */
const ids = { old: [] as number[], edge: [] as number[], recent: [] as number[] };

const table = (uid: string) => app.strapi.db.metadata.get(uid).tableName;
const NOTIFICATIONS = () => table('plugin::texting.notification');
const READS = () => table('plugin::texting.notification-read');
const stamp = (ms: number) => (app.db === 'postgres' ? new Date(ms) : ms);
const prune = (options: { holder?: string; now?: number; batch?: number } = {}): Promise<Run> =>
  app.strapi.plugin('texting').service('notifications').prune(options);

async function insertNotifications(ages: number[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < ages.length; i += 200) {
    const rows = ages.slice(i, i + 200).map((age, j) => {
      const at = stamp(start - age);
      return {
        document_id: crypto.randomBytes(12).toString('hex'),
        kind: 'number_active',
        phone_number: `+1202555${String(1000 + ((i + j) % 9000)).padStart(4, '0')}`,
        created_at: at,
        updated_at: at,
        published_at: at,
      };
    });
    const inserted = (await app.strapi.db.connection(NOTIFICATIONS()).insert(rows).returning('id')) as Array<number | { id: number }>;
    out.push(...inserted.map((r) => Number(typeof r === 'object' ? r.id : r)));
  }
  return out;
}

async function markRead(notificationIds: number[], user: number) {
  const now = stamp(start);
  const rows = notificationIds.map((id) => ({ document_id: crypto.randomBytes(12).toString('hex'), notification_id: id, user_id: user, created_at: now, updated_at: now, published_at: now }));
  for (let i = 0; i < rows.length; i += 200) await app.strapi.db.connection(READS()).insert(rows.slice(i, i + 200));
}

const remainingIds = async () => ((await app.strapi.db.connection(NOTIFICATIONS()).pluck('id')) as unknown[]).map(Number).sort((a, b) => a - b);
const markedIds = async () => ((await app.strapi.db.connection(READS()).pluck('notification_id')) as unknown[]).map(Number).sort((a, b) => a - b);
const sorted = (...lists: number[][]) => lists.flat().sort((a, b) => a - b);

beforeAll(async () => {
  app = await startApp({ TEXTING_NOTIFICATION_RETENTION_DAYS: '30' });
  const session = await superAdminSession(app);
  auth = session.auth;
  userId = session.user.id;
  start = Date.now();
  // 1,203 older than 30 days (31 to 60), so that 500 a transaction takes three batches.
  ids.old = await insertNotifications(Array.from({ length: 1203 }, (_, i) => 31 * DAY + (i % 30) * DAY));
  ids.edge = await insertNotifications([30 * DAY - MINUTE]);
  ids.recent = await insertNotifications([MINUTE, 2 * DAY, 15 * DAY, 28 * DAY]);
  await markRead([...ids.old.slice(0, 250), ...ids.edge, ...ids.recent], userId);
  await markRead([...ids.old.slice(-5), ...ids.recent.slice(0, 2)], userId + 1000);
});

afterAll(async () => {
  await app?.stop();
});

describe('notifications retention', () => {
  it('deletes the notifications older than the retention with their read marks, in batches; keeps the rest and their marks', async () => {
    const listed = await app.http().get('/texting/notifications?pageSize=1').set(auth);
    expect(listed.body.meta.pagination.total).toBe(1208);

    // Two instances' ticks at once: one runs the pass, the other finds the day's lease taken.
    const [a, b] = await Promise.all([prune({ holder: 'instance-a', now: start, batch: 500 }), prune({ holder: 'instance-b', now: start, batch: 500 })]);
    expect([a.ran, b.ran].filter(Boolean)).toHaveLength(1);
    expect(a.ran ? a : b).toEqual({ ran: true, result: { deleted: 1203, batches: 3, before: new Date(start - 30 * DAY).toISOString() } });

    expect(await remainingIds()).toEqual(sorted(ids.edge, ids.recent));
    expect(await markedIds()).toEqual(sorted(ids.edge, ids.recent, ids.recent.slice(0, 2)));

    const after = await app.http().get('/texting/notifications?pageSize=100').set(auth);
    expect(after.body.meta.pagination.total).toBe(5);
    expect(after.body.meta.unread).toBe(0);
  });

  it('a later run of the same day (another instance, or a restart) does nothing', async () => {
    expect(await prune({ holder: 'instance-c', now: start + 3600_000 })).toEqual({ ran: false });
    expect(await remainingIds()).toEqual(sorted(ids.edge, ids.recent));
  });

  it("the next day's run deletes what aged past the retention meanwhile, and only that", async () => {
    const lease = await app.strapi.db.connection(table('plugin::texting.dispatch-state')).where({ key: 'job:notification-retention' }).first('lease_until');
    const nextDay = Number(lease.lease_until);
    expect(nextDay).toBe(start + DAY - 30_000);
    const run = await prune({ holder: 'instance-c', now: nextDay });
    expect(run).toEqual({ ran: true, result: { deleted: 1, batches: 1, before: new Date(nextDay - 30 * DAY).toISOString() } });
    expect(await remainingIds()).toEqual(sorted(ids.recent));
    expect(await markedIds()).toEqual(sorted(ids.recent, ids.recent.slice(0, 2)));
  });
});
