import { listQuerySchema, viewQuerySchema, assertNoImmutableFields, MAX_PAGE_SIZE, SORT_COLUMNS } from './phone-numbers';

const issues = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => i.message);

describe('list query parsing', () => {
  it('defaults to the first page of 25 sorted by phone number ascending', () => {
    expect(listQuerySchema.parse({})).toEqual({
      office: [],
      agent: [],
      needsAttention: false,
      sort: { column: 'phoneNumber', direction: 'asc' },
      page: 1,
      pageSize: 25,
    });
  });

  it('reads needsAttention as true or false only (blank: no filter)', () => {
    expect(viewQuerySchema.parse({ needsAttention: 'true' }).needsAttention).toBe(true);
    expect(viewQuerySchema.parse({ needsAttention: 'false' }).needsAttention).toBe(false);
    expect(viewQuerySchema.parse({ needsAttention: '' }).needsAttention).toBe(false);
    expect(issues(viewQuerySchema.safeParse({ needsAttention: 'yes' }))).toEqual(['needsAttention must be true or false']);
  });

  it.each(SORT_COLUMNS)('accepts sort=%s in both directions, in any case', (column) => {
    expect(viewQuerySchema.parse({ sort: `${column}:DESC` }).sort).toEqual({ column, direction: 'desc' });
    expect(viewQuerySchema.parse({ sort: column }).sort).toEqual({ column, direction: 'asc' });
  });

  it('names the columns when the sort column is unknown, and rejects a bad direction', () => {
    expect(issues(viewQuerySchema.safeParse({ sort: 'price:asc' }))[0]).toMatch(/unknown column "price"; sort by one of phoneNumber, name/);
    expect(issues(viewQuerySchema.safeParse({ sort: 'name:up' }))[0]).toBe('direction must be asc or desc, got "up"');
    expect(viewQuerySchema.safeParse({ sort: 'name:asc:x' }).success).toBe(false);
  });

  it('reads id filters as a comma list or repeated parameters, and an empty filter as none', () => {
    expect(viewQuerySchema.parse({ office: 'a, b' }).office).toEqual(['a', 'b']);
    expect(viewQuerySchema.parse({ office: ['a', 'b,c'] }).office).toEqual(['a', 'b', 'c']);
    expect(viewQuerySchema.parse({ office: '', responseType: '' })).toMatchObject({ office: [], responseType: undefined });
  });

  it('bounds page and pageSize with messages that say the range', () => {
    expect(listQuerySchema.parse({ page: '3', pageSize: String(MAX_PAGE_SIZE) })).toMatchObject({ page: 3, pageSize: 100 });
    expect(issues(listQuerySchema.safeParse({ pageSize: '101' }))).toEqual(['pageSize must be at most 100']);
    expect(issues(listQuerySchema.safeParse({ page: '0' }))).toEqual(['page must be at least 1']);
    expect(issues(listQuerySchema.safeParse({ page: 'two' }))[0]).toMatch(/page must be a whole number/);
  });

  it('rejects unknown enum values and over-long searches', () => {
    expect(viewQuerySchema.safeParse({ responseType: 'robot' }).success).toBe(false);
    expect(viewQuerySchema.safeParse({ numberType: 'single-use' }).success).toBe(false);
    expect(issues(viewQuerySchema.safeParse({ q: 'x'.repeat(101) }))).toEqual(['at most 100 characters']);
    expect(viewQuerySchema.parse({ q: '  (415) 555  ' }).q).toBe('(415) 555');
  });
});

describe('immutable fields of a number', () => {
  it('refuses a change of the number or its type, by name', () => {
    expect(() => assertNoImmutableFields({ phoneNumber: '+14155550100', name: 'x' })).toThrow(/phoneNumber cannot be changed/);
    expect(() => assertNoImmutableFields({ numberType: 'reusable' })).toThrow(/numberType cannot be changed/);
    expect(() => assertNoImmutableFields({ name: 'x' })).not.toThrow();
  });
});
