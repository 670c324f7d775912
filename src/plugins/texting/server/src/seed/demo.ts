import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { OFFICE_CONDITION_ID } from '../guards/office-scope';
import { seedReleasedNumber } from './released';
import { seedActivity, type DemoRefs } from './activity';

/**
 * Demo data for `npm run develop`: offices, agents (each an admin user), ~40 numbers and campaigns in
 * every state, and their traffic (activity.ts). Idempotent: it does nothing once the demo super admin exists, so a restart never duplicates rows.
 * Development only — the develop script turns it on; production never seeds.
 */
export const DEMO_ADMIN = { email: 'admin@texting.local', password: 'Texting-Demo-2026', firstname: 'Demo', lastname: 'Admin' };

const OFFICES = [
  { name: 'Undergraduate Admissions', timezone: 'America/New_York', areaCode: '617' },
  { name: 'Graduate Admissions', timezone: 'America/New_York', areaCode: '212' },
  { name: 'Financial Aid', timezone: 'America/Chicago', areaCode: '312' },
  { name: 'International Office', timezone: 'America/Los_Angeles', areaCode: '415' },
  { name: 'Athletics', timezone: 'America/Chicago', areaCode: '512' },
];

const AGENTS = [
  { name: 'Ana Ruiz', email: 'ana.ruiz@texting.local', offices: [0, 1] },
  { name: 'Ben Okafor', email: 'ben.okafor@texting.local', offices: [0] },
  { name: 'Chloe Martin', email: 'chloe.martin@texting.local', offices: [1] },
  { name: 'Dev Patel', email: 'dev.patel@texting.local', offices: [2] },
  { name: 'Emma Schultz', email: 'emma.schultz@texting.local', offices: [3] },
  { name: 'Farid Haddad', email: 'farid.haddad@texting.local', offices: [3, 4] },
  { name: 'Grace Liu', email: 'grace.liu@texting.local', offices: [4] },
];

const NUMBER_NAMES = [
  'Main line', 'Campus visits', 'Application help', 'Deadline reminders', 'Yield events', 'Orientation',
  'Transfer students', 'Scholarships', 'Housing questions', 'Parents line',
];

const DESCRIPTIONS = [
  'Promoted on the website; students text any time.',
  'Used by counsellors for 1:1 follow-ups after visits.',
  'Printed on brochures for the fall fair.',
  'Reminder texts before application deadlines.',
  'Reserved for admitted-student events.',
];

const day = 24 * 3600 * 1000;

/** The demo's super admin has a published password: it exists only where nobody else can log in. */
export const DEMO_REFUSED_IN_PRODUCTION =
  'TEXTING_SEED_DEMO is set but NODE_ENV is production: the demo seed creates a super admin with a published password and never runs in production. Unset TEXTING_SEED_DEMO.';

const isDevelopment = () => (process.env.NODE_ENV ?? 'development') === 'development';

/** The demo login is printed in development only (it is a published password: no log elsewhere should carry it). */
function printLogin(strapi: Core.Strapi, what: string) {
  if (isDevelopment()) strapi.log.info(`[texting] ${what} Log in at /admin as ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password} (development only)`);
  else strapi.log.info(`[texting] ${what}`);
}

/**
 * Agents get "Office agent": the texting actions an office's staff need, each carrying the plugin's
 * "Is in one of my offices" condition (guards/office-scope.ts), so that they see and change only their
 * offices' numbers, campaigns and conversations. (Strapi's stock Editor holds no texting rights.)
 */
export const OFFICE_AGENT_ROLE = 'Office agent';
const OFFICE_AGENT_ACTIONS = ['numbers.read', 'numbers.update', 'numbers.export', 'campaigns.read', 'campaigns.manage', 'inbox.read', 'inbox.reply'];

