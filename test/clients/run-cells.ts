/**
 * Registers a list of client-matrix cells as vitest tests: one test per cell and family, run
 * concurrently (each run finds its own upstream requests by its tag). A family the cell lists as
 * refused must fail with the gateway's 400 `unsupported_parameter` naming the provider, before
 * anything reaches the upstream; a family listed as a gap is not run.
 */
import { describe, expect, it } from 'vitest';
import type { CellContext, ClientCell } from './cell.js';
import { type ClientStack, FAMILIES } from './stack.js';
import type { Family } from './upstream.js';

let runs = 0;

/** A word no prompt contains by chance, unique within this process. */
function nextTag(family: Family): string {
  runs += 1;
  return `cell${String(runs).padStart(4, '0')}${family}`;
}

/** What a client library's error says about the HTTP answer behind it. */
interface Refusal {
  status?: number;
  text: string;
}

/** Walks an error and its causes (libraries wrap HTTP errors differently) for a status and the error body. */
function refusalOf(error: unknown): Refusal {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  let status: number | undefined;
  const texts: string[] = [];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const e = current as Record<string, unknown>;
    const candidate = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
    if (status === undefined && candidate !== undefined) status = candidate;
    for (const key of ['message', 'responseBody', 'code']) if (typeof e[key] === 'string') texts.push(e[key] as string);
    if (e.error && typeof e.error === 'object') texts.push(JSON.stringify(e.error));
    queue.push(e.cause, e.lastError, e.error, ...(Array.isArray(e.errors) ? e.errors : []));
  }
  return { status, text: texts.join('\n') };
}

/** The cell must fail with the gateway's 400 for this provider, and the upstream must see nothing. */
async function expectRefused(cell: ClientCell, ctx: CellContext): Promise<void> {
  const error = await cell.run(ctx).then(
    () => undefined,
    (e: unknown) => e ?? new Error('rejected without a reason'),
  );
  expect(error, 'the gateway answered instead of refusing').toBeDefined();
  const refusal = refusalOf(error);
  expect(refusal.status, refusal.text).toBe(400);
  expect(refusal.text).toContain('unsupported_parameter');
  expect(refusal.text).toContain(`'${ctx.family}'`);
  expect(ctx.upstream()).toEqual([]);
}

/** Registers the cells; `env` is read when the tests run (after beforeAll started the stack). */
export function runCells(cells: readonly ClientCell[], env: () => ClientStack): void {
  for (const cell of cells) {
    describe(`${cell.library}: ${cell.client} ${cell.call}`, () => {
      for (const family of FAMILIES) {
        if (cell.gaps?.[family]) continue;
        const refused = cell.refused?.[family];
        it.concurrent(refused ? `${family} (refused with 400)` : family, async () => {
          const { stack, upstream } = env();
          const tag = nextTag(family);
          const ctx: CellContext = {
            family,
            gatewayUrl: stack.url,
            model: `${family}-chat`,
            embeddingModel: `${family}-embed`,
            tag,
            upstream: () => upstream.containing(tag),
          };
          if (refused) await expectRefused(cell, ctx);
          else await cell.run(ctx);
        });
      }
    });
  }
}
