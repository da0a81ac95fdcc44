/**
 * docs/compatibility.md carries the client matrix as the cell definitions render it. With
 * CLIENT_MATRIX_WRITE=1 (what `node scripts/compat-matrix.mjs` sets) the section is rewritten first.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientMatrixSection, COMPATIBILITY_DOC, withClientMatrix, withoutClientMatrix, writeAtomically } from './doc-section.js';
import { renderClientMatrix } from './matrix-doc.js';

describe('the client matrix in docs/compatibility.md', () => {
  it('is up to date with the cell definitions (node scripts/compat-matrix.mjs rewrites it)', () => {
    const section = renderClientMatrix();
    if (process.env.CLIENT_MATRIX_WRITE === '1') writeAtomically(COMPATIBILITY_DOC, withClientMatrix(readFileSync(COMPATIBILITY_DOC, 'utf8'), section));
    const doc = readFileSync(COMPATIBILITY_DOC, 'utf8');
    expect(clientMatrixSection(doc), 'out of date: run node scripts/compat-matrix.mjs').toBe(section);
  });

  it('replaces only its own section, which the conformance battery keeps when it rewrites the rest', () => {
    const section = renderClientMatrix();
    const doc = withClientMatrix('# Compatibility matrix\n\nSDK tables\n', section);
    expect(clientMatrixSection(doc)).toBe(section);
    expect(withoutClientMatrix(doc)).toBe('# Compatibility matrix\n\nSDK tables\n');
    const rewritten = withClientMatrix(doc.replace('SDK tables', 'newer SDK tables'), section);
    expect(rewritten).toBe(`# Compatibility matrix\n\nnewer SDK tables\n\n${section}`);
    expect(withClientMatrix(rewritten, section)).toBe(rewritten);
  });
});
