/**
 * GET /admin/v1/openapi.json: an OpenAPI 3.1 document of every admin route. Request bodies and
 * query parameters are generated from the zod schemas the routes validate with, so the document
 * cannot drift from what is accepted; answers are described by hand next to the serialisers.
 */
import { z } from 'zod';
import { SPEND_GROUPS } from '../governance/store-contract.js';
import { budgetSchema, limitsSchema } from '../governance/types.js';
import { tenantGuardrailSchema } from '../guardrails/config-schema.js';
import { ADMIN_ERRORS } from './errors.js';
import { cachePaths, cacheSchemas } from './openapi-cache.js';
import { experimentPaths, experimentSchemas } from './openapi-experiments.js';
import { promptPaths, promptSchemas } from './openapi-prompts.js';
import { requestLogPaths, requestLogSchemas } from './openapi-requests.js';
import {
  alertsQuerySchema,
  auditQuerySchema,
  keyCreateSchema,
  keyPatchSchema,
  listQuerySchema,
  projectCreateSchema,
  projectPatchSchema,
  spendQuerySchema,
  teamCreateSchema,
  teamPatchSchema,
} from './schemas.js';

type Json = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

function queryParameters(schema: z.ZodType): Json[] {
  const js = schemaOf(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: js.required?.includes(name) ?? false, schema: s }));
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (s: Json) => ({ anyOf: [s, { type: 'null' }] });
const time = { type: 'string', format: 'date-time' };
const str = { type: 'string' };
const metadata = { type: 'object', additionalProperties: str };

function object(properties: Record<string, Json>): Json {
  return { type: 'object', properties, required: Object.keys(properties) };
}

const regions = nullable({
  type: 'array',
  items: str,
  description: 'Data residency: regions (or patterns such as eu-*) its requests may be served in; null: anywhere.',
});

const guardrails = nullable({
  type: 'array',
  items: ref('TenantGuardrail'),
  description: 'Its own guard list (in-process types only, at most 16), checked on top of the config guardrails; null: none.',
});

const controls = {
  metadata,
  regions,
  guardrails,
  budget: nullable(ref('Budget')),
  limits: nullable(ref('Limits')),
  user_budget: nullable(ref('Budget')),
  user_limits: nullable(ref('Limits')),
  created_at: time,
  updated_at: time,
};

const keyFields = {
  id: str,
  object: { const: 'key' },
  team_id: str,
  project_id: nullable(str),
  name: str,
  role: { enum: ['team_admin', 'viewer', 'member'] },
  key_prefix: { type: 'string', description: 'The first characters of the secret, to tell keys apart.' },
  models: nullable({ type: 'array', items: str }),
  regions,
  budget: nullable(ref('Budget')),
  limits: nullable(ref('Limits')),
  metadata,
  expires_at: nullable(time),
  revoked_at: nullable(time),
  first_used_at: nullable(time),
  created_at: time,
  updated_at: time,
};

