import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { RULES } from '../../guards/phone-number-rules';
import { tables, toIso } from '../numbers/tables';
import { ConflictError } from '../../utils/errors';
import { assertMayManage, assertMayManageCampaign, type AdminUser } from './access';
import { dbDate, isPostgres, type Knex } from './db';
import { createDispatcher } from './dispatcher';
import { stringifySliced } from './csv';
import { withStopFooter } from './footer';
import { lifecycle } from './lifecycle';
import { contactIds } from './messages';
import { emptyProgress, outbox, type Progress } from './outbox';
import { withinTextingHours, nextTextingTime, DEFAULT_START, DEFAULT_END, DEFAULT_TIMEZONE } from './quiet-hours';
import {
  candidateNumbers,
  checkAllSliced,
  fromCsvSliced,
  fromList,
  mergeRecipientsSliced,
  type ImportReport,
  type RawRecipient,
  type Recipient,
} from './recipients';
import { MAX_RECIPIENTS, SORTABLE, type CreateBody, type ListQuery, type RecipientsBody, type UpdateBody } from './schemas';

const CAMPAIGN = 'plugin::texting.campaign';
const NUMBER = 'plugin::texting.phone-number';
const OFFICE = 'plugin::texting.office';
const AGENT = 'plugin::texting.agent';

type State = 'draft' | 'scheduled' | 'active' | 'archived';

export interface Named {
  documentId: string;
  name: string;
}

export interface CampaignRow {
  documentId: string;
  name: string;
  status: State;
  office: Named | null;
  phoneNumber: { documentId: string; phoneNumber: string; name: string; numberType: 'reusable' | 'single_use'; status: string } | null;
  /** The number the campaign sends from, kept after a single-use number is released. */
  fromNumber: string | null;
  singleUseAreaCode: string | null;
  sendAt: string | null;
  archiveAt: string | null;
  activatedAt: string | null;
  archivedAt: string | null;
  responseType: 'bot' | 'agent';
  inboxes: { offices: Named[]; agents: Named[] };
  message: string | null;
  recipientCount: number;
  progress: Progress;
}

export interface CampaignDetail extends CampaignRow {
  /** No recipients here (up to 100,000): their count is `recipientCount`, the list is paged (`recipientsPage`). */
  /** Why an active campaign is not sending right now (quiet hours, a pending number…), else null. */
  hold: string | null;
  numberReleasedAt: string | null;
  releaseError: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface NumberOption {
  documentId: string;
  phoneNumber: string;
  name: string;
  status: 'pending' | 'active';
  pending: boolean;
  note: string | null;
  /** Scheduled or active campaigns already on the number, so the form can avoid an overlap. */
  campaigns: Array<{ documentId: string; name: string; status: 'scheduled' | 'active'; sendAt: string | null; archiveAt: string | null }>;
}

interface Stored {
  id: number;
  documentId: string;
  name: string;
  state: State;
  sendAt: unknown;
  archiveAt: unknown;
  activatedAt: unknown;
  archivedAt: unknown;
  message: string | null;
  responseType: 'bot' | 'agent';
  recipients?: Recipient[] | null;
  recipientCount: number | null;
  singleUseAreaCode: string | null;
  fromNumber: string | null;
  numberReleasedAt?: unknown;
  releaseError?: string | null;
  createdAt?: unknown;
  updatedAt?: unknown;
  office?: (Named & { id: number; timezone?: string; quietHoursStart?: number | null; quietHoursEnd?: number | null }) | null;
  phoneNumber?: {
    id: number;
    documentId: string;
    phoneNumber: string;
    name: string;
    numberType: 'reusable' | 'single_use';
    providerStatus: string;
  } | null;
  inboxOffices?: Named[];
  inboxAgents?: Named[];
}

interface NumberForChoice {
  id: number;
  documentId: string;
  phoneNumber: string;
  name: string;
  numberType: 'reusable' | 'single_use';
  providerStatus: string;
  office?: Named | null;
  campaigns?: Array<{ id: number; documentId: string; name: string }>;
}

const ROW_FIELDS = [
  'id', 'documentId', 'name', 'state', 'sendAt', 'archiveAt', 'activatedAt', 'archivedAt', 'message', 'responseType',
  'recipientCount', 'singleUseAreaCode', 'fromNumber', 'numberReleasedAt', 'releaseError', 'createdAt', 'updatedAt',
];

const POPULATE = {
  office: { select: ['id', 'documentId', 'name', 'timezone', 'quietHoursStart', 'quietHoursEnd'] },
  phoneNumber: { select: ['id', 'documentId', 'phoneNumber', 'name', 'numberType', 'providerStatus'] },
  inboxOffices: { select: ['documentId', 'name'] },
  inboxAgents: { select: ['documentId', 'name'] },
};

const named = (x: Named | null | undefined): Named | null => (x ? { documentId: x.documentId, name: x.name } : null);
const namedList = (xs: Named[] | null | undefined): Named[] => (xs ?? []).map((x) => ({ documentId: x.documentId, name: x.name }));
const ms = (v: unknown): number | null => {
  const s = toIso(v);
  return s ? Date.parse(s) : null;
};

const invalid = (path: string, message: string): never => {
  throw new errors.ValidationError(`${path}: ${message}`, { errors: [{ path: [path], message: `${path}: ${message}`, name: 'ValidationError' }] });
};

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const ob = outbox(strapi);
  const life = lifecycle(strapi);

