import type { Core } from '@strapi/strapi';
import { UIDS } from '../db';

const day = 24 * 3600 * 1000;

/**
 * The demo's released number (issue 13): rented, renamed, released ten days ago. Only its history remains
 * (number events kept by phone number), which Texting → Released numbers lists.
 */
export async function seedReleasedNumber(strapi: Core.Strapi, office: { documentId: string; name: string }, userEmail: string): Promise<void> {
  const phoneNumber = '+16175559001';
  const officeRow = (await strapi.db.query(UIDS.office).findOne({ where: { documentId: office.documentId }, select: ['id'] })) as { id: number } | null;
  const user = (await strapi.db.query('admin::user').findOne({ where: { email: userEmail }, select: ['id'] })) as { id: number } | null;
  const now = Date.now();
  const events: Array<{ action: string; at: number; changes: Record<string, unknown> }> = [
    { action: 'provisioned', at: -120, changes: {} },
    { action: 'activated', at: -115, changes: { providerStatus: { from: 'pending', to: 'active' }, by: 'Plivo registration completed' } },
    { action: 'edited', at: -60, changes: { name: { from: 'Undergraduate Spring fair', to: 'Undergraduate Fair 2026' } } },
    {
      action: 'released',
      at: -10,
      changes: { plivo: 'released', name: 'Undergraduate Fair 2026', office: { documentId: office.documentId, name: office.name } },
    },
  ];
  for (const e of events) {
    await strapi.db.query(UIDS.event).create({
      data: {
        action: e.action,
        phoneNumber,
        changes: e.changes,
        createdAt: new Date(now + e.at * day),
        ...(officeRow ? { office: officeRow.id } : {}),
        // Activation is the job's doing (Plivo registration), not a person's.
        ...(user && e.action !== 'activated' ? { user: user.id } : {}),
      },
    });
  }
}