function responseSchemas(): Record<string, Json> {
  return {
    Budget: schemaOf(budgetSchema, 'output'),
    Limits: schemaOf(limitsSchema, 'output'),
    TenantGuardrail: {
      ...schemaOf(tenantGuardrailSchema, 'output'),
      description: 'A guard of a team or project: pii, prompt_injection, denied_terms or json_schema, with its defaults filled in (docs/guardrails.md).',
    },
    AlertTarget: {
      description: "A webhook's secret is shown as ***hidden***, a Slack URL as its host and last four characters.",
      oneOf: [object({ type: { const: 'slack' }, url: str }), object({ type: { const: 'webhook' }, url: str, secret: str })],
    },
    Team: object({ id: str, object: { const: 'team' }, name: str, alerts: { type: 'array', items: ref('AlertTarget') }, ...controls }),
    Project: object({ id: str, object: { const: 'project' }, team_id: str, name: str, ...controls }),
    Key: object(keyFields),
    KeyCreated: object({ ...keyFields, key: { type: 'string', description: 'The secret (sk-sb-…): shown in this answer only, never again.' } }),
    Deleted: object({ id: str, object: str, deleted: { const: true } }),
    SpendRow: {
      type: 'object',
      description: 'The group fields (ids and names) of group_by, then the sums.',
      properties: {
        team_id: str,
        team_name: nullable(str),
        project_id: str,
        project_name: nullable(str),
        key_id: str,
        key_name: nullable(str),
        user: str,
        model: str,
        usd: { type: 'number' },
        input_tokens: { type: 'integer' },
        output_tokens: { type: 'integer' },
        requests: { type: 'integer', description: 'Requests booked, response-cache hits included.' },
        saved_usd: { type: 'number', description: 'Upstream cost that response-cache hits saved (hits cost 0 and count no tokens).' },
        cache_hits: { type: 'integer', description: 'Requests the response cache answered.' },
      },
      required: ['usd', 'input_tokens', 'output_tokens', 'requests', 'saved_usd', 'cache_hits'],
    },
    Spend: object({ object: { const: 'list' }, group_by: { enum: [...SPEND_GROUPS] }, from: str, to: str, data: { type: 'array', items: ref('SpendRow') } }),
    AuditRow: object({
      seq: { type: 'integer' },
      time,
      actor_key_id: { type: 'string', description: "'admin_key' for the owner, else the key's id." },
      actor_role: str,
      action: str,
      object_type: str,
      object_id: str,
      team_id: nullable(str),
      before: { description: 'The object before the action (no secrets), or null.' },
      after: { description: 'The object after the action (no secrets), or null.' },
      prev_hash: str,
      hash: str,
    }),
    Alert: object({ id: str, object: { const: 'alert' }, time, payload: {}, deliveries: {} }),
    Target: object({
      object: { const: 'target' },
      alias: { ...nullable(str), description: 'The alias whose target this is; null for a direct PROVIDER/MODEL call.' },
      provider: str,
      model: { type: 'string', description: 'The upstream model.' },
      key: { type: 'string', description: 'PROVIDER/MODEL: breakers and statistics are per key, shared by every alias using it.' },
      region: nullable(str),
      tags: { type: 'array', items: str },
      weight: nullable({ type: 'number' }),
      breaker_enabled: {
        type: 'boolean',
        description: 'Whether this alias (or, for a direct call, routing.breaker) skips the target while its breaker is open.',
      },
      breaker: object({
        state: { enum: ['closed', 'open', 'half_open'] },
        consecutive_failures: { type: 'integer' },
        error_rate: { type: 'number', description: 'Failures / outcomes in the window.' },
        samples: { type: 'integer', description: 'Outcomes in the window.' },
        opened_at: nullable(time),
        retry_in_ms: { type: 'integer', description: 'ms until a request may probe it (0: the next one will).' },
        remote: { type: 'boolean', description: 'Opened by another replica (shared through Redis).' },
      }),
      stats: object({
        latency_ms: nullable({ type: 'number' }),
        in_flight: { type: 'integer' },
        headroom: { ...nullable({ type: 'number' }), description: "The smallest remaining/limit in the provider's latest rate-limit headers, 0..1." },
      }),
    }),
    Me: {
      type: 'object',
      description: 'The caller: team_id and key_id are absent for the owner (the admin_key). The key itself is never answered.',
      properties: { object: { const: 'principal' }, role: { enum: ['owner', 'team_admin', 'viewer'] }, team_id: str, key_id: str },
      required: ['object', 'role'],
    },
    Error: object({
      error: object({ message: str, type: str, code: { enum: Object.keys(ADMIN_ERRORS) }, param: nullable(str) }),
    }),
  };
}

const list = (item: string) => object({ object: { const: 'list' }, data: { type: 'array', items: ref(item) }, has_more: { type: 'boolean' } });

const ERROR_TEXT: Record<string, string> = {
  '400': 'invalid_request: a field or query parameter is wrong (param names it).',
  '401': 'authentication_failed: no key, or an unknown, revoked or expired one.',
  '403': "permission_denied: the key's role may not do this.",
  '404': "not_found: no such object (or it is another team's), or no such route; cache_disabled: the response cache is off.",
  '405': 'method_not_allowed',
  '409': 'conflict: a name is taken, or the object still has dependents; label_conflict: a prompt label is not where expected_version says.',
  '413': 'payload_too_large: the body is over 1 MiB.',
  '415': 'unsupported_media_type: send Content-Type: application/json.',
  '500': 'internal_error',
};

function errors(...statuses: string[]): Record<string, Json> {
  const all = ['400', '401', '403', '405', '500', ...statuses];
  return Object.fromEntries(all.sort().map((s) => [s, { $ref: `#/components/responses/E${s}` }]));
}

const ok = (status: string, schema: Json, description: string) => ({ [status]: { description, content: { 'application/json': { schema } } } });
const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schemaOf(schema) } } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } };
const WRITE_ERRORS = ['404', '409', '413', '415'];

