/**
 * The refresh command's file side: read a LiteLLM price file, build, write catalog.json. Shared
 * by scripts/build-catalog.ts and `switchboard catalog refresh`.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildResult, buildCatalog, CatalogFormatError, serializeCatalog } from './build.js';
import { CATALOG_PATH } from './catalog-path.js';

/** The repository root (this file lives in src/catalog/). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The shared snapshot of LiteLLM's file, relative to the repository root. */
export const DEFAULT_SOURCE_RELATIVE = '../shared/data/litellm_prices/model_prices_and_context_window.json';

/** DEFAULT_SOURCE_RELATIVE resolved against the repository root. */
export const DEFAULT_SOURCE_PATH = resolve(REPO_ROOT, DEFAULT_SOURCE_RELATIVE);

/** What a refresh did, for the caller to print. */
export interface RefreshResult extends BuildResult {
  outPath: string;
  bytes: number;
}

/** Reads `from`, builds the catalog and writes it atomically to `out` (default: the committed catalog). */
export function refreshCatalog(opts: { from: string; out?: string; strict?: boolean }): RefreshResult {
  const outPath = opts.out ?? CATALOG_PATH;
  let text: string;
  try {
    text = readFileSync(opts.from, 'utf8');
  } catch (err) {
    throw new CatalogFormatError(`cannot read catalog source ${opts.from}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CatalogFormatError(`catalog source ${opts.from} is not valid JSON: ${(err as Error).message}`);
  }
  const sha256 = createHash('sha256').update(text).digest('hex');
  const result = buildCatalog(raw, { source: { file: basename(opts.from), sha256 }, strict: opts.strict ?? false });
  const json = serializeCatalog(result.catalog);
  // Write-then-rename so a failed write never leaves a half catalog behind.
  const tmp = `${outPath}.tmp-${process.pid}`;
  writeFileSync(tmp, json);
  renameSync(tmp, outPath);
  return { ...result, outPath, bytes: Buffer.byteLength(json) };
}

/** A short human summary of a refresh. */
export function describeRefresh(r: RefreshResult): string {
  const models = Object.keys(r.catalog.models).length;
  const aliases = Object.keys(r.catalog.aliases).length;
  const lines = [
    `wrote ${r.outPath}: ${models} models, ${aliases} bare aliases, ${(r.bytes / 1024).toFixed(0)} KiB (from ${r.catalog.source.entries} source entries)`,
  ];
  const skipped = Object.entries(r.skipped)
    .sort((a, b) => b[1] - a[1])
    .map(([why, n]) => `${why}: ${n}`)
    .join(', ');
  if (skipped) lines.push(`left out: ${skipped}; duplicate keys: ${r.duplicates}`);
  if (r.malformed.length > 0) {
    const names = r.malformed
      .slice(0, 5)
      .map((m) => `"${m.key}" (${m.problem})`)
      .join('; ');
    lines.push(`warning: skipped ${r.malformed.length} malformed entries, e.g. ${names}`);
  }
  return lines.join('\n');
}
