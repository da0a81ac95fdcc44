/** Plain-text tables for `--table`: chosen columns, cells cut to a width, nested values as JSON. */

function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Control characters from names would move the terminal's cursor: shown as spaces.
  const clean = text.replace(/\p{Cc}/gu, ' ');
  return clean.length > 40 ? `${clean.slice(0, 39)}…` : clean;
}

/** The rows as an aligned table with a header line. */
export function formatTable(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const grid = [columns.map((c) => c.toUpperCase()), ...rows.map((r) => columns.map((c) => cell(r[c])))];
  const widths = columns.map((_, i) => Math.max(...grid.map((line) => line[i]!.length)));
  return `${grid
    .map((line) =>
      line
        .map((v, i) => v.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}