  /* ---------------------------------------------------------------- reading */

  async function load(documentId: string, withRecipients = false): Promise<Stored> {
    const row = (await strapi.db.query(CAMPAIGN).findOne({
      where: { documentId },
      select: withRecipients ? [...ROW_FIELDS, 'recipients'] : ROW_FIELDS,
      populate: POPULATE,
    })) as Stored | null;
    if (!row) throw new errors.NotFoundError(`No campaign with id "${documentId}".`);
    return row;
  }

  function toRow(c: Stored, progress: Progress): CampaignRow {
    const n = c.phoneNumber;
    return {
      documentId: c.documentId,
      name: c.name,
      status: c.state,
      office: named(c.office),
      phoneNumber: n ? { documentId: n.documentId, phoneNumber: n.phoneNumber, name: n.name, numberType: n.numberType, status: n.providerStatus } : null,
      fromNumber: n?.phoneNumber ?? c.fromNumber ?? null,
      singleUseAreaCode: c.singleUseAreaCode ?? null,
      sendAt: toIso(c.sendAt),
      archiveAt: toIso(c.archiveAt),
      activatedAt: toIso(c.activatedAt),
      archivedAt: toIso(c.archivedAt),
      responseType: c.responseType,
      inboxes: { offices: namedList(c.inboxOffices), agents: namedList(c.inboxAgents) },
      message: c.message,
      recipientCount: Number(c.recipientCount ?? 0),
      progress,
    };
  }

  function holdOf(c: Stored, progress: Progress, now = new Date()): string | null {
    if (c.state === 'scheduled') {
      const sendAt = ms(c.sendAt);
      return sendAt && sendAt <= now.getTime() ? 'due: starts with the next run of the scheduler (within a minute)' : null;
    }
    if (c.state !== 'active' || progress.remaining === 0) return null;
    const n = c.phoneNumber;
    if (!n) return 'its phone number no longer exists';
    if (n.providerStatus !== 'active') {
      return `waiting for ${n.phoneNumber} to finish carrier registration (status ${n.providerStatus}); sends start once it is active`;
    }
    const office = c.office;
    if (office && !withinTextingHours(office, now)) {
      const start = office.quietHoursStart ?? DEFAULT_START;
      const end = office.quietHoursEnd ?? DEFAULT_END;
      const tz = office.timezone || DEFAULT_TIMEZONE;
      return `quiet hours: ${office.name} texts between ${start}:00 and ${end}:00 (${tz}); sending resumes at ${nextTextingTime(office, now).toISOString()}`;
    }
    return null;
  }

  async function detail(documentId: string): Promise<CampaignDetail> {
    const c = await load(documentId);
    const progress = (await ob.progress([c.documentId])).get(c.documentId) ?? emptyProgress();
    return {
      ...toRow(c, progress),
      hold: holdOf(c, progress),
      numberReleasedAt: toIso(c.numberReleasedAt),
      releaseError: c.releaseError ?? null,
      createdAt: toIso(c.createdAt),
      updatedAt: toIso(c.updatedAt),
    };
  }

