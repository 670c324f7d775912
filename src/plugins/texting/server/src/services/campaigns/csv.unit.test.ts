/**
 * The recipients CSV reader: the fast path for plain lines (one slice and one split, issue 11) and the
 * character loop for quoted fields must read the same records, with the physical line each starts on.
 */
import { parseCsv } from './csv';

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
});
