import type { Core } from '@strapi/strapi';
import type { NotificationKind } from '../../../../shared/contracts';
import { UIDS } from '../../db';

/** Strapi's email plugin as far as the notifications use it. */
interface EmailService {
  send(options: { to: string; subject: string; text: string }): Promise<unknown>;
}

/**
 * E-mail is offered where Strapi's email plugin is configured: the plugin is loaded and its provider is not
 * Strapi's default `sendmail` (which needs a local mail server that, unconfigured, fails or silently drops mail).
 */
export function emailAvailable(strapi: Core.Strapi): boolean {
  const plugin = strapi.plugin('email') as { service?: (name: string) => unknown } | undefined;
  if (!plugin?.service) return false;
  const provider = (strapi.config.get('plugin::email') as { provider?: string } | undefined)?.provider;
  return Boolean(provider) && provider !== 'sendmail';
}

const TITLES: Record<NotificationKind, (n: { phoneNumber: string | null; campaign: { name: string } | null }) => string> = {
  number_active: (n) => `${n.phoneNumber} is active`,
  release_failed: (n) => `Releasing ${n.phoneNumber} failed`,
  number_missing: (n) => `${n.phoneNumber} is missing at Plivo`,
  campaign_started: (n) => `Campaign "${n.campaign?.name}" started`,
  campaign_finished: (n) => `Campaign "${n.campaign?.name}" finished`,
  campaign_paused: (n) => `Campaign "${n.campaign?.name}" is paused`,
};

/** The notification's one-line title, as the e-mail's subject. */
export const notificationTitle = (kind: NotificationKind, n: { phoneNumber: string | null; campaign: { name: string } | null }) => TITLES[kind](n);

/** Sends the notification to the office's agents who chose e-mail (their admin user's address), one message each. */
export async function emailAgents(
  strapi: Core.Strapi,
  officeId: number,
  n: { kind: NotificationKind; phoneNumber: string | null; campaign: { name: string } | null; detail: string | null }
): Promise<number> {
  const agents = (await strapi.db.query(UIDS.agent).findMany({
    where: { notifyByEmail: true, offices: { id: officeId } },
    select: ['id'],
    populate: { user: { select: ['email', 'isActive'] } },
  })) as Array<{ user?: { email?: string | null; isActive?: boolean | null } | null }>;
  const to = [...new Set(agents.filter((a) => a.user?.email && a.user.isActive !== false).map((a) => a.user!.email!))];
  if (!to.length) return 0;
  const mail = strapi.plugin('email').service('email') as unknown as EmailService;
  const subject = `[Texting] ${notificationTitle(n.kind, n)}`;
  const text = [notificationTitle(n.kind, n) + '.', n.detail ? `Why: ${n.detail}` : '', 'See Texting → Notifications in the admin panel.']
    .filter(Boolean)
    .join('\n\n');
  for (const address of to) {
    try {
      await mail.send({ to: address, subject, text });
    } catch (err) {
      strapi.log.warn(`[texting] could not e-mail a notification to ${address}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return to.length;
}
