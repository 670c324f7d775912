/**
 * The Phone Numbers page's test data: six numbers chosen so that each of the nine sort columns gives a
 * different order, in both directions (18 distinct orders), with ties, empty cells (nulls last), mixed
 * case, a scheduled-only number, a draft, an archived campaign and a formula-looking description.
 *
 *   number   phone          name     description        agent  office         type   number type  active campaign (archive)
 *   delta    +14155550123   delta    zeta               Ben    Financial Aid  bot    single_use   alpha visit (2027-03-01)
 *   Alpha    +12125550102   Alpha    —                  —      Admissions     agent  reusable     — (2 scheduled)
 *   charlie  +13125550103   charlie  beta               Ana    Financial Aid  bot    reusable     Zeta Push (2027-01-01)
 *   Bravo    +15125550104   Bravo    ""                 cara   athletics      agent  single_use   — (a draft)
 *   echo     +16175550105   echo     Alpha desc         Ana    Admissions     agent  reusable     — (Fair Archive, archived)
 *   alpha 2  +17185550106   alpha 2  =HYPERLINK(…)      —      athletics      bot    reusable     Beta Fair (2026-12-15)
 */
import type { Core } from '@strapi/strapi';
import { fixtures, type Doc, type NumberDoc } from './fixtures';

export const FORMULA = '=HYPERLINK("http://evil.example","click")';

export interface NumbersView {
  offices: Record<'admissions' | 'financialAid' | 'athletics', Doc>;
  agents: Record<'ana' | 'ben' | 'cara', Doc>;
  numbers: Record<'delta' | 'Alpha' | 'charlie' | 'Bravo' | 'echo' | 'alpha 2', NumberDoc>;
  campaigns: Record<'alphaVisit' | 'zetaPush' | 'betaFair' | 'spring' | 'earlyBird' | 'draft' | 'fairArchive', Doc>;
}

/** Expected row order (by number name) for each `sort`, worked out by hand from the table above. */
export const EXPECTED_ORDER: Record<string, string[]> = {
  'phoneNumber:asc': ['Alpha', 'charlie', 'delta', 'Bravo', 'echo', 'alpha 2'],
  'phoneNumber:desc': ['alpha 2', 'echo', 'Bravo', 'delta', 'charlie', 'Alpha'],
  'name:asc': ['Alpha', 'alpha 2', 'Bravo', 'charlie', 'delta', 'echo'],
  'name:desc': ['echo', 'delta', 'charlie', 'Bravo', 'alpha 2', 'Alpha'],
  'description:asc': ['alpha 2', 'echo', 'charlie', 'delta', 'Alpha', 'Bravo'],
  'description:desc': ['delta', 'charlie', 'echo', 'alpha 2', 'Alpha', 'Bravo'],
  'agent:asc': ['charlie', 'echo', 'delta', 'Bravo', 'Alpha', 'alpha 2'],
  'agent:desc': ['Bravo', 'delta', 'charlie', 'echo', 'Alpha', 'alpha 2'],
  'office:asc': ['Alpha', 'echo', 'Bravo', 'alpha 2', 'charlie', 'delta'],
  'office:desc': ['charlie', 'delta', 'Bravo', 'alpha 2', 'Alpha', 'echo'],
  'responseType:asc': ['Alpha', 'Bravo', 'echo', 'charlie', 'delta', 'alpha 2'],
  'responseType:desc': ['charlie', 'delta', 'alpha 2', 'Alpha', 'Bravo', 'echo'],
  'activeCampaign:asc': ['delta', 'alpha 2', 'charlie', 'Alpha', 'Bravo', 'echo'],
  'activeCampaign:desc': ['charlie', 'alpha 2', 'delta', 'Alpha', 'Bravo', 'echo'],
  'campaignArchiveAt:asc': ['alpha 2', 'charlie', 'delta', 'Alpha', 'Bravo', 'echo'],
  'campaignArchiveAt:desc': ['delta', 'charlie', 'alpha 2', 'Alpha', 'Bravo', 'echo'],
  'numberType:asc': ['Alpha', 'charlie', 'echo', 'alpha 2', 'delta', 'Bravo'],
  'numberType:desc': ['delta', 'Bravo', 'Alpha', 'charlie', 'echo', 'alpha 2'],
};

