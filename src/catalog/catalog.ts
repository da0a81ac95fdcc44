/**
 * The committed model catalog (catalog.json next to this file) and the entry points the rest of
 * the gateway uses: lookupModel, createPriceBook and the override schema.
 *
 * catalog.json is read with fs on first use rather than imported with `with { type: 'json' }`:
 * Node 20 and tsx both handle import attributes, but TypeScript would then infer a literal type
 * for ~1,000 entries in every typecheck of every importer, and the file has to be validated with
 * zod anyway (a hand-edited or half-refreshed file must fail loudly, not misprice). Reading it
 * lazily also keeps `switchboard --help` from paying for it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CATALOG_PATH } from './catalog-path.js';
import { type Catalog, createCatalog } from './lookup.js';
import { createPriceBook as createPriceBookFor, type PriceBook, type PriceOverrides } from './price-book.js';
import { type CatalogFile, catalogFileSchema, type ModelLookup } from './types.js';

export { CATALOG_PATH } from './catalog-path.js';
export { type Catalog, createCatalog } from './lookup.js';
export {
  type PriceBook,
  type PriceOverride,
  type PriceOverrides,
  type PriceTarget,
  priceOverrideSchema,
  priceOverridesSchema,
  type ResolvedPrice,
} from './price-book.js';
export type { CatalogEntry, ModelCapabilities, ModelLookup, ModelPrice } from './types.js';

/** Reads and validates a catalog file; the error names the file and the first bad field. */
export function loadCatalogFile(path: string): CatalogFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`model catalog ${path} cannot be read: ${(err as Error).message}`);
  }
  const parsed = catalogFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`model catalog ${path} is invalid (rebuild it with \`switchboard catalog refresh\`):\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

let defaultCatalog: Catalog | undefined;

/** The committed catalog, loaded and indexed once per process. */
export function getCatalog(): Catalog {
  defaultCatalog ??= createCatalog(loadCatalogFile(CATALOG_PATH));
  return defaultCatalog;
}

/**
 * Looks a model up in the committed catalog (see Catalog.lookup for the fallback order).
 * providerType is the config `type` ("openai", "azure-openai", "bedrock", ...); pass undefined
 * to search by model name only.
 */
export function lookupModel(providerType: string | undefined, model: string): ModelLookup | undefined {
  return getCatalog().lookup(providerType, model);
}

/** A price book over the committed catalog (or `catalog`, in tests) with config overrides applied. */
export function createPriceBook(overrides?: PriceOverrides, catalog: Catalog = getCatalog()): PriceBook {
  return createPriceBookFor(overrides, catalog);
}
