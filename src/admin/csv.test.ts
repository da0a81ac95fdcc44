import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.js';

describe('spend CSV', () => {
  it('quotes commas, quotes and line breaks, RFC 4180 style', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('plain')).toBe('plain');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
  });

  it('keeps numbers numeric (a negative number is not a formula) and empties null', () => {
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('writes a header row and CRLF lines in column order', () => {
    const csv = toCsv(
      ['team_name', 'usd'],
      [
        { usd: 1.25, team_name: 'Ops, EU' },
        { usd: 0, team_name: '=cmd' },
      ],
    );
    expect(csv).toBe('team_name,usd\r\n"Ops, EU",1.25\r\n\'=cmd,0\r\n');
  });
});