function crud(
  noun: string,
  schema: string,
  listSchema: z.ZodType,
  create: z.ZodType,
  patch: z.ZodType,
  extra: { deleteText: string; createText: string; created?: string },
) {
  return {
    collection: {
      get: {
        operationId: `list_${noun}s`,
        summary: `List ${noun}s`,
        parameters: queryParameters(listSchema),
        responses: { ...ok('200', list(schema), 'A page'), ...errors() },
      },
      post: {
        operationId: `create_${noun}`,
        summary: extra.createText,
        requestBody: body(create),
        responses: { ...ok('201', ref(extra.created ?? schema), 'Created'), ...errors(...WRITE_ERRORS) },
      },
    },
    item: {
      parameters: [idParam],
      get: { operationId: `get_${noun}`, summary: `Get a ${noun}`, responses: { ...ok('200', ref(schema), 'The object'), ...errors('404') } },
      patch: {
        operationId: `update_${noun}`,
        summary: `Change a ${noun}`,
        requestBody: body(patch),
        responses: { ...ok('200', ref(schema), 'Changed'), ...errors(...WRITE_ERRORS) },
      },
      delete: {
        operationId: noun === 'key' ? 'revoke_key' : `delete_${noun}`,
        summary: extra.deleteText,
        responses: { ...ok('200', ref(noun === 'key' ? 'Key' : 'Deleted'), extra.deleteText), ...errors('404', '409') },
      },
    },
  };
}

function build(): Json {
  const teams = crud('team', 'Team', listQuerySchema.pick({ limit: true, after: true }), teamCreateSchema, teamPatchSchema, {
    createText: 'Create a team (owner only)',
    deleteText: 'Delete a team without projects or live keys (owner only)',
  });
  const projects = crud('project', 'Project', listQuerySchema.pick({ team_id: true, limit: true, after: true }), projectCreateSchema, projectPatchSchema, {
    createText: 'Create a project in a team',
    deleteText: 'Delete a project without live keys',
  });
  const keys = crud('key', 'Key', listQuerySchema, keyCreateSchema, keyPatchSchema, {
    createText: 'Create a key: the answer holds the secret, once',
    deleteText: 'Revoke a key (sets revoked_at; the key object is answered)',
    created: 'KeyCreated',
  });
  const get = (operationId: string, summary: string, query: z.ZodType | undefined, responses: Json) => ({
    get: { operationId, summary, parameters: query ? queryParameters(query) : [], responses: { ...responses, ...errors() } },
  });
  const responses = Object.fromEntries(
    Object.entries(ERROR_TEXT).map(([status, description]) => [`E${status}`, { description, content: { 'application/json': { schema: ref('Error') } } }]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard admin API',
      version: '1',
      description:
        'Teams, projects, virtual keys, budgets, limits, spend, alerts, the audit log, target health, the request log, the response cache and the prompt registry. Every route needs a key: the config admin_key (owner), or a virtual key with role team_admin (its own team) or viewer (read only, its own team).',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { apiKey: [] }],
    paths: {
      '/admin/v1/teams': teams.collection,
      '/admin/v1/teams/{id}': teams.item,
      '/admin/v1/projects': projects.collection,
      '/admin/v1/projects/{id}': projects.item,
      '/admin/v1/keys': keys.collection,
      '/admin/v1/keys/{id}': keys.item,
      '/admin/v1/spend': get(
        'get_spend',
        'Spend grouped by team, project, key, user or model (JSON, or CSV with format=csv or Accept: text/csv)',
        spendQuerySchema,
        {
          '200': {
            description: 'Spend rows; the default range is the current month up to today in governance.timezone.',
            content: { 'application/json': { schema: ref('Spend') }, 'text/csv': { schema: { type: 'string' } } },
          },
        },
      ),
      '/admin/v1/audit': get(
        'list_audit',
        'The audit log, newest chain rows after after_seq (owner only)',
        auditQuerySchema,
        ok('200', list('AuditRow'), 'A page'),
      ),
      '/admin/v1/alerts': get('list_alerts', 'Recent budget alerts and their deliveries', alertsQuerySchema, ok('200', list('Alert'), 'A page')),
      '/admin/v1/targets': get(
        'list_targets',
        "Every alias's targets and the direct calls seen, with circuit breakers and running statistics (owner only)",
        undefined,
        { ...ok('200', list('Target'), 'Every target (has_more is always false)'), '404': { $ref: '#/components/responses/E404' } },
      ),
      '/admin/v1/me': get('get_me', "The caller's role and team (what a client may show it)", undefined, ok('200', ref('Me'), 'The caller')),
      ...requestLogPaths(),
      ...cachePaths(),
      ...experimentPaths(),
      ...promptPaths(),
      '/admin/v1/openapi.json': get('get_openapi', 'This document', undefined, ok('200', { type: 'object' }, 'OpenAPI 3.1')),
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer KEY' },
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
      schemas: { ...responseSchemas(), ...requestLogSchemas(), ...cacheSchemas(), ...promptSchemas(), ...experimentSchemas() },
      responses,
    },
  };
}

let document: Json | undefined;

/** The OpenAPI document (built once, on first request). */
export function openApiDocument(): Json {
  document ??= build();
  return document;
}
