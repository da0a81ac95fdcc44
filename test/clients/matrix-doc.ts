/**
 * Renders the client-matrix section of docs/compatibility.md from the cell definitions: one
 * table per library, a row per client call, a column per upstream family. Every cell shown as
 * passing runs in `npm test`, and compat-doc.test.ts fails when the document is out of date
 * (`node scripts/compat-matrix.mjs` rewrites it).
 */
import { readFileSync } from 'node:fs';
import { type ClientCell, LIBRARIES, type Library } from './cell.js';
import { markSection } from './doc-section.js';
import { langchainCells } from './langchain-cells.js';
import { openaiAgentsCells } from './openai-agents-cells.js';
import { responsesCells } from './responses-cells.js';
import { FAMILIES } from './stack.js';
import { vercelAiCells } from './vercel-ai-cells.js';

/** The cells the matrix shows: every cell a test under test/clients/ runs. */
export const MATRIX_CELLS: readonly ClientCell[] = [...vercelAiCells, ...langchainCells, ...openaiAgentsCells, ...responsesCells];

/** The packages of each library, whose pinned versions the headings show. */
const PACKAGES: Record<Library, string[]> = {
  'Vercel AI SDK': ['ai', '@ai-sdk/openai', '@ai-sdk/anthropic', '@ai-sdk/openai-compatible'],
  'LangChain JS': ['@langchain/openai', '@langchain/anthropic', '@langchain/core'],
  'OpenAI Agents SDK': ['@openai/agents'],
};

function pinnedVersions(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { devDependencies?: Record<string, string> };
  return manifest.devDependencies ?? {};
}

/** The markdown section, markers included. */
export function renderClientMatrix(cells: readonly ClientCell[] = MATRIX_CELLS): string {
  const versions = pinnedVersions();
  const reasons: string[] = [];
  const note = (reason: string): number => {
    const at = reasons.indexOf(reason);
    return (at >= 0 ? at : reasons.push(reason) - 1) + 1;
  };
  const lines = [
    '## Client libraries',
    '',
    'Generated from the cell definitions in `test/clients/` by `node scripts/compat-matrix.mjs`; `npm test` fails',
    'when this section is out of date. Each cell drives the gateway with the library, unchanged but for its base',
    'URL, over an upstream of each family (provider types `openai`, `anthropic` and `gemini` behind model',
    'aliases, with the provider simulator behind them). It asserts on what the library returned (text, tool',
    'calls, objects, vectors, and usage wherever the library exposes it) and on what the upstream received (the',
    'prompt, the declared tools, the tool result in the second request, the schema asked for, streamed or not).',
    '',
    'Legend: ✅ passes in `npm test` · 400 (n) = the provider cannot do it: the cell checks the gateway answers',
    '400 `unsupported_parameter` naming the provider and sends nothing upstream · gap (n) = left out of the',
    'tests for a known gateway gap (see the reason). Gemini reports no token count for embeddings, so embeddings',
    'usage through a `gemini` alias is 0.',
    '',
  ];
  if (!cells.some((cell) => cell.endpoint === '/v1/responses')) {
    lines.push(
      'The Responses API rows (`@ai-sdk/openai` `openai()`, `ChatOpenAI` with `useResponsesApi: true`, the Agents',
      "SDK's default `OpenAIResponsesModel`) are defined in `test/clients/responses-cells.ts` and join the matrix",
      'with `POST /v1/responses`.',
      '',
    );
  }
  for (const library of LIBRARIES) {
    const rows = cells.filter((cell) => cell.library === library);
    if (rows.length === 0) continue;
    const packages = PACKAGES[library].map((name) => `\`${name}\` ${versions[name] ?? '?'}`).join(', ');
    lines.push(
      `### ${library} (${packages})`,
      '',
      `| client | endpoint | call | ${FAMILIES.join(' | ')} |`,
      `|---|---|---|${FAMILIES.map(() => '---').join('|')}|`,
    );
    for (const cell of rows) {
      const states = FAMILIES.map((family) => {
        const gap = cell.gaps?.[family];
        if (gap) return `gap (${note(gap)})`;
        const refused = cell.refused?.[family];
        return refused ? `400 (${note(refused)})` : '✅';
      });
      lines.push(`| ${cell.client} | \`${cell.endpoint}\` | ${cell.call} | ${states.join(' | ')} |`);
    }
    lines.push('');
  }
  if (reasons.length > 0) {
    lines.push('### Reasons (client libraries)', '');
    for (const [i, reason] of reasons.entries()) lines.push(`${i + 1}. ${reason}`);
  }
  return markSection(lines.join('\n'));
}