async function officeAgentRole(strapi: Core.Strapi): Promise<{ id: number }> {
  const existing = await strapi.db.query('admin::role').findOne({ where: { name: OFFICE_AGENT_ROLE } });
  if (existing) return existing;
  const roleService = strapi.service('admin::role');
  const role = await roleService.create({
    name: OFFICE_AGENT_ROLE,
    description: "Texting staff of an office: that office's numbers, campaigns and inbox only.",
  });
  await roleService.assignPermissions(
    role.id,
    OFFICE_AGENT_ACTIONS.map((a) => ({ action: `plugin::texting.${a}`, subject: null, properties: {}, conditions: [OFFICE_CONDITION_ID] }))
  );
  return role;
}

export async function seedDemo(strapi: Core.Strapi): Promise<void> {
  if (process.env.NODE_ENV === 'production') throw new Error(DEMO_REFUSED_IN_PRODUCTION);
  const existing = await strapi.db.query('admin::user').findOne({ where: { email: DEMO_ADMIN.email } });
  if (existing) {
    printLogin(strapi, 'Demo data present.');
    return;
  }

  const roleService = strapi.service('admin::role');
  const userService = strapi.service('admin::user');
  const superAdmin = await roleService.getSuperAdmin();
  const officeAgent = await officeAgentRole(strapi);

  await userService.create({ ...DEMO_ADMIN, isActive: true, registrationToken: null, roles: [superAdmin.id] });

  const offices: Array<{ documentId: string; name: string }> = [];
  for (const o of OFFICES) {
    offices.push(
      (await strapi.documents('plugin::texting.office').create({
        data: {
          name: o.name,
          timezone: o.timezone,
          helpText: `${o.name}: reply with your question, or call us during office hours. Reply STOP to opt out.`,
          botFallback: `Thanks for texting ${o.name}! A counsellor will follow up. Reply AGENT to reach a person.`,
        },
      })) as unknown as { documentId: string; name: string }
    );
  }

  const agents: DemoRefs['agents'] = [];
  for (const a of AGENTS) {
    const [firstname, lastname] = a.name.split(' ');
    const user = await userService.create({
      email: a.email, firstname, lastname, password: DEMO_ADMIN.password, isActive: true, registrationToken: null,
      roles: [officeAgent.id],
    });
    const agent = await strapi.documents('plugin::texting.agent').create({
      data: { name: a.name, user: user.id, offices: a.offices.map((i) => offices[i].documentId) },
    });
    agents.push({ documentId: agent.documentId, name: a.name, userId: user.id, offices: a.offices });
  }

  const numbers: DemoRefs['numbers'] = [];
  for (let i = 0; i < 40; i++) {
    const officeIndex = i % OFFICES.length;
    const office = offices[officeIndex];
    const officeAgents = AGENTS.map((a, idx) => ({ a, idx })).filter(({ a }) => a.offices.includes(officeIndex));
    const agent = i % 4 === 3 ? null : agents[officeAgents[i % officeAgents.length].idx];
    const responseType = i % 3 === 0 ? 'bot' : 'agent';
    const numberType = i % 7 === 6 ? 'single_use' : 'reusable';
    const line = String(1000 + i * 37).padStart(4, '0');
    const phoneNumber = `+1${OFFICES[officeIndex].areaCode}555${line}`;
    const providerStatus = i % 5 === 4 ? 'pending' : 'active';
    const created = await strapi.documents('plugin::texting.phone-number').create({
        data: {
          phoneNumber,
          name: `${OFFICES[officeIndex].name.split(' ')[0]} ${NUMBER_NAMES[i % NUMBER_NAMES.length]}`,
          description: DESCRIPTIONS[i % DESCRIPTIONS.length],
          office: office.documentId,
          agent: agent?.documentId ?? null,
          numberType,
          responseType,
          inboxOffices: responseType === 'agent' && i % 2 === 0 ? [office.documentId] : [],
          inboxAgents: responseType === 'agent' && (i % 2 === 1 || !agent) ? [agents[officeAgents[0].idx].documentId] : [],
          providerStatus,
          monthlyRentalRate: 0.8,
          providerAppId: 'demo-app',
        },
      });
    numbers.push({ documentId: created.documentId, phoneNumber, officeIndex, responseType, providerStatus });
  }

  const now = Date.now();
  const campaigns = [
    { name: 'Fall Visit Day', status: 'active', n: 0, send: -3, archive: 14 },
    { name: 'FAFSA Deadline Reminder', status: 'active', n: 2, send: -1, archive: 6 },
    { name: 'Admitted Student Weekend', status: 'scheduled', n: 0, send: 20, archive: 30 },
    { name: 'Spring Open House', status: 'scheduled', n: 5, send: 10, archive: 25 },
    { name: 'Graduate Info Session', status: 'scheduled', n: 1, send: 5, archive: 12 },
    { name: 'Orientation Welcome', status: 'draft', n: 10, send: 40, archive: 50 },
    { name: 'Scholarship Nudge', status: 'draft', n: 3, send: null, archive: null },
    { name: 'Early Action Results', status: 'archived', n: 0, send: -60, archive: -30 },
    { name: 'Summer Melt Check-in', status: 'archived', n: 4, send: -90, archive: -70 },
    { name: 'International Visa Webinar', status: 'active', n: 8, send: -2, archive: 9 },
  ];
  const campaignRefs: DemoRefs['campaigns'] = [];
  for (const c of campaigns) {
    const number = numbers[c.n];
    const numberOffice = offices[c.n % OFFICES.length];
    const created = await strapi.documents('plugin::texting.campaign').create({
      data: {
        name: c.name,
        state: c.status as 'draft',
        office: numberOffice.documentId,
        phoneNumber: number.documentId,
        sendAt: c.send === null ? null : new Date(now + c.send * day).toISOString(),
        archiveAt: c.archive === null ? null : new Date(now + c.archive * day).toISOString(),
        archivedAt: c.status === 'archived' ? new Date(now + (c.archive ?? 0) * day).toISOString() : null,
        message: `Hi from ${numberOffice.name}! ${c.name}: details at example.edu. Reply STOP to opt out.`,
        responseType: 'agent',
        inboxOffices: [numberOffice.documentId],
        recipients: [],
      },
    });
    campaignRefs.push({ documentId: created.documentId, name: c.name, status: c.status, n: c.n });
  }

  // Traffic: conversations with replies, campaign progress, 30 days of delivery history (seed/activity.ts).
  const activity = await seedActivity(strapi, { offices, agents, numbers, campaigns: campaignRefs });
  // After the traffic they may refer to: a released number with its history, notifications.
  await seedReleasedNumber(strapi, offices[0], DEMO_ADMIN.email);
  await seedNotifications(strapi, numbers[0]);

  printLogin(
    strapi,
    `Seeded demo data: ${offices.length} offices, ${agents.length} agents, ${numbers.length} numbers, ${campaigns.length} campaigns, ` +
      `${activity.contacts} contacts, ${activity.conversations} conversations, ${activity.recipients} campaign recipients, ${activity.texts} texts of history.`
  );
}

/**
 * A few notifications (issue 13), so the Notifications page and its unread count show something: the first
 * number became active, one campaign started, one finished. Emitted as the plugin emits them.
 */
async function seedNotifications(strapi: Core.Strapi, firstNumber: { documentId: string }): Promise<void> {
  const notifications = getService(strapi, 'notifications');
  await notifications.emit({ kind: 'number_active', number: { documentId: firstNumber.documentId } });
  for (const [name, kind] of [
    ['Early Action Results', 'campaign_finished'],
    ['Fall Visit Day', 'campaign_started'],
  ] as const) {
    const campaign = (await strapi.db.query('plugin::texting.campaign').findOne({ where: { name }, select: ['id'] })) as { id: number } | null;
    if (campaign) await notifications.emit({ kind, campaign: { id: campaign.id } });
  }
}
