/**
 * Fuzz inputs for the gateway's JSON endpoints (fast-check arbitraries) and a bounded-concurrency
 * runner that checks every answer is well-formed in the caller's API format.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { expectAnthropicShape, expectNoInternals, expectOpenAIShape, type RawResponse, send } from './http.js';

/** One request to send: raw bytes and an optional content type (null: none). */
export interface FuzzBody {
  bytes: Buffer;
  contentType: string | null;
  /** What it was, for failure messages. */
  kind: string;
}

type Json = unknown;
type Path = Array<string | number>;

/** Every path into a JSON value (the root excluded), so mutations can reach nested fields. */
function paths(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  const entries: Array<[string | number, Json]> = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : value && typeof value === 'object'
      ? Object.entries(value)
      : [];
  for (const [key, child] of entries) {
    out.push([...prefix, key]);
    paths(child, [...prefix, key], out);
  }
  return out;
}

function parentOf(root: Json, path: Path): Record<string | number, Json> | undefined {
  let node = root as Record<string | number, Json> | undefined;
  for (const key of path.slice(0, -1)) {
    if (!node || typeof node !== 'object') return undefined;
    node = node[key] as Record<string | number, Json> | undefined;
  }
  return node && typeof node === 'object' ? node : undefined;
}

/** Values of the wrong type, at the edges of their type, or just odd. */
const weird: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -0,
    -1,
    1.5,
    1e308,
    -1e308,
    2 ** 53 + 2,
    -(2 ** 63),
    '',
    ' ',
    '\u0000',
    '\ud800',
    '\u202e\u200b',
    '💥🧨',
    'null',
    '[]',
    'data:image/png;base64,!!',
    'data:image/png;base64,aGk=',
    'http://127.0.0.1:1/x.png',
    [],
    {},
    [null],
    { type: 'text' },
    { role: 'user' },
    { type: 'image_url', image_url: { url: 'data:image/png;base64,@@' } },
  ),
  fc.integer(),
  fc.double(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 5 }).map((s) => s.repeat(2000)),
  fc.jsonValue({ maxDepth: 3 }),
);

const OPS = ['delete', 'replace', 'replace', 'replace', 'deep', 'wrap', 'add'] as const;

/** A structured mutation of one of the bases: keys deleted, values swapped for odd ones, deep nesting. */
function mutated(bases: Json[]): fc.Arbitrary<FuzzBody> {
  const op = fc.record({
    pick: fc.nat(),
    op: fc.constantFrom(...OPS),
    value: weird,
    key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('stream', 'tools', 'top_k', 'n', 'max_tokens', 'system', 'tool_choice', '__proto__')),
    depth: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1000, max: 40_000 })),
    array: fc.boolean(),
  });
  return fc.record({ base: fc.nat(), ops: fc.array(op, { minLength: 1, maxLength: 4 }) }).map(({ base, ops }) => {
    const body = structuredClone(bases[base % bases.length]);
    const deep: string[] = [];
    for (const m of ops) {
      const all = paths(body);
      const path = all[m.pick % Math.max(1, all.length)];
      const parent = path ? parentOf(body, path) : undefined;
      const key = path?.[path.length - 1];
      if (!parent || key === undefined) continue;
      if (m.op === 'delete') {
        if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
        else delete parent[key];
      } else if (m.op === 'replace') parent[key] = m.value;
      else if (m.op === 'wrap') parent[key] = [parent[key]];
      else if (m.op === 'add' && !Array.isArray(parent))
        Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      else if (m.op === 'deep') {
        // JSON.stringify would recurse: nest with a placeholder and splice the text in afterwards.
        parent[key] = `__DEEP_${deep.length}__`;
        deep.push(m.array ? `${'['.repeat(m.depth)}1${']'.repeat(m.depth)}` : `${'{"a":'.repeat(m.depth)}1${'}'.repeat(m.depth)}`);
      }
    }
    let text = JSON.stringify(body) ?? 'null';
    for (const [i, nested] of deep.entries()) text = text.replace(`"__DEEP_${i}__"`, nested);
    return { bytes: Buffer.from(text), contentType: 'application/json', kind: `mutated(${ops.map((o) => o.op).join(',')})` };
  });
}

/** Byte-level damage to a valid body: truncation, inserted bytes, flipped bytes. */
function damaged(bases: Json[]): fc.Arbitrary<FuzzBody> {
  return fc
    .record({ base: fc.nat(), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }), how: fc.constantFrom('truncate', 'insert', 'flip') })
    .map(({ base, at, bytes, how }) => {
      const text = Buffer.from(JSON.stringify(bases[base % bases.length]));
      const i = at % text.length;
      let out: Buffer;
      if (how === 'truncate') out = text.subarray(0, i);
      else if (how === 'insert') out = Buffer.concat([text.subarray(0, i), bytes, text.subarray(i)]);
      else {
        out = Buffer.from(text);
        out[i] = (out[i]! ^ (bytes[0]! | 1)) & 0xff;
      }
      return { bytes: out, contentType: 'application/json', kind: `damaged(${how})` };
    });
}

