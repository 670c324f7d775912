import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { CampaignStatus, ImpactCampaign, Named, NumberImpact } from '../../../../shared/contracts';
import { UIDS } from '../../db';

type Ref = Named & { id: number };

interface Loaded {
  id: number;
  documentId: string;
  phoneNumber: string;
  office: Ref | null;
  inboxOffices: Ref[];
  inboxAgents: Array<Ref & { offices?: Array<{ id: number }> }>;
}

const named = (r: Named): Named => ({ documentId: r.documentId, name: r.name });

/**
 * What a destructive action on a number would do, for the dialog shown before it (issue 13): its draft,
 * scheduled and active campaigns (the last two block a delete or a move: rules 5 and 2), its open
 * conversations, and — for a move to `officeDocumentId` — the inboxes that do not belong to the new office.
 * Reads only; the action itself checks again when it runs.
 */
export async function numberImpact(strapi: Core.Strapi, documentId: string, officeDocumentId?: string): Promise<NumberImpact> {
  const number = (await strapi.db.query(UIDS.number).findOne({
    where: { documentId },
    select: ['id', 'documentId', 'phoneNumber'],
    populate: {
      office: { select: ['id', 'documentId', 'name'] },
      inboxOffices: { select: ['id', 'documentId', 'name'] },
      inboxAgents: { select: ['id', 'documentId', 'name'], populate: { offices: { select: ['id'] } } },
    },
  })) as Loaded | null;
  if (!number) throw new errors.NotFoundError(`No phone number with id "${documentId}".`);

  let to: Ref | null = null;
  if (officeDocumentId) {
    to = (await strapi.db.query(UIDS.office).findOne({ where: { documentId: officeDocumentId }, select: ['id', 'documentId', 'name'] })) as Ref | null;
    if (!to) throw new errors.ValidationError(`office: no office with id "${officeDocumentId}"`);
  }
  const moving = to !== null && to.id !== number.office?.id;

  const [campaigns, openConversations] = await Promise.all([
    strapi.db.query(UIDS.campaign).findMany({
      where: { phoneNumber: { id: number.id }, state: { $in: ['draft', 'scheduled', 'active'] } },
      select: ['documentId', 'name', 'state'],
      orderBy: [{ state: 'asc' }, { name: 'asc' }],
    }) as Promise<Array<Named & { state: CampaignStatus }>>,
    strapi.db.query(UIDS.conversation).count({ where: { phoneNumber: { id: number.id }, status: 'open' } }),
  ]);

  const listed: ImpactCampaign[] = campaigns.map((c) => ({
    ...named(c),
    status: c.state,
    effect: c.state === 'draft' ? (to ? 'stays_in_old_office' : 'loses_number') : 'blocks',
  }));
  const blocked = listed.some((c) => c.effect === 'blocks') && (!to || moving);
  const inboxes = { offices: (number.inboxOffices ?? []).map(named), agents: (number.inboxAgents ?? []).map(named) };
  return {
    documentId: number.documentId,
    phoneNumber: number.phoneNumber,
    office: number.office ? named(number.office) : null,
    campaigns: listed,
    openConversations: Number(openConversations),
    inboxes,
    move: to
      ? {
          to: named(to),
          blocked: blocked,
          inboxesOutside: {
            offices: (number.inboxOffices ?? []).filter((o) => o.id !== to!.id).map(named),
            agents: (number.inboxAgents ?? []).filter((a) => !(a.offices ?? []).some((o) => o.id === to!.id)).map(named),
          },
        }
      : null,
    blocked,
  };
}
