/**
 * The response cache's part of the OpenAPI document: POST /admin/v1/cache/purge and
 * GET /admin/v1/cache/stats, their body and query generated from the schemas they validate with.
 */
import { z } from 'zod';
import { CACHE_STATS_GROUPS } from './cache-contract.js';
import { cachePurgeSchema, cacheStatsQuerySchema } from './cache-schemas.js';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (s: Json) => ({ anyOf: [s, { type: 'null' }] });
const int = { type: 'integer' };
const num = { type: 'number' };
const ms = { type: 'integer', description: 'ms since the epoch' };

function object(properties: Record<string, Json>): Json {
  return { type: 'object', properties, required: Object.keys(properties) };
}

function schemaOf(schema: z.ZodType): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
}

function errors(...statuses: string[]): Json {
  return Object.fromEntries(['400', '401', '403', '405', '500', ...statuses].sort().map((s) => [s, { $ref: `#/components/responses/E${s}` }]));
}

const ok = (schema: Json, description: string) => ({ '200': { description, content: { 'application/json': { schema } } } });

/** The answer shapes, for components.schemas. */
export function cacheSchemas(): Record<string, Json> {
  return {
    CachePurged: object({ object: { const: 'cache.purge' }, purged: { ...int, description: 'Entries removed.' } }),
    CacheStatsRow: object({
      key: { type: 'string', description: 'The team id or the model asked for; "(none)" for rows without a team.' },
      requests: { ...int, description: 'Requests the cache applied to (hits, semantic hits, misses, bypasses).' },
      hits: int,
      semantic_hits: int,
      misses: int,
      hit_rate: { ...nullable(num), description: '(hits + semantic_hits) / (hits + semantic_hits + misses); null without lookups.' },
      saved_usd: num,
    }),
    CacheStats: object({
      object: { const: 'cache.stats' },
      from: ms,
      to: ms,
      group_by: { enum: [...CACHE_STATS_GROUPS] },
      entries: { ...nullable(int), description: 'Entries the store holds now, across all teams (owner only, else null; null when the cache is off).' },
      bytes: { ...nullable(int), description: 'Bytes the store holds now (as entries).' },
      data: { type: 'array', items: ref('CacheStatsRow') },
    }),
  };
}

/** The paths. */
export function cachePaths(): Record<string, Json> {
  const { properties = {} } = schemaOf(cacheStatsQuerySchema) as { properties?: Record<string, Json> };
  return {
    '/admin/v1/cache/purge': {
      post: {
        operationId: 'purge_cache',
        summary:
          'Remove response-cache entries by team, scope, namespace and age (owner: any; team_admin: its own team only; viewer: 403); audited. cache_disabled (404) when the cache is off.',
        requestBody: { required: true, content: { 'application/json': { schema: schemaOf(cachePurgeSchema) } } },
        responses: { ...ok(ref('CachePurged'), 'How many entries were removed'), ...errors('404', '413', '415') },
      },
    },
    '/admin/v1/cache/stats': {
      get: {
        operationId: 'get_cache_stats',
        summary: 'What the response cache did per team or model over a range (default: the last 24 hours), from the request log; team keys see their team only',
        parameters: Object.entries(properties).map(([name, s]) => ({ name, in: 'query', required: false, schema: s })),
        responses: { ...ok(ref('CacheStats'), 'The statistics'), ...errors('404') },
      },
    },
  };
}
