import { effectiveSettings, isCampaignLive, pickActiveCampaign, type CampaignForRouting, type NumberForRouting } from './effective';

const office = { id: 1, documentId: 'o1', name: 'Admissions' };
const otherOffice = { id: 2, documentId: 'o2', name: 'Financial Aid' };
const agent = { id: 7, documentId: 'a7', name: 'Ana Ruiz' };
const now = new Date('2026-12-01T12:00:00Z');

const number = (over: Partial<NumberForRouting> = {}): NumberForRouting => ({
  id: 10,
  documentId: 'n10',
  phoneNumber: '+14155550123',
  responseType: 'bot',
  office,
  ...over,
});

const campaign = (over: Partial<CampaignForRouting> = {}): CampaignForRouting => ({
  id: 100,
  documentId: 'c100',
  name: 'Fall Visit',
  state: 'active',
  responseType: 'agent',
  sendAt: '2026-11-30T12:00:00Z',
  archiveAt: '2026-12-12T17:00:00Z',
  office: otherOffice,
  inboxOffices: [otherOffice],
  inboxAgents: [agent],
  ...over,
});

describe('isCampaignLive (rule 3: a campaign applies while active and before its archive time)', () => {
  it('is live when active and the archive time is ahead, or absent', () => {
    expect(isCampaignLive({ state: 'active', archiveAt: '2026-12-01T12:00:01Z' }, now)).toBe(true);
    expect(isCampaignLive({ state: 'active', archiveAt: null }, now)).toBe(true);
  });
  it('is not live at or after the archive time, even before the archive job has run', () => {
    expect(isCampaignLive({ state: 'active', archiveAt: now.toISOString() }, now)).toBe(false);
    expect(isCampaignLive({ state: 'active', archiveAt: '2026-11-01T00:00:00Z' }, now)).toBe(false);
  });
  it.each(['draft', 'scheduled', 'archived'])('is not live when %s', (state) => {
    expect(isCampaignLive({ state, archiveAt: '2027-01-01T00:00:00Z' }, now)).toBe(false);
  });
});

describe('pickActiveCampaign', () => {
  it('takes the latest started of several live campaigns and ignores the rest', () => {
    const older = campaign({ id: 1, documentId: 'old', sendAt: '2026-11-01T00:00:00Z' });
    const newer = campaign({ id: 2, documentId: 'new', sendAt: '2026-11-29T00:00:00Z' });
    const archived = campaign({ id: 3, documentId: 'gone', state: 'archived', sendAt: '2026-11-30T00:00:00Z' });
    expect(pickActiveCampaign([older, archived, newer], now)?.documentId).toBe('new');
    expect(pickActiveCampaign([archived], now)).toBeNull();
  });
});

describe('effectiveSettings', () => {
  it("follows the number's own bot setting when no campaign is live", () => {
    const e = effectiveSettings(number(), [campaign({ state: 'scheduled' })], now);
    expect(e).toMatchObject({ source: 'number', responseType: 'bot', campaign: null, inboxes: [] });
    expect(e.botOffice?.name).toBe('Admissions');
  });

  it("sends to the number's unsolicited inboxes when it answers as agent", () => {
    const e = effectiveSettings(number({ responseType: 'agent', inboxOffices: [office], inboxAgents: [agent] }), [], now);
    expect(e.inboxes.map((i) => `${i.kind}:${i.documentId}`)).toEqual(['office:o1', 'agent:a7']);
  });

  it("follows the live campaign's response type and inboxes, with its archive time as the end", () => {
    const e = effectiveSettings(number(), [campaign()], now);
    expect(e.source).toBe('campaign');
    expect(e.responseType).toBe('agent');
    expect(e.campaign).toMatchObject({ documentId: 'c100', archiveAt: '2026-12-12T17:00:00.000Z' });
    expect(e.inboxes.map((i) => i.documentId)).toEqual(['o2', 'a7']);
    expect(e.reason).toContain('Fall Visit');
  });

  it("reverts to the number's settings once the campaign's archive time has passed", () => {
    const e = effectiveSettings(number(), [campaign()], new Date('2026-12-12T17:00:00Z'));
    expect(e).toMatchObject({ source: 'number', responseType: 'bot' });
  });

  it("a bot campaign answers with the campaign office's bot", () => {
    const e = effectiveSettings(number(), [campaign({ responseType: 'bot' })], now);
    expect(e.inboxes).toEqual([]);
    expect(e.botOffice?.documentId).toBe('o2');
  });
});