  async function list(query: ListQuery) {
    const where: Record<string, unknown> = {};
    if (query.q) where.name = { $containsi: query.q };
    if (query.office) where.office = { documentId: query.office };
    if (query.phoneNumber) where.phoneNumber = { documentId: query.phoneNumber };
    if (query.status) where.state = query.status;
    const [column, direction] = query.sort.split(':') as [(typeof SORTABLE)[number], 'asc' | 'desc'];
    const field = column === 'status' ? 'state' : column;
    const [rows, total] = await Promise.all([
      strapi.db.query(CAMPAIGN).findMany({
        where,
        select: ROW_FIELDS,
        populate: POPULATE,
        orderBy: [{ [field]: direction }, { id: direction }],
        offset: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      }) as Promise<Stored[]>,
      strapi.db.query(CAMPAIGN).count({ where }),
    ]);
    const progress = await ob.progress(rows.map((r) => r.documentId));
    return {
      data: rows.map((r) => toRow(r, progress.get(r.documentId) ?? emptyProgress())),
      meta: {
        pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(Number(total) / query.pageSize), total: Number(total) },
      },
    };
  }

  /** Rule 2: the reusable numbers of this office, pending ones marked; never another office's, never single-use. */
  async function numberOptions(officeDocumentId: string): Promise<{ data: NumberOption[]; meta: { office: Named } }> {
    const office = await findOffice(officeDocumentId, 'office');
    const numbers = (await strapi.db.query(NUMBER).findMany({
      where: { office: { documentId: officeDocumentId }, numberType: 'reusable', providerStatus: { $in: ['pending', 'active'] } },
      select: ['id', 'documentId', 'phoneNumber', 'name', 'providerStatus'],
      populate: { campaigns: { select: ['documentId', 'name', 'state', 'sendAt', 'archiveAt'], where: { state: { $in: ['scheduled', 'active'] } } } },
      orderBy: [{ name: 'asc' }, { phoneNumber: 'asc' }],
    })) as Array<{
      documentId: string;
      phoneNumber: string;
      name: string;
      providerStatus: 'pending' | 'active';
      campaigns?: Array<{ documentId: string; name: string; state: 'scheduled' | 'active'; sendAt: unknown; archiveAt: unknown }>;
    }>;
    return {
      data: numbers.map((n) => ({
        documentId: n.documentId,
        phoneNumber: n.phoneNumber,
        name: n.name,
        status: n.providerStatus,
        pending: n.providerStatus === 'pending',
        note:
          n.providerStatus === 'pending'
            ? 'Pending carrier registration (2–10 days): a campaign may be scheduled on it, but nothing is sent until it is active.'
            : null,
        campaigns: (n.campaigns ?? [])
          .filter((c) => c.state === 'scheduled' || c.state === 'active')
          .map((c) => ({ documentId: c.documentId, name: c.name, status: c.state, sendAt: toIso(c.sendAt), archiveAt: toIso(c.archiveAt) })),
      })),
      meta: { office },
    };
  }

  /* ---------------------------------------------------------------- validation */

  async function findOffice(documentId: string, path: string): Promise<Named & { id: number }> {
    const o = (await strapi.db.query(OFFICE).findOne({ where: { documentId }, select: ['id', 'documentId', 'name'] })) as
      | (Named & { id: number })
      | null;
    if (!o) invalid(path, `no office with id "${documentId}"`);
    return o!;
  }

  async function assertInboxes(inboxes: { offices: string[]; agents: string[] }) {
    const missing = async (uid: string, ids: string[]) => {
      const unique = [...new Set(ids)];
      if (!unique.length) return [];
      const found = (await strapi.db.query(uid).findMany({ where: { documentId: { $in: unique } }, select: ['documentId'] })) as Named[];
      const have = new Set(found.map((f) => f.documentId));
      return unique.filter((i) => !have.has(i));
    };
    const offices = await missing(OFFICE, inboxes.offices);
    if (offices.length) invalid('inboxes', `no office with id ${offices.map((i) => `"${i}"`).join(', ')}`);
    const agents = await missing(AGENT, inboxes.agents);
    if (agents.length) invalid('inboxes', `no agent with id ${agents.map((i) => `"${i}"`).join(', ')}`);
  }

  /**
   * Rule 2: a campaign of office O may use a reusable number of O, or the single-use number provisioned for
   * this very campaign. Anything else is a 400 that says which rule it breaks.
   */
  async function assertNumberChoice(numberDocumentId: string, office: Named, campaignId: number | null): Promise<NumberForChoice> {
    const n = (await strapi.db.query(NUMBER).findOne({
      where: { documentId: numberDocumentId },
      select: ['id', 'documentId', 'phoneNumber', 'name', 'numberType', 'providerStatus'],
      populate: { office: { select: ['documentId', 'name'] }, campaigns: { select: ['id', 'documentId', 'name'] } },
    })) as NumberForChoice | null;
    if (!n) return invalid('phoneNumber', `no phone number with id "${numberDocumentId}"`);
    if (n.office?.documentId !== office.documentId) {
      invalid(
        'phoneNumber',
        `${n.phoneNumber} belongs to ${n.office ? `the office ${n.office.name}` : 'no office'}; a campaign of ${office.name} may only use ${office.name}'s reusable numbers, or a single-use number provisioned for it (singleUseAreaCode)`
      );
    }
    if (n.numberType === 'single_use') {
      const others = (n.campaigns ?? []).filter((c) => c.id !== campaignId);
      if (others.length) {
        invalid(
          'phoneNumber',
          `${n.phoneNumber} is the single-use number of campaign "${others[0].name}"; a single-use number serves only the campaign it was provisioned for (use singleUseAreaCode to get one for this campaign)`
        );
      }
      if (campaignId === null || !(n.campaigns ?? []).some((c) => c.id === campaignId)) {
        invalid('phoneNumber', `${n.phoneNumber} is a single-use number that belongs to no campaign; use singleUseAreaCode to get one for this campaign`);
      }
    }
    if (n.providerStatus === 'release_failed') {
      invalid('phoneNumber', `${n.phoneNumber} is being released (its release at Plivo failed); choose another number`);
    }
    return n;
  }

  /** Imports raw recipients into a list, minus opt-outs; the report says what happened to every line. */
  async function importInto(existing: Recipient[], raw: RawRecipient[]): Promise<{ list: Recipient[]; report: ImportReport }> {
    // In slices: a 100,000-line import must not hold the event loop (webhooks wait for it otherwise).
    const checks = await checkAllSliced(raw);
    const numbers = candidateNumbers(raw, checks);
    const optedOut = new Set<string>();
    for (let i = 0; i < numbers.length; i += 1000) {
      // Short queries, with a turn between them: SQLite answers synchronously, and without a turn between
      // batches their promise chain would starve the loop; on PostgreSQL a 1,000-number IN list stays quick.
      await new Promise((resolve) => setTimeout(resolve, 1));
      const contacts = await contactIds(strapi, numbers.slice(i, i + 1000));
      for (const [n, v] of contacts) if (v.optedOut) optedOut.add(n);
    }
    const result = await mergeRecipientsSliced(existing, raw, optedOut, checks);
    if (result.list.length > MAX_RECIPIENTS) invalid('recipients', `at most ${MAX_RECIPIENTS} recipients per campaign`);
    return result;
  }

  /** One (scheduled or active) campaign overlapping [start, end) on the number, read under the number's lock. */
  async function findOverlap(trx: Knex, numberId: number, campaignId: number, start: number, end: number) {
    const t = tables(strapi);
    const cn = t.campaignNumber;
    const rows = (await trx({ c: t.campaigns })
      .join({ l: cn.table }, `l.${cn.owner}`, 'c.id')
      .where(`l.${cn.target}`, numberId)
      .whereIn('c.state', ['scheduled', 'active'])
      .andWhereNot('c.id', campaignId)
      .select({ documentId: 'c.document_id', name: 'c.name', state: 'c.state', sendAt: 'c.send_at', archiveAt: 'c.archive_at', activatedAt: 'c.activated_at' })) as Array<{
      documentId: string;
      name: string;
      state: 'scheduled' | 'active';
      sendAt: unknown;
      archiveAt: unknown;
      activatedAt: unknown;
    }>;
    for (const r of rows) {
      const s = Math.min(ms(r.sendAt) ?? Infinity, ms(r.activatedAt) ?? Infinity);
      const e = ms(r.archiveAt) ?? Infinity;
      if (s < end && start < e) return { ...r, sendAt: toIso(r.sendAt), archiveAt: toIso(r.archiveAt) };
    }
    return null;
  }

  /**
   * Rule "one active campaign per number": under the number's row lock (PostgreSQL), no other scheduled or
   * active campaign on it may overlap [sendAt, archiveAt). Two schedules racing for one number serialise here.
   */
  async function assertNoOverlap(trx: Knex, c: { id: number; name: string }, number: { id: number; phoneNumber: string }, start: number, end: number) {
    if (!(await life.lockNumber(trx, number.id))) invalid('phoneNumber', `${number.phoneNumber} no longer exists`);
    const other = await findOverlap(trx, number.id, c.id, start, end);
    if (other) {
      throw new ConflictError(
        `Campaign "${other.name}" (${other.state}, ${other.sendAt ?? '…'} → ${other.archiveAt ?? '…'}) already uses ${number.phoneNumber} in an overlapping window; a number has one campaign at a time. Move this campaign's send/archive times, or pick another number.`,
        { conflicts: [{ documentId: other.documentId, name: other.name, status: other.state, sendAt: other.sendAt, archiveAt: other.archiveAt }] }
      );
    }
  }

  /** What a campaign needs before it can be scheduled; every missing piece at once. */
  function assertSchedulable(c: {
    phoneNumber: unknown;
    message: string | null;
    sendAt: number | null;
    archiveAt: number | null;
    recipientCount: number;
  }, now = Date.now()) {
    const problems: Array<{ path: string[]; message: string }> = [];
    if (!c.phoneNumber) problems.push({ path: ['phoneNumber'], message: 'phoneNumber: choose a number (or a single-use number with singleUseAreaCode)' });
    if (!c.message) problems.push({ path: ['message'], message: 'message: write the text to send' });
    if (c.sendAt === null) problems.push({ path: ['sendAt'], message: 'sendAt: set the send time' });
    if (c.archiveAt === null) problems.push({ path: ['archiveAt'], message: 'archiveAt: set the archive time' });
    if (c.archiveAt !== null && c.archiveAt <= now) problems.push({ path: ['archiveAt'], message: 'archiveAt: must be in the future' });
    if (c.recipientCount === 0) problems.push({ path: ['recipients'], message: 'recipients: add at least one recipient' });
    if (problems.length) {
      throw new errors.ValidationError(`The campaign cannot be scheduled yet: ${problems.map((p) => p.message).join('; ')}`, {
        errors: problems.map((p) => ({ ...p, name: 'ValidationError' })),
      });
    }
  }

  function assertTimes(sendAt: number | null, archiveAt: number | null) {
    if (sendAt !== null && archiveAt !== null && archiveAt <= sendAt) {
      invalid('archiveAt', 'must be after sendAt');
    }
  }

  /* ---------------------------------------------------------------- single-use numbers */

  /**
   * Buys a number in the area code through the provisioning service (its rules: nothing half-bought, no
   * orphan rentals) and stores it as `single_use`. The first few offers are tried: one may be sold meanwhile.
   */
  async function provisionSingleUse(
    areaCode: string,
    office: Named,
    campaignName: string,
    settings: { responseType: 'bot' | 'agent'; inboxes: { offices: string[]; agents: string[] } },
    userId?: number
  ): Promise<{ documentId: string; phoneNumber: string }> {
    const provisioning = strapi.plugin('texting').service('provisioning') as {
      searchAvailable(areaCode: string, limit: number): Promise<Array<{ phoneNumber: string }>>;
      provision(input: Record<string, unknown>, userId?: number): Promise<{ row: { documentId: string; phoneNumber: string } }>;
    };
    const offers = await provisioning.searchAvailable(areaCode, 5);
    if (offers.length === 0) invalid('singleUseAreaCode', `Plivo has no numbers for texting in area code ${areaCode} right now; try a neighbouring area code`);
    let lastError: unknown = null;
    for (const offer of offers.slice(0, 3)) {
      try {
        const { row } = await provisioning.provision(
          {
            phoneNumber: offer.phoneNumber,
            name: `${campaignName} (single use)`.slice(0, 120),
            description: `Single-use number of the campaign "${campaignName}"; released when the campaign is archived.`,
            office: office.documentId,
            agent: null,
            responseType: settings.responseType,
            unsolicitedInboxes: settings.inboxes,
            numberType: 'single_use',
          },
          userId
        );
        return row;
      } catch (err) {
        lastError = err;
        if (!(err instanceof ConflictError)) throw err; // sold meanwhile: try the next offer
      }
    }
    throw lastError;
  }

  async function releaseQuietly(numberDocumentId: string) {
    try {
      await (strapi.plugin('texting').service('provisioning') as { release(id: string): Promise<unknown> }).release(numberDocumentId);
    } catch (err) {
      strapi.log.error(`[texting] A single-use number bought for a campaign that could not be saved is still rented: ${describe(err)}`);
    }
  }

  /* ---------------------------------------------------------------- writing */

  async function create(body: CreateBody, user: AdminUser | undefined) {
    const office = await findOffice(body.office, 'office');
    await assertMayManage(strapi, user, office);
    const inboxes = { offices: body.inboxes?.offices ?? [], agents: body.inboxes?.agents ?? [] };
    await assertInboxes(inboxes);
    if (body.responseType === 'agent' && inboxes.offices.length + inboxes.agents.length === 0) invalid('inboxes', RULES.inboxes.replace(/^unsolicitedInboxes: /, ''));
    const sendAt = body.sendAt ? Date.parse(body.sendAt) : null;
    const archiveAt = body.archiveAt ? Date.parse(body.archiveAt) : null;
    assertTimes(sendAt, archiveAt);
    if (body.phoneNumber) await assertNumberChoice(body.phoneNumber, office, null);
    const imported = body.recipients ? await importInto([], fromList(body.recipients)) : null;

    let singleUse: { documentId: string; phoneNumber: string } | null = null;
    if (body.singleUseAreaCode) {
      singleUse = await provisionSingleUse(body.singleUseAreaCode, office, body.name, { responseType: body.responseType, inboxes }, user?.id);
    }
    let created: { documentId: string };
    try {
      created = (await strapi.documents(CAMPAIGN).create({
        data: {
          name: body.name,
          state: 'draft',
          office: office.documentId,
          phoneNumber: singleUse?.documentId ?? body.phoneNumber ?? null,
          singleUseAreaCode: body.singleUseAreaCode ?? null,
          message: body.message !== undefined ? withStopFooter(body.message) : null,
          sendAt: sendAt !== null ? new Date(sendAt).toISOString() : null,
          archiveAt: archiveAt !== null ? new Date(archiveAt).toISOString() : null,
          responseType: body.responseType,
          inboxOffices: inboxes.offices,
          inboxAgents: inboxes.agents,
          recipients: imported?.list ?? [],
          recipientCount: imported?.list.length ?? 0,
        } as never,
      })) as unknown as { documentId: string };
    } catch (err) {
      if (singleUse) await releaseQuietly(singleUse.documentId);
      throw err;
    }
    return { data: await detail(created.documentId), meta: { import: imported?.report ?? null, singleUseNumber: singleUse?.phoneNumber ?? null } };
  }

  async function update(documentId: string, body: UpdateBody, user: AdminUser | undefined) {
    const c = await load(documentId, body.recipients !== undefined);
    await assertMayManageCampaign(strapi, user, c);
    if (c.state === 'archived') throw new ConflictError(`Campaign "${c.name}" is archived; archived campaigns cannot be changed.`);
    if (c.state === 'active') {
      const fixed = (['office', 'phoneNumber', 'singleUseAreaCode', 'message', 'sendAt', 'recipients'] as const).filter((k) => body[k] !== undefined);
      if (fixed.length) {
        throw new ConflictError(
          `Campaign "${c.name}" is active: its ${fixed.join(', ')} can no longer change (texts are going out). Only the name, archive time, response type and inboxes can.`,
          { fields: fixed }
        );
      }
    }
    const office = body.office ? await findOffice(body.office, 'office') : c.office ? { id: c.office.id, documentId: c.office.documentId, name: c.office.name } : null;
    if (!office) invalid('office', 'choose the office the campaign belongs to');
    if (body.office && body.office !== c.office?.documentId) await assertMayManage(strapi, user, office!);

    const currentSingleUse = c.phoneNumber?.numberType === 'single_use' ? c.phoneNumber : null;
    const numberChanges =
      (body.phoneNumber !== undefined && body.phoneNumber !== (c.phoneNumber?.documentId ?? null)) || Boolean(body.singleUseAreaCode);
    if (currentSingleUse && (numberChanges || (body.office && body.office !== c.office?.documentId))) {
      invalid(
        'phoneNumber',
        `this campaign has its own single-use number ${currentSingleUse.phoneNumber}; its number and office cannot change (archive the campaign to release the number, then create another)`
      );
    }

    const inboxes = body.inboxes
      ? { offices: body.inboxes.offices, agents: body.inboxes.agents }
      : { offices: namedList(c.inboxOffices).map((o) => o.documentId), agents: namedList(c.inboxAgents).map((a) => a.documentId) };
    if (body.inboxes) await assertInboxes(inboxes);
    const responseType = body.responseType ?? c.responseType;
    if (responseType === 'agent' && inboxes.offices.length + inboxes.agents.length === 0) invalid('inboxes', RULES.inboxes.replace(/^unsolicitedInboxes: /, ''));

    const sendAt = body.sendAt !== undefined ? (body.sendAt ? Date.parse(body.sendAt) : null) : ms(c.sendAt);
    const archiveAt = body.archiveAt !== undefined ? (body.archiveAt ? Date.parse(body.archiveAt) : null) : ms(c.archiveAt);
    assertTimes(sendAt, archiveAt);

    let numberDocumentId: string | null = body.phoneNumber !== undefined ? body.phoneNumber : (c.phoneNumber?.documentId ?? null);
    if (numberDocumentId && !body.singleUseAreaCode) await assertNumberChoice(numberDocumentId, office!, c.id);

    const imported = body.recipients ? await importInto([], fromList(body.recipients)) : null;
    const recipientCount = imported ? imported.list.length : Number(c.recipientCount ?? 0);
    const message = body.message !== undefined ? withStopFooter(body.message) : c.message;

    if (c.state === 'scheduled' || c.state === 'active') {
      if (archiveAt !== null && archiveAt <= Date.now()) invalid('archiveAt', 'must be in the future (use Archive to end the campaign now)');
      if (c.state === 'scheduled') {
        assertSchedulable({ phoneNumber: numberDocumentId ?? body.singleUseAreaCode, message, sendAt, archiveAt, recipientCount });
      }
    }

    let singleUse: { documentId: string; phoneNumber: string } | null = null;
    if (body.singleUseAreaCode) {
      singleUse = await provisionSingleUse(body.singleUseAreaCode, office!, body.name ?? c.name, { responseType, inboxes }, user?.id);
      numberDocumentId = singleUse.documentId;
    }

    const data: Record<string, unknown> = {};
    if (body.name !== undefined) data.name = body.name;
    if (body.office !== undefined) data.office = office!.documentId;
    if (body.phoneNumber !== undefined || singleUse) data.phoneNumber = numberDocumentId;
    if (body.singleUseAreaCode) data.singleUseAreaCode = body.singleUseAreaCode;
    if (body.message !== undefined) data.message = message;
    if (body.sendAt !== undefined) data.sendAt = sendAt !== null ? new Date(sendAt).toISOString() : null;
    if (body.archiveAt !== undefined) data.archiveAt = archiveAt !== null ? new Date(archiveAt).toISOString() : null;
    if (body.responseType !== undefined) data.responseType = responseType;
    if (body.inboxes !== undefined) {
      data.inboxOffices = inboxes.offices;
      data.inboxAgents = inboxes.agents;
    }
    if (imported) {
      data.recipients = imported.list;
      data.recipientCount = imported.list.length;
    }

    try {
      await strapi.db.transaction(async ({ trx }) => {
        if ((c.state === 'scheduled' || c.state === 'active') && numberDocumentId && sendAt !== null) {
          const n = (await strapi.db.query(NUMBER).findOne({ where: { documentId: numberDocumentId }, select: ['id', 'phoneNumber'] })) as {
            id: number;
            phoneNumber: string;
          } | null;
          if (!n) invalid('phoneNumber', `no phone number with id "${numberDocumentId}"`);
          const start = c.state === 'active' ? Math.min(ms(c.activatedAt) ?? sendAt, sendAt) : sendAt;
          await assertNoOverlap(trx as unknown as Knex, c, n!, start, archiveAt ?? Infinity);
          if (c.state === 'scheduled') data.fromNumber = n!.phoneNumber;
        }
        // Only while still in the state checked above: a campaign the scheduler just started is not edited as a draft.
        const q = (trx as unknown as Knex)('texting_campaigns').where({ id: c.id, state: c.state }).select('id');
        const still = isPostgres(strapi) ? await q.forUpdate() : await q;
        if ((still as unknown[]).length === 0) {
          throw new ConflictError(`Campaign "${c.name}" changed state meanwhile (it may have started); reload it and try again.`);
        }
        await strapi.documents(CAMPAIGN).update({ documentId, data: data as never });
      });
    } catch (err) {
      if (singleUse) await releaseQuietly(singleUse.documentId);
      throw err;
    }
    return { data: await detail(documentId), meta: { import: imported?.report ?? null, singleUseNumber: singleUse?.phoneNumber ?? null } };
  }

  async function importRecipients(documentId: string, body: RecipientsBody, user: AdminUser | undefined) {
    const c = await load(documentId, true);
    await assertMayManageCampaign(strapi, user, c);
    if (c.state !== 'draft' && c.state !== 'scheduled') {
      throw new ConflictError(`Campaign "${c.name}" is ${c.state}: its recipients can no longer change.`);
    }
    const raw = body.csv !== undefined ? await fromCsvSliced(body.csv) : fromList(body.recipients ?? []);
    const existing = body.mode === 'replace' ? [] : (c.recipients ?? []);
    const { list, report } = await importInto(existing, raw);
    if (c.state === 'scheduled' && list.length === 0) invalid('recipients', 'a scheduled campaign needs at least one recipient');
    const json = await stringifySliced(list); // before the transaction: no connection held while it runs
    await strapi.db.transaction(async ({ trx }) => {
      const still = await (trx as unknown as Knex)('texting_campaigns').where({ id: c.id }).whereIn('state', ['draft', 'scheduled']).select('id');
      if ((still as unknown[]).length === 0) throw new ConflictError(`Campaign "${c.name}" started meanwhile: its recipients can no longer change.`);
      // One UPDATE of the two columns: the Document Service walks every element of a 100,000-entry JSON value
      // (its validation and transforms held the event loop for ~1 s, issue 11); no rule reads the list.
      await (trx as unknown as Knex)('texting_campaigns')
        .where({ id: c.id })
        .update({ recipients: json, recipient_count: list.length, updated_at: dbDate(strapi, new Date()) });
    });
    return { data: await detail(documentId), meta: { import: report } };
  }

  async function schedule(documentId: string, user: AdminUser | undefined) {
    const c = await load(documentId);
    await assertMayManageCampaign(strapi, user, c);
    if (c.state === 'scheduled') return { data: await detail(documentId) };
    if (c.state !== 'draft') throw new ConflictError(`Campaign "${c.name}" is ${c.state}; only a draft can be scheduled.`);
    const sendAt = ms(c.sendAt);
    const archiveAt = ms(c.archiveAt);
    assertSchedulable({ phoneNumber: c.phoneNumber, message: c.message, sendAt, archiveAt, recipientCount: Number(c.recipientCount ?? 0) });
    assertTimes(sendAt, archiveAt);
    const n = await assertNumberChoice(c.phoneNumber!.documentId, c.office!, c.id);
    const scheduled = await strapi.db.transaction(async ({ trx }) => {
      const k = trx as unknown as Knex;
      await assertNoOverlap(k, c, n, sendAt!, archiveAt!);
      return k('texting_campaigns')
        .where({ id: c.id, state: 'draft' })
        .update({ state: 'scheduled', from_number: n.phoneNumber });
    });
    if (Number(scheduled) !== 1) throw new ConflictError(`Campaign "${c.name}" changed state meanwhile; reload it and try again.`);
    return { data: await detail(documentId) };
  }

  async function unschedule(documentId: string, user: AdminUser | undefined) {
    const c = await load(documentId);
    await assertMayManageCampaign(strapi, user, c);
    if (c.state === 'draft') return { data: await detail(documentId) };
    if (c.state !== 'scheduled') throw new ConflictError(`Campaign "${c.name}" is ${c.state}; only a scheduled campaign goes back to draft.`);
    const n = await strapi.db.connection('texting_campaigns').where({ id: c.id, state: 'scheduled' }).update({ state: 'draft' });
    if (Number(n) !== 1) throw new ConflictError(`Campaign "${c.name}" started meanwhile; archive it instead.`);
    return { data: await detail(documentId) };
  }

  async function archive(documentId: string, user: AdminUser | undefined) {
    const c = await load(documentId);
    await assertMayManageCampaign(strapi, user, c);
    if (c.state !== 'archived') {
      await life.archiveOne(c.id, c.documentId, new Date());
    }
    const rel = await life.releaseSingleUse(new Date(), c.id);
    const after = await detail(documentId);
    return {
      data: after,
      meta: {
        released: rel.released[0] ?? null,
        releaseFailed: rel.releaseFailed[0] ?? null,
      },
    };
  }

  return {
    list,
    findOne: detail,
    numberOptions,
    create,
    update,
    importRecipients,
    schedule,
    unschedule,
    archive,
    /** Job ticks (cron in production, called directly by tests). */
    activateDue: (now?: Date) => life.activateDue(now),
    archiveDue: (now?: Date) => life.archiveDue(now),
    releaseSingleUse: (now?: Date) => life.releaseSingleUse(now),
    isPostgres: () => isPostgres(strapi),
  };
};

export { createDispatcher };
