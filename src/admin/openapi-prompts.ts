/**
 * The prompt registry's part of the OpenAPI document: /admin/v1/prompts and its nested paths,
 * bodies and queries generated from the schemas the routes validate with (the push body's
 * template from the template schema itself).
 */
import { z } from 'zod';
import { promptTemplateSchema } from '../prompts/template-schema.js';
import {
  diffQuerySchema,
  historyQuerySchema,
  labelMoveSchema,
  promptListQuerySchema,
  promptPushSchema,
  scopeQuerySchema,
  versionListQuerySchema,
} from './prompts-schemas.js';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (s: Json) => ({ anyOf: [s, { type: 'null' }] });
const str = { type: 'string' };
const int = { type: 'integer' };
const time = { type: 'string', format: 'date-time' };

function object(properties: Record<string, Json>): Json {
  return { type: 'object', properties, required: Object.keys(properties) };
}

function schemaOf(schema: z.ZodType): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
}

function query(schema: z.ZodType): Json[] {
  const js = schemaOf(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: js.required?.includes(name) ?? false, schema: s }));
}

const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, schema: str, description });
const ID = pathParam('id', 'The prompt id.');

function errors(...statuses: string[]): Json {
  return Object.fromEntries(['400', '401', '403', '404', '405', '500', ...statuses].sort().map((s) => [s, { $ref: `#/components/responses/E${s}` }]));
}

const answer = (schema: Json, description: string, status = '200') => ({ [status]: { description, content: { 'application/json': { schema } } } });
const list = (item: string) => object({ object: { const: 'list' }, data: { type: 'array', items: ref(item) }, has_more: { type: 'boolean' } });
const body = (schema: Json) => ({ required: true, content: { 'application/json': { schema } } });

const CREATED = { type: 'boolean', description: 'On a push only: false when the latest version already had this content.' };

const SCOPE =
  "The owner works on the global prompts, or on a team's with ?team=ID; a team_admin on its own team only (another team answers 404); a viewer reads its own team's.";

/** The answer shapes, for components.schemas. */
export function promptSchemas(): Record<string, Json> {
  return {
    Prompt: object({
      object: { const: 'prompt' },
      id: str,
      scope: { type: 'string', description: "'global' or 'team:ID'" },
      description: nullable(str),
      latest_version: int,
      labels: { type: 'object', additionalProperties: int, description: 'Label → the version it points at.' },
      created_at: time,
      updated_at: time,
    }),
    PromptVersion: {
      ...object({
        object: { const: 'prompt_version' },
        prompt_id: str,
        version: int,
        content_hash: { type: 'string', description: 'sha256 of the template as canonical JSON (sorted keys).' },
        message: nullable(str),
        author: nullable(str),
        created_at: time,
        template: schemaOf(promptTemplateSchema),
      }),
    },
    PromptPushed: { allOf: [ref('PromptVersion'), object({ created: CREATED })] },
    PromptLabel: object({
      object: { const: 'prompt_label' },
      prompt_id: str,
      label: str,
      version: int,
      previous_version: nullable(int),
      moved: { type: 'boolean' },
    }),
    PromptLabelDeleted: object({ object: { const: 'prompt_label' }, prompt_id: str, label: str, deleted: { const: true } }),
    PromptLabelEvent: object({
      object: { const: 'prompt_label_event' },
      prompt_id: str,
      label: str,
      version: { ...nullable(int), description: 'null: the label was removed.' },
      previous_version: nullable(int),
      time,
      actor_key_id: str,
      reason: nullable(str),
    }),
    PromptDiff: object({
      object: { const: 'prompt_diff' },
      prompt_id: str,
      from: object({ version: int }),
      to: object({ version: int }),
      unified: { type: 'string', description: 'Unified diff of the canonical YAML of the two templates.' },
    }),
  };
}

/** The paths. */
export function promptPaths(): Record<string, Json> {
  const pushBody = schemaOf(promptPushSchema) as { properties: Record<string, Json> };
  pushBody.properties.template = schemaOf(promptTemplateSchema);
  return {
    '/admin/v1/prompts': {
      get: {
        operationId: 'list_prompts',
        summary: `The prompts of a scope, by id. ${SCOPE}`,
        parameters: query(promptListQuerySchema),
        responses: { ...answer(list('Prompt'), 'A page'), ...errors() },
      },
      post: {
        operationId: 'push_prompt',
        summary:
          'Push a template: a new version (201) unless the latest has the same content (200, created false); with label, the label is moved to that version. Audited.',
        parameters: query(scopeQuerySchema),
        requestBody: body(pushBody),
        responses: {
          ...answer(ref('PromptPushed'), 'A new version', '201'),
          ...answer(ref('PromptPushed'), 'Unchanged: the latest version'),
          ...errors('409', '413', '415'),
        },
      },
    },
    '/admin/v1/prompts/{id}': {
      get: {
        operationId: 'get_prompt',
        summary: 'One prompt',
        parameters: [ID, ...query(scopeQuerySchema)],
        responses: { ...answer(ref('Prompt'), 'The prompt'), ...errors() },
      },
    },
    '/admin/v1/prompts/{id}/versions': {
      get: {
        operationId: 'list_prompt_versions',
        summary: 'Its versions, newest first (after: a version number, for the next page)',
        parameters: [ID, ...query(versionListQuerySchema)],
        responses: { ...answer(list('PromptVersion'), 'A page'), ...errors() },
      },
    },
    '/admin/v1/prompts/{id}/versions/{version}': {
      get: {
        operationId: 'get_prompt_version',
        summary: 'One version (immutable)',
        parameters: [ID, pathParam('version', 'The version number.'), ...query(scopeQuerySchema)],
        responses: { ...answer(ref('PromptVersion'), 'The version'), ...errors() },
      },
    },
    '/admin/v1/prompts/{id}/labels/{label}': {
      put: {
        operationId: 'move_prompt_label',
        summary:
          'Point a label at a version, atomically; with expected_version, only if the label points there now (null: unset), else 409 label_conflict. Audited.',
        parameters: [ID, pathParam('label', 'The label name.'), ...query(scopeQuerySchema)],
        requestBody: body(schemaOf(labelMoveSchema)),
        responses: { ...answer(ref('PromptLabel'), 'Where the label points (moved false: it already did)'), ...errors('409', '413', '415') },
      },
      delete: {
        operationId: 'remove_prompt_label',
        summary: 'Remove a label. Audited.',
        parameters: [ID, pathParam('label', 'The label name.'), ...query(scopeQuerySchema)],
        responses: { ...answer(ref('PromptLabelDeleted'), 'Removed'), ...errors() },
      },
    },
    '/admin/v1/prompts/{id}/labels/history': {
      get: {
        operationId: 'list_prompt_label_history',
        summary: 'Every label move, newest first; one label with ?label=',
        parameters: [ID, ...query(historyQuerySchema)],
        responses: { ...answer(list('PromptLabelEvent'), 'The newest moves (limit, default 100)'), ...errors() },
      },
    },
    '/admin/v1/prompts/{id}/diff': {
      get: {
        operationId: 'diff_prompt_versions',
        summary: 'A unified diff between two versions, each named by number or by label',
        parameters: [ID, ...query(diffQuerySchema)],
        responses: { ...answer(ref('PromptDiff'), 'The diff'), ...errors() },
      },
    },
  };
}
