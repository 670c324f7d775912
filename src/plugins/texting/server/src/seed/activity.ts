import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { dbDate, newDocumentId, tables, UIDS } from '../db';
import { messageWriter, type SentText } from '../db/messages';
import { refreshWeekStats } from '../services/numbers/health';

/**
 * The demo's traffic (issue 13, item 8), so that a visitor sees the product working: contacts (some opted out),
 * conversations in several inboxes with agents' replies, campaign progress (sent, delivered, failed, opted out)
 * and 30 days of delivery history on every active number (the health card and the delivery-rate column). Written
 * with the query engine and the dispatcher's own message writer, inside the demo service's trusted mark, with the
 * times it needs (raw rows: the health figures read `created_at`). Deterministic: the same demo every time.
 */

export interface DemoRefs {
  offices: Array<{ id?: number; documentId: string; name: string }>;
  agents: Array<{ documentId: string; name: string; userId: number; offices: number[] }>;
  numbers: Array<{ documentId: string; phoneNumber: string; officeIndex: number; responseType: string; providerStatus: string }>;
  campaigns: Array<{ documentId: string; name: string; status: string; n: number }>;
}

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

const FIRST = ['Maya', 'Liam', 'Sofia', 'Noah', 'Ava', 'Mateo', 'Zoe', 'Ethan', 'Lucia', 'Omar', 'Grace', 'Kenji', 'Amara', 'Leo', 'Priya'];
const LAST = ['Johnson', 'Nguyen', 'Garcia', 'Smith', 'Kim', 'Rossi', 'Okoye', 'Brown', 'Silva', 'Cohen'];
export const DEMO_CONTACTS = 40;
/** Contacts who replied STOP (never texted again: campaigns skip them). */
export const DEMO_OPTED_OUT = [7, 19, 33];

/** A seeded generator (mulberry32): the same demo on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Conversations: number index (an `agent` number), inbox (its office, or one of its agents), the texts in order. */
const CONVERSATIONS: Array<{ n: number; agent?: number; hoursAgo: number; status?: 'closed'; texts: Array<[dir: 'in' | 'out', body: string]> }> = [
  { n: 1, hoursAgo: 2, texts: [['in', 'Hi! Is the GRE still required for the MBA?'], ['out', 'Not for fall 2027: it is optional. Shall I send the waiver form?'], ['in', 'Yes please!']] },
  { n: 1, agent: 2, hoursAgo: 5, texts: [['in', 'When is the info session for the data science MS?'], ['out', 'Thursday at 6 pm, online. I will text you the link that morning.']] },
  { n: 2, hoursAgo: 1, texts: [['in', 'My FAFSA says "incomplete". What do I do?'], ['out', 'Usually a missing signature. Log in and check the "Sign & Submit" tab.'], ['in', 'Found it, thanks!'], ['out', 'Great, you are all set.']] },
  { n: 5, agent: 1, hoursAgo: 26, texts: [['in', 'Can my parents join the campus tour on Saturday?'], ['out', 'Of course, up to 3 guests per student.']] },
  { n: 5, hoursAgo: 50, status: 'closed', texts: [['in', 'Where do I send my transcript?'], ['out', 'Upload it on the applicant portal under Documents.'], ['in', 'Done, thank you']] },
  { n: 8, agent: 4, hoursAgo: 8, texts: [['in', 'Is the I-20 sent by mail or email?'], ['out', 'By email, as a PDF, within 5 business days of your deposit.']] },
  { n: 10, hoursAgo: 30, texts: [['in', 'Are walk-on tryouts open for soccer?'], ['out', 'Yes: fill in the recruiting questionnaire and the coach will reach out.']] },
  { n: 11, hoursAgo: 3, texts: [['in', 'Hi, I never got my admission decision email']] },
];

/** Campaign progress: recipients (contacts), of whom some texts failed or were undelivered; opted-out contacts are skipped. */
const PROGRESS: Record<string, { recipients: number; failed: number; undelivered: number; daysAgo: number }> = {
  'Fall Visit Day': { recipients: 30, failed: 1, undelivered: 2, daysAgo: 3 },
  'FAFSA Deadline Reminder': { recipients: 24, failed: 2, undelivered: 1, daysAgo: 1 },
  'International Visa Webinar': { recipients: 18, failed: 0, undelivered: 2, daysAgo: 2 },
  'Early Action Results': { recipients: 35, failed: 1, undelivered: 3, daysAgo: 60 },
};

/** Number indexes whose week went badly (the list's "Needs attention"); the pending one was provisioned long ago. */
const POOR_DELIVERY = 7;
const OLD_PENDING = 9;

const uuid = () => crypto.randomUUID();
const contactPhone = (i: number) => `+1857555${String(1000 + i * 7).padStart(4, '0')}`;

