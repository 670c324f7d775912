import { BULK_MAX } from '../../../shared/contracts';
import { parseBulk } from './bulk';

const message = (raw: unknown) => {
  try {
    parseBulk(raw);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
};

describe('bulk request parsing', () => {
  it('takes named rows, without duplicates, and the edit they get', () => {
    expect(parseBulk({ action: 'reassign', documentIds: ['a', 'b', 'a'], data: { office: 'o1', agent: null } })).toEqual({
      action: 'reassign',
      target: { documentIds: ['a', 'b'] },
      update: { office: 'o1', agent: null },
    });
  });

  it('takes the list view as a filter (with the list’s default sort) for "all N matching"', () => {
    expect(parseBulk({ action: 'release', filter: { q: 'fair', office: ['o1'] } })).toEqual({
      action: 'release',
      target: { view: { q: 'fair', office: ['o1'], agent: [], needsAttention: false, sort: { column: 'phoneNumber', direction: 'asc' } } },
      update: null,
    });
  });

  it('defaults who answers to no inboxes', () => {
    expect(parseBulk({ action: 'answering', documentIds: ['a'], data: { responseType: 'bot' } }).update).toEqual({
      responseType: 'bot',
      unsolicitedInboxes: { offices: [], agents: [] },
    });
  });

  it.each([
    [{}, /action must be one of reassign, answering, release/],
    [{ action: 'release' }, /either documentIds or filter/],
    [{ action: 'release', documentIds: [] }, /select at least one number/],
    [{ action: 'release', documentIds: Array.from({ length: BULK_MAX + 1 }, (_, i) => `n${i}`) }, new RegExp(`at most ${BULK_MAX} numbers`)],
    [{ action: 'release', documentIds: ['a'], extra: 1 }, /Unrecognized key/],
    [{ action: 'answering', documentIds: ['a'], data: { responseType: 'robot' } }, /data.responseType/],
    [{ action: 'answering', documentIds: ['a'], data: { responseType: 'agent', name: 'x' } }, /data: Unrecognized key/],
    [{ action: 'reassign', filter: { responseType: 'fax' }, data: { agent: null } }, /filter.responseType/],
  ])('refuses %j', (raw, expected) => {
    expect(message(raw)).toMatch(expected);
  });
});