export async function seedNumbersView(strapi: Core.Strapi): Promise<NumbersView> {
  const fx = fixtures(strapi);
  const admissions = await fx.office({ name: 'Admissions' });
  const financialAid = await fx.office({ name: 'Financial Aid' });
  const athletics = await fx.office({ name: 'athletics' });
  const ana = await fx.agent({ name: 'Ana', offices: [financialAid.documentId, admissions.documentId] });
  const ben = await fx.agent({ name: 'Ben', offices: [financialAid.documentId] });
  const cara = await fx.agent({ name: 'cara', offices: [athletics.documentId] });

  const delta = await fx.number({
    phoneNumber: '+14155550123', name: 'delta', description: 'zeta', agent: ben.documentId,
    office: financialAid.documentId, responseType: 'bot', numberType: 'single_use',
  });
  const Alpha = await fx.number({
    phoneNumber: '+12125550102', name: 'Alpha', description: null, office: admissions.documentId,
    responseType: 'agent', numberType: 'reusable', inboxOffices: [admissions.documentId],
  });
  const charlie = await fx.number({
    phoneNumber: '+13125550103', name: 'charlie', description: 'beta', agent: ana.documentId,
    office: financialAid.documentId, responseType: 'bot', numberType: 'reusable',
  });
  const Bravo = await fx.number({
    phoneNumber: '+15125550104', name: 'Bravo', description: '', agent: cara.documentId, office: athletics.documentId,
    responseType: 'agent', numberType: 'single_use', inboxAgents: [cara.documentId],
  });
  const echo = await fx.number({
    phoneNumber: '+16175550105', name: 'echo', description: 'Alpha desc', agent: ana.documentId,
    office: admissions.documentId, responseType: 'agent', numberType: 'reusable',
    inboxOffices: [admissions.documentId], inboxAgents: [ana.documentId],
  });
  const alpha2 = await fx.number({
    phoneNumber: '+17185550106', name: 'alpha 2', description: FORMULA, office: athletics.documentId,
    responseType: 'bot', numberType: 'reusable',
  });

  const alphaVisit = await fx.campaign({
    name: 'alpha visit', state: 'active', phoneNumber: delta.documentId, archiveAt: '2027-03-01T17:00:00.000Z',
    responseType: 'agent', inboxOffices: [financialAid.documentId], inboxAgents: [ben.documentId],
  });
  const zetaPush = await fx.campaign({ name: 'Zeta Push', state: 'active', phoneNumber: charlie.documentId, archiveAt: '2027-01-01T12:00:00.000Z' });
  const betaFair = await fx.campaign({ name: 'Beta Fair', state: 'active', phoneNumber: alpha2.documentId, archiveAt: '2026-12-15T09:30:00.000Z' });
  const spring = await fx.campaign({
    name: 'Spring Open House', state: 'scheduled', phoneNumber: Alpha.documentId,
    sendAt: '2027-04-01T15:00:00.000Z', archiveAt: '2027-04-10T15:00:00.000Z',
  });
  const earlyBird = await fx.campaign({
    name: 'Early Bird', state: 'scheduled', phoneNumber: Alpha.documentId,
    sendAt: '2027-02-01T15:00:00.000Z', archiveAt: '2027-02-10T15:00:00.000Z',
  });
  const draft = await fx.campaign({ name: 'Draft idea', state: 'draft', phoneNumber: Bravo.documentId });
  const fairArchive = await fx.campaign({
    name: 'Fair Archive', state: 'archived', phoneNumber: echo.documentId,
    sendAt: '2025-09-01T15:00:00.000Z', archiveAt: '2025-09-20T15:00:00.000Z',
  });

  return {
    offices: { admissions, financialAid, athletics },
    agents: { ana, ben, cara },
    numbers: { delta, Alpha, charlie, Bravo, echo, 'alpha 2': alpha2 },
    campaigns: { alphaVisit, zetaPush, betaFair, spring, earlyBird, draft, fairArchive },
  };
}
