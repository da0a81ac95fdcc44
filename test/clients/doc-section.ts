/**
 * The client-matrix section of docs/compatibility.md: its markers, and how to read, replace and
 * write it. Both writers of that file use this (the conformance battery rewrites the SDK matrix
 * and keeps this section; scripts/compat-matrix.mjs rewrites this section and keeps the rest).
 */
import { renameSync, writeFileSync } from 'node:fs';

/** The file both matrices live in. */
export const COMPATIBILITY_DOC = 'docs/compatibility.md';

const START = '<!-- client-matrix:start -->';
const END = '<!-- client-matrix:end -->';

/** Wraps a rendered section in its markers. */
export const markSection = (body: string): string => `${START}\n${body.trimEnd()}\n${END}\n`;

/** The marked section in a document, markers included, or undefined. */
export function clientMatrixSection(doc: string): string | undefined {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END, start);
  if (start < 0 || end < 0) return undefined;
  return `${doc.slice(start, end + END.length)}\n`;
}

/** The document without its section: what the conformance battery owns. */
export function withoutClientMatrix(doc: string): string {
  const section = clientMatrixSection(doc);
  return section ? doc.replace(section, '').trimEnd() + '\n' : doc;
}

/** The document with `section` in place of its old one, or appended after a blank line. */
export function withClientMatrix(doc: string, section: string | undefined): string {
  const rest = withoutClientMatrix(doc).trimEnd();
  return section ? `${rest}\n\n${section}` : `${rest}\n`;
}

/** Writes through a temporary file and a rename, so a concurrent reader never sees half a file. */
export function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}
