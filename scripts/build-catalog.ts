/**
 * Builds (or refreshes) src/catalog/catalog.json from a LiteLLM price file.
 *
 *   npx tsx scripts/build-catalog.ts [SOURCE_JSON] [--out FILE] [--strict]
 *
 * SOURCE_JSON defaults to ../shared/data/litellm_prices/model_prices_and_context_window.json
 * relative to the repository root. Exits 1 with a message naming the bad entries when the file
 * is not in LiteLLM's format.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CatalogFormatError } from '../src/catalog/build.js';
import { DEFAULT_SOURCE_PATH, describeRefresh, refreshCatalog } from '../src/catalog/build-file.js';

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string' }, strict: { type: 'boolean', default: false } },
  });
  const from = positionals[0] !== undefined ? resolve(positionals[0]) : DEFAULT_SOURCE_PATH;
  try {
    const result = refreshCatalog({ from, out: values.out ? resolve(values.out) : undefined, strict: values.strict });
    process.stdout.write(`${describeRefresh(result)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof CatalogFormatError) {
      process.stderr.write(`build-catalog: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

process.exitCode = main();
