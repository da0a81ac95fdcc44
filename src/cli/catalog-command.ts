/**
 * `switchboard catalog refresh|show`: rebuild the model catalog from a LiteLLM price file and
 * inspect what the gateway knows about a model (prices, limits, capabilities, how it matched).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CatalogFormatError } from '../catalog/build.js';
import { DEFAULT_SOURCE_PATH, DEFAULT_SOURCE_RELATIVE, describeRefresh, refreshCatalog } from '../catalog/build-file.js';
import { CATALOG_PATH, createCatalog, loadCatalogFile } from '../catalog/catalog.js';

function write(cmd: Command, text: string): void {
  const out = cmd.configureOutput();
  (out.writeOut ?? ((s: string) => process.stdout.write(s)))(text);
}

/** Adds the `catalog` command group to the CLI. */
export function registerCatalogCommand(program: Command): Command {
  const catalog = program.command('catalog').description('model catalog: prices, context windows, capabilities');

  catalog
    .command('refresh')
    .description('rebuild src/catalog/catalog.json from a LiteLLM model_prices_and_context_window.json')
    .option('--from <file>', `LiteLLM price file (default: ${DEFAULT_SOURCE_RELATIVE} from the repository root)`)
    .option('--out <file>', 'where to write the catalog', CATALOG_PATH)
    .option('--strict', 'fail on any malformed entry instead of skipping it', false)
    .action((opts: { from?: string; out: string; strict: boolean }, cmd: Command) => {
      const from = opts.from !== undefined ? resolve(opts.from) : DEFAULT_SOURCE_PATH;
      try {
        const result = refreshCatalog({ from, out: resolve(opts.out), strict: opts.strict });
        write(cmd, `${describeRefresh(result)}\n`);
      } catch (err) {
        if (err instanceof CatalogFormatError) cmd.error(`error: ${err.message}`, { code: 'catalog.format' });
        throw err;
      }
    });

  catalog
    .command('show')
    .description('print the catalog entry for a model as JSON')
    .argument('<model>', 'model name, e.g. gpt-4o or us.anthropic.claude-sonnet-4-5-20250929-v1:0')
    .option('--provider <type>', 'provider type (openai, anthropic, bedrock, vertex, ...)')
    .option('--catalog <file>', 'catalog file to read', CATALOG_PATH)
    .action((model: string, opts: { provider?: string; catalog: string }, cmd: Command) => {
      const found = createCatalog(loadCatalogFile(resolve(opts.catalog))).lookup(opts.provider, model);
      if (!found) {
        const where = opts.provider ? ` for provider type "${opts.provider}"` : '';
        cmd.error(`error: no catalog entry for model "${model}"${where}`, { code: 'catalog.not_found' });
      }
      const { key, match, ...entry } = found;
      write(cmd, `${JSON.stringify({ key, match, ...entry }, null, 2)}\n`);
    });

  return catalog;
}