/** Random bodies and mutations of the given valid bodies, weighted towards mutations. */
export function fuzzBodies(...bases: Json[]): fc.Arbitrary<FuzzBody> {
  return fc.oneof(
    {
      weight: 2,
      arbitrary: fc
        .jsonValue({ maxDepth: 4 })
        .map((v): FuzzBody => ({ bytes: Buffer.from(JSON.stringify(v) ?? 'null'), contentType: 'application/json', kind: 'json' })),
    },
    { weight: 8, arbitrary: mutated(bases) },
    { weight: 2, arbitrary: damaged(bases) },
    {
      weight: 1,
      arbitrary: fc.uint8Array({ maxLength: 300 }).map((b): FuzzBody => ({ bytes: Buffer.from(b), contentType: 'application/json', kind: 'bytes' })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ base: fc.nat(), type: fc.constantFrom(null, 'text/plain', 'application/json; charset=utf-8', 'application/octet-stream') })
        .map(
          ({ base, type }): FuzzBody => ({ bytes: Buffer.from(JSON.stringify(bases[base % bases.length])), contentType: type, kind: `content-type ${type}` }),
        ),
    },
    {
      weight: 2,
      arbitrary: fc
        .nat()
        .map((base): FuzzBody => ({ bytes: Buffer.from(JSON.stringify(bases[base % bases.length])), contentType: 'application/json', kind: 'valid' })),
    },
  );
}

/** What a fuzz run saw. */
export interface FuzzStats {
  ok: number;
  streams: number;
  errors: number;
  byStatus: Record<number, number>;
  /** Error codes seen, to show which checks the run reached. */
  byCode: Record<string, number>;
}

function checkSse(res: RawResponse, format: 'openai' | 'anthropic'): void {
  expect(res.status).toBe(200);
  for (const event of res.text.split(/\n\n/)) {
    for (const line of event.split('\n')) {
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      if (data === '[DONE]') continue;
      const json = JSON.parse(data) as Record<string, unknown>;
      if (format === 'anthropic' && json.type === 'error') expectAnthropicShape(json);
      if (format === 'openai' && 'error' in json) expect(json.error).toBeTypeOf('object');
    }
  }
  expectNoInternals(res.text);
}

/** Checks one answer: a status in 200..599, JSON or SSE, errors in the caller's shape, no internals. */
export function checkAnswer(res: RawResponse, format: 'openai' | 'anthropic'): void {
  expect(res.status).toBeGreaterThanOrEqual(200);
  expect(res.status).toBeLessThan(600);
  expect(res.headers['x-request-id']).toMatch(/^req_/);
  if (res.headers['content-type']?.startsWith('text/event-stream')) {
    checkSse(res, format);
    return;
  }
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.json, 'body is not JSON').toBeDefined();
  if (res.status >= 400) {
    if (format === 'openai') expectOpenAIShape(res.json);
    else expectAnthropicShape(res.json);
    // A 500 internal_error is an unhandled exception in the gateway: a bug, not bad input.
    expect((res.json as { error: { code: string } }).error.code).not.toBe('internal_error');
    expectNoInternals(res.text);
  }
}

/** Sends all bodies with bounded concurrency; the first bad answer fails with the body that caused it. */
export async function runFuzz(
  url: string,
  bodies: FuzzBody[],
  format: 'openai' | 'anthropic',
  observe?: (body: FuzzBody, res: RawResponse) => void,
  concurrency = 16,
): Promise<FuzzStats> {
  const stats: FuzzStats = { ok: 0, streams: 0, errors: 0, byStatus: {}, byCode: {} };
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      let res: RawResponse;
      try {
        res = await send(url, { body: body.bytes, contentType: body.contentType });
        checkAnswer(res, format);
        observe?.(body, res);
      } catch (err) {
        const preview = body.bytes.subarray(0, 300).toString('utf8');
        throw new Error(`${body.kind} body (${body.bytes.length} bytes) ${JSON.stringify(preview)} → ${(err as Error).message}`);
      }
      stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
      if (res.status === 200) {
        stats.ok++;
        if (res.headers['content-type']?.startsWith('text/event-stream')) stats.streams++;
      } else {
        stats.errors++;
        const code = String((res.json as { error: { code: string } }).error.code);
        stats.byCode[code] = (stats.byCode[code] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return stats;
}