export async function seedActivity(strapi: Core.Strapi, refs: DemoRefs, now = Date.now()) {
  const t = tables(strapi);
  const knex = strapi.db.connection;
  const at = (ms: number) => dbDate(strapi, ms);
  const rnd = random(2026);

  // Contacts.
  const contacts: Array<{ id: number; phoneNumber: string; name: string; optedOut: boolean }> = [];
  for (let i = 0; i < DEMO_CONTACTS; i++) {
    const optedOut = DEMO_OPTED_OUT.includes(i);
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 3) % LAST.length]}`;
    const c = (await strapi.db.query(UIDS.contact).create({
      data: { phoneNumber: contactPhone(i), name, optedOut, optedOutAt: optedOut ? new Date(now - (i + 2) * DAY) : null },
    })) as { id: number };
    contacts.push({ id: c.id, phoneNumber: contactPhone(i), name, optedOut });
  }

  // Row ids by documentId: the query engine links relations by id.
  const idsOf = async (table: string) => {
    const m = new Map<string, number>();
    for (const row of (await knex(table).select('id', 'document_id')) as Array<{ id: number; document_id: string }>) m.set(row.document_id, Number(row.id));
    return m;
  };
  const numberIds = await idsOf(t.numbers);
  const officeIds = await idsOf(t.offices);
  const agentIds = await idsOf(t.agents);
  const campaignIds = await idsOf(t.campaigns);

  // Conversations with replies, in offices' and agents' inboxes.
  let conversations = 0;
  for (const [ci, conv] of CONVERSATIONS.entries()) {
    const number = refs.numbers[conv.n];
    // Contacts 1, 5, 9…: none of them opted out.
    const contact = contacts[(ci * 4 + 1) % contacts.length];
    const agent = conv.agent === undefined ? null : refs.agents[conv.agent];
    const office = refs.offices[number.officeIndex];
    const start = now - conv.hoursAgo * HOUR;
    const last = start + (conv.texts.length - 1) * 7 * 60 * 1000;
    const lastText = conv.texts[conv.texts.length - 1][1];
    const conversation = (await strapi.db.query(UIDS.conversation).create({
      data: {
        contact: contact.id,
        phoneNumber: numberIds.get(number.documentId),
        inboxOffice: agent ? null : officeIds.get(office.documentId),
        inboxAgent: agent ? agentIds.get(agent.documentId) : null,
        handler: 'agent',
        status: conv.status ?? 'open',
        lastMessageAt: new Date(last),
        lastMessagePreview: lastText.slice(0, 160),
        closedAt: conv.status === 'closed' ? new Date(last + HOUR) : null,
      },
    })) as { id: number };
    const replier = agent ?? refs.agents.find((a) => a.offices.includes(number.officeIndex))!;
    for (const [ti, [dir, body]] of conv.texts.entries()) {
      const when = new Date(start + ti * 7 * 60 * 1000);
      const inbound = dir === 'in';
      await strapi.db.query(UIDS.message).create({
        data: {
          direction: inbound ? 'inbound' : 'outbound',
          body,
          messageUuid: uuid(),
          status: inbound ? 'received' : 'delivered',
          fromNumber: inbound ? contact.phoneNumber : number.phoneNumber,
          toNumber: inbound ? number.phoneNumber : contact.phoneNumber,
          conversation: conversation.id,
          phoneNumber: numberIds.get(number.documentId),
          contact: contact.id,
          sentBy: inbound ? null : replier.userId,
          createdAt: when,
          updatedAt: when,
        },
      });
    }
    conversations++;
  }

  // Campaign progress: outbox rows as the dispatcher leaves them, and the sent texts with their delivery reports.
  const writer = messageWriter(strapi);
  let recipientsTotal = 0;
  for (const campaign of refs.campaigns) {
    const plan = PROGRESS[campaign.name];
    if (!plan) continue;
    const number = refs.numbers[campaign.n];
    const offset = campaign.n * 3;
    const recipients = Array.from({ length: plan.recipients }, (_, i) => contacts[(offset + i) % contacts.length]);
    recipientsTotal += recipients.length;
    const body = `Hi from ${refs.offices[number.officeIndex].name}! ${campaign.name}: details at example.edu. Reply STOP to opt out.`;
    const sentAt = now - plan.daysAgo * DAY;
    const outbox: Array<Record<string, unknown>> = [];
    const sent: SentText[] = [];
    const undelivered: string[] = [];
    let failed = 0;
    for (const [i, r] of recipients.entries()) {
      const base = {
        document_id: newDocumentId(),
        campaign_document_id: campaign.documentId,
        from_number: number.phoneNumber,
        to_number: r.phoneNumber,
        name: r.name,
        body,
        kind: 'campaign',
        next_attempt_at: 0,
        enqueued_at: sentAt,
        created_at: at(sentAt),
        updated_at: at(sentAt),
        published_at: at(sentAt),
      };
      if (r.optedOut) {
        outbox.push({ ...base, state: 'skipped', attempts: 0, last_error: 'opted out' });
      } else if (failed < plan.failed && i % 7 === 3) {
        failed++;
        outbox.push({ ...base, state: 'failed', attempts: 1, last_error: 'Plivo refused the text: the destination number is not a mobile number' });
      } else {
        const messageUuid = uuid();
        const when = sentAt + i * 1000;
        outbox.push({ ...base, state: 'sent', attempts: 1, sent_at: when, message_uuid: messageUuid });
        sent.push({ messageUuid, campaignId: campaignIds.get(campaign.documentId)!, phoneNumberId: numberIds.get(number.documentId) ?? null, contactId: r.id, fromNumber: number.phoneNumber, toNumber: r.phoneNumber, body, sentAt: when });
        if (undelivered.length < plan.undelivered && i % 5 === 1) undelivered.push(messageUuid);
      }
    }
    await knex(t.outbox).insert(outbox);
    await writer.write(sent);
    const uuids = sent.map((s) => s.messageUuid);
    await knex(t.messages).whereIn('message_uuid', uuids).whereNotIn('message_uuid', undelivered).update({ status: 'delivered' });
    if (undelivered.length) await knex(t.messages).whereIn('message_uuid', undelivered).update({ status: 'undelivered', error_code: '30' });
    await knex(t.campaigns)
      .where({ document_id: campaign.documentId })
      .update({ recipients: JSON.stringify(recipients.map((r) => ({ phoneNumber: r.phoneNumber, name: r.name }))), recipient_count: recipients.length });
  }

  // 30 days of traffic on every active number: replies and 1:1 texts out, texts in, a few STOPs.
  const history: Array<Record<string, unknown>> = [];
  const lastInbound = new Map<string, number>();
  for (const [i, number] of refs.numbers.entries()) {
    if (number.providerStatus !== 'active') continue;
    const texts = i === POOR_DELIVERY ? 40 : 15 + Math.floor(rnd() * 30);
    for (let j = 0; j < texts; j++) {
      const poor = i === POOR_DELIVERY;
      // The poor number's traffic is all in the last week, a third of it undelivered. Every number's first two
      // texts fall in the last week, one in and one out, so that every active number shows a rate and a last text.
      const when = now - Math.floor(rnd() * (poor || j < 2 ? 6 : 30) * DAY) - HOUR;
      const contact = contacts[Math.floor(rnd() * contacts.length)];
      const inbound = j === 0 || (j > 1 && !poor && rnd() < 0.35);
      const roll = rnd();
      const status = inbound ? 'received' : poor ? (roll < 0.34 ? 'undelivered' : 'delivered') : roll < 0.04 ? 'undelivered' : roll < 0.06 ? 'failed' : 'delivered';
      const errorCode = status === 'undelivered' ? (roll < 0.02 || poor ? '30' : '300') : status === 'failed' ? '200' : null;
      if (inbound) lastInbound.set(number.phoneNumber, Math.max(lastInbound.get(number.phoneNumber) ?? 0, when));
      history.push({
        document_id: newDocumentId(),
        direction: inbound ? 'inbound' : 'outbound',
        body: inbound ? (contact.optedOut && rnd() < 0.5 ? 'STOP' : 'Thanks!') : 'Thanks for reaching out. A counsellor will follow up today.',
        message_uuid: uuid(),
        status,
        error_code: errorCode,
        from_number: inbound ? contact.phoneNumber : number.phoneNumber,
        to_number: inbound ? number.phoneNumber : contact.phoneNumber,
        created_at: at(when),
        updated_at: at(when),
        published_at: at(when),
      });
    }
  }
  for (let i = 0; i < history.length; i += 200) await knex(t.messages).insert(history.slice(i, i + 200));
  for (const c of CONVERSATIONS) {
    const number = refs.numbers[c.n];
    lastInbound.set(number.phoneNumber, Math.max(lastInbound.get(number.phoneNumber) ?? 0, now - c.hoursAgo * HOUR));
  }
  for (const [phone, when] of lastInbound) await knex(t.numbers).where({ phone_number: phone }).update({ last_inbound_at: at(when) });
  // A number still pending two weeks after it was provisioned: carriers are slow, someone should look.
  await knex(t.numbers).where({ document_id: refs.numbers[OLD_PENDING].documentId }).update({ created_at: at(now - 14 * DAY) });
  // The list's 7-day figures now, not at the job's next pass.
  await refreshWeekStats(strapi, new Date(now));

  return { contacts: contacts.length, conversations, recipients: recipientsTotal, texts: history.length };
}
