import type { Core } from '@strapi/strapi';
import type { TextingConfig } from '../config';
import { runOnce } from './run-once';
import { runLeased, type LeasedRun, type LeaseOptions } from './lease';
import { notificationSql } from '../services/notifications/sql';

export const NOTIFICATION_RETENTION_JOB = 'textingNotificationRetention';
export const NOTIFICATION_RETENTION_LEASE = 'notification-retention';
const DAY_MS = 24 * 3600_000;
/** Daily; held for the day less 30 s, like every job lease (jobs/lease.ts). */
export const NOTIFICATION_RETENTION_LEASE_MS = DAY_MS - 30_000;
/** Notifications deleted per transaction: each batch is short, whatever the backlog (a first run after an upgrade). */
export const NOTIFICATION_PRUNE_BATCH = 500;

export interface RetentionReport {
  /** Notifications deleted (their read marks went with them). */
  deleted: number;
  /** Transactions that deleted something. */
  batches: number;
  /** The cut-off: notifications created before it were deleted. */
  before: string;
}

/**
 * Deletes the notifications older than TEXTING_NOTIFICATION_RETENTION_DAYS (default 90) and their read marks, in
 * batches of `batch` (one transaction each), until none is left. One instance a day does it (the lease); the
 * deletes are idempotent besides, so an overlap (a run outliving its lease) deletes nothing twice.
 */
export function pruneOldNotifications(strapi: Core.Strapi, options: LeaseOptions & { batch?: number } = {}): Promise<LeasedRun<RetentionReport>> {
  const { retentionDays } = (strapi.config.get('plugin::texting') as TextingConfig).notifications;
  const now = options.now ?? Date.now();
  const before = new Date(now - retentionDays * DAY_MS);
  const batch = Math.max(1, options.batch ?? NOTIFICATION_PRUNE_BATCH);
  return runLeased(
    strapi,
    NOTIFICATION_RETENTION_LEASE,
    NOTIFICATION_RETENTION_LEASE_MS,
    async () => {
      const sql = notificationSql(strapi);
      const report: RetentionReport = { deleted: 0, batches: 0, before: before.toISOString() };
      for (;;) {
        const deleted = await sql.deleteOlder(before, batch);
        if (deleted > 0) report.batches++;
        report.deleted += deleted;
        if (deleted < batch) return report;
      }
    },
    { ...options, now }
  );
}

/** Daily at 03:23 (server time), only where TEXTING_JOBS is on. */
export function scheduleNotificationRetentionJob(strapi: Core.Strapi) {
  if (!(strapi.config.get('plugin::texting') as TextingConfig).jobs) return;
  const task = runOnce(strapi, 'Notification retention', async () => {
    const run = await pruneOldNotifications(strapi);
    if (run.ran && run.result.deleted) {
      strapi.log.info(`[texting] Deleted ${run.result.deleted} notification(s) created before ${run.result.before} (TEXTING_NOTIFICATION_RETENTION_DAYS).`);
    }
  });
  strapi.cron.add({ [NOTIFICATION_RETENTION_JOB]: { task, options: { rule: '23 3 * * *' } } });
}
