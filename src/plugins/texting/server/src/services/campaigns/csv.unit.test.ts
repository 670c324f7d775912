/**
 * The recipients CSV reader: the fast path for plain lines (one slice and one split, issue 11) and the
 * character loop for quoted fields must read the same records, with the physical line each starts on.
 */
import { parseCsv, parseCsvSliced, stringifySliced } from './csv';

describe('parseCsv', () => {
  it('reads plain lines, CRLF or LF, skipping blank ones, with their line numbers', () => {
    expect(parseCsv('\uFEFFphone,name\r\n6175550100,Ana\n\n6175550101,\r\n')).toEqual([
      { line: 1, cells: ['phone', 'name'] },
      { line: 2, cells: ['6175550100', 'Ana'] },
      { line: 4, cells: ['6175550101', ''] },
    ]);
  });

  it('reads quoted fields: commas, doubled quotes and newlines inside, then plain lines again', () => {
    const text = ['a,"Ruiz, Jr.",1', '"Multi', 'line","say ""hi""",2', 'b,c,3'].join('\r\n');
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ['a', 'Ruiz, Jr.', '1'] },
      { line: 2, cells: ['Multi\r\nline', 'say "hi"', '2'] },
      { line: 4, cells: ['b', 'c', '3'] },
    ]);
  });

  it('treats a lone CR as a line end, and a last line without a newline as a record', () => {
    expect(parseCsv('x,1\ry,2\nz,3')).toEqual([
      { line: 1, cells: ['x', '1'] },
      { line: 2, cells: ['y', '2'] },
      { line: 3, cells: ['z', '3'] },
    ]);
  });

  it('gives the same records in slices as at once', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? `"Name, ${i}",617555${String(i).padStart(4, '0')}` : `Name ${i},617555${String(i).padStart(4, '0')}`));
    const text = lines.join('\n');
    expect(await parseCsvSliced(text)).toEqual(parseCsv(text));
  });
});

describe('stringifySliced', () => {
  it('equals JSON.stringify for empty, short and long arrays', async () => {
    for (const n of [0, 1, 999, 1000, 1001, 2500]) {
      const items = Array.from({ length: n }, (_, i) => ({ phoneNumber: `+1617555${i}`, ...(i % 2 ? { name: `N${i}` } : {}) }));
      expect(await stringifySliced(items)).toBe(JSON.stringify(items));
    }
  });
});
