/**
 * The shape of a client-matrix cell: one client library call (a row), run against each upstream
 * family (a column). The same definitions drive the tests (run-cells.ts) and the client-matrix
 * section of docs/compatibility.md (matrix-doc.ts).
 */
import { expect } from 'vitest';
import { UPSTREAM_MODELS } from './stack.js';
import type { Family, UpstreamCall } from './upstream.js';

/** The libraries in the matrix, in document order. */
export const LIBRARIES = ['Vercel AI SDK', 'LangChain JS', 'OpenAI Agents SDK'] as const;

/** One library. */
export type Library = (typeof LIBRARIES)[number];

/** What a cell gets for one run. */
export interface CellContext {
  family: Family;
  /** Gateway base URL, e.g. http://127.0.0.1:PORT (no /v1). */
  gatewayUrl: string;
  /** The chat alias for this family. */
  model: string;
  /** The embeddings alias for this family. */
  embeddingModel: string;
  /** A word unique to this run: put it in every prompt, so upstream() finds this run's requests. */
  tag: string;
  /** The upstream requests whose body contains the tag, in arrival order. */
  upstream(): UpstreamCall[];
}

/** One row of the matrix. */
export interface ClientCell {
  library: Library;
  /** The client as a user constructs it, e.g. "`@ai-sdk/openai` `.chat()`". */
  client: string;
  /** The gateway endpoint the client calls. */
  endpoint: string;
  /** The library call under test, e.g. "generateText". */
  call: string;
  /** Families the provider cannot serve: the cell asserts the gateway's documented 400, with this reason. */
  refused?: Partial<Record<Family, string>>;
  /** Families left out because of a known gateway gap (never run), with the reason and reproduction. */
  gaps?: Partial<Record<Family, string>>;
  /** Drives the client and asserts on what it returned and on what the upstream received. */
  run(ctx: CellContext): Promise<void>;
}

/** The simulator's plain reply to a prompt. */
export const simulatedReply = (prompt: string): string => `Simulated reply to: ${prompt}`;

/** The simulator's reply once tool results reach it. */
export const toolResultsReply = (...results: string[]): string => `Tool results received: ${results.join(' | ')}`;

/** Output tokens the simulator reports for a text: one per word. */
export const wordCount = (text: string): number => text.match(/\S+\s*|\s+/g)?.length ?? 0;

/** The person every structured-output cell asks for, and what the simulator answers for its schema. */
export const SAMPLE_PERSON = { name: 'sample name', age: 42 };

/** What the weather tool returns for the simulator's generated argument. */
export const WEATHER_RESULT = 'sunny in sample city';

/** The weather tool's implementation, shared by every library's tool definition. */
export const weatherFor = async ({ city }: { city: string }): Promise<string> => `sunny in ${city}`;

/** Usage as most clients expose it. */
export interface SeenUsage {
  input?: number;
  output?: number;
  total?: number;
}

/** Usage is reported: positive input tokens, the expected output tokens when known, and a consistent total. */
export function expectUsage(usage: SeenUsage, outputTokens?: number): void {
  expect(usage.input).toBeGreaterThan(0);
  if (outputTokens === undefined) expect(usage.output).toBeGreaterThan(0);
  else expect(usage.output).toBe(outputTokens);
  if (usage.total !== undefined) expect(usage.total).toBe((usage.input ?? 0) + (usage.output ?? 0));
}

/** The one upstream call of a single-request cell, to the family's model, streamed or not. */
export function expectOneUpstreamCall(ctx: CellContext, streamed: boolean): UpstreamCall {
  const calls = ctx.upstream();
  expect(calls).toHaveLength(1);
  const call = calls[0]!;
  expect(call.family).toBe(ctx.family);
  expect(call.model).toBe(UPSTREAM_MODELS[ctx.family].chat);
  expect(call.streamed).toBe(streamed);
  return call;
}

/**
 * A tool loop reached the upstream as two requests: the first declares the tool and carries no
 * result; the second carries the tool's result back.
 */
export function expectToolRoundTrip(ctx: CellContext, streamed: boolean, toolName = 'weather'): void {
  const calls = ctx.upstream();
  expect(calls).toHaveLength(2);
  for (const call of calls) {
    expect(call.family).toBe(ctx.family);
    expect(call.streamed).toBe(streamed);
    expect(call.toolNames).toContain(toolName);
  }
  expect(calls[0]!.toolResults).toEqual([]);
  expect(calls[1]!.toolResults).toEqual([WEATHER_RESULT]);
}

/** The upstream was asked for the person schema (as a response format or as a forced tool). */
export function expectPersonSchema(call: UpstreamCall): void {
  const asked = call.schemas.some((schema) => {
    const properties = Object.keys((schema.properties ?? {}) as object);
    return properties.includes('name') && properties.includes('age');
  });
  expect(asked, `no person schema in ${call.raw}`).toBe(true);
}
