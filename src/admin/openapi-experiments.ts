/**
 * Experiments' part of the OpenAPI document: /admin/v1/experiments, /{id} and /{id}/results, the
 * definition generated from the schema the API validates it with.
 */
import { z } from 'zod';
import { EXPERIMENT_STATUSES, experimentDefinitionSchema, METRICS } from '../prompts/experiments/definition.js';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const num = { type: 'number' };
const ms = { type: 'integer', description: 'ms since the epoch' };

function schemaOf(schema: z.ZodType): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
}

function errors(...statuses: string[]): Json {
  return Object.fromEntries(['400', '401', '403', '405', '500', ...statuses].sort().map((s) => [s, { $ref: `#/components/responses/E${s}` }]));
}

const ok = (status: string, schema: Json, description: string) => ({ [status]: { description, content: { 'application/json': { schema } } } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^exp_[0-9a-f]{16}$' } };
const summary = { type: 'object', properties: { n: { type: 'integer' }, mean: num, variance: num }, required: ['n', 'mean', 'variance'] };
const interval = { type: 'array', items: { anyOf: [num, { type: 'null' }] }, minItems: 2, maxItems: 2, description: 'null: unbounded (not enough data)' };

/** The answer shapes, for components.schemas. */
export function experimentSchemas(): Record<string, Json> {
  return {
    ExperimentDefinition: schemaOf(experimentDefinitionSchema),
    Experiment: {
      type: 'object',
      description: "The definition's fields (defaults applied) plus these.",
      properties: {
        object: { const: 'experiment' },
        id: { type: 'string', description: "exp_ + 16 hex: the request log's experiment column" },
        name: { type: 'string' },
        scope: { enum: ['global', 'team'], description: "global: the owner's (any team's traffic, narrowed by teams); team: a team_admin's (its team only)" },
        team_id: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        status: { enum: [...EXPERIMENT_STATUSES] },
        decision: { anyOf: [{ type: 'object' }, { type: 'null' }], description: 'The decision kept at promotion' },
        created_at: ms,
        updated_at: ms,
      },
      required: ['object', 'id', 'name', 'scope', 'status', 'created_at', 'updated_at'],
    },
    ExperimentResults: {
      type: 'object',
      properties: {
        object: { const: 'experiment_results' },
        experiment_id: { type: 'string' },
        name: { type: 'string' },
        status: { enum: [...EXPERIMENT_STATUSES] },
        control: { type: 'string' },
        primary_metric: { enum: [...METRICS] },
        alpha: num,
        variants: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, weight: num, requests: { type: 'integer' }, metrics: { type: 'object', additionalProperties: summary } },
          },
        },
        comparisons: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              variant: { type: 'string' },
              metric: { enum: [...METRICS] },
              control: summary,
              treatment: summary,
              difference: num,
              relative: num,
              interval,
              p_value: { ...num, description: 'Always valid: safe to read at any time, as often as wanted' },
              verdict: { enum: ['better', 'worse', 'no_difference', 'not_enough_data'] },
            },
          },
        },
        decision: {
          type: 'object',
          properties: { decision: { enum: ['winner', 'no_difference', 'not_enough_data'] }, variant: { type: 'string' }, reason: { type: 'string' } },
        },
        updated_at: ms,
      },
    },
  };
}

/** The paths. */
export function experimentPaths(): Record<string, Json> {
  const patch = {
    type: 'object',
    additionalProperties: false,
    properties: {
      status: { enum: ['running', 'paused', 'stopped'] },
      weights: { type: 'object', additionalProperties: { type: 'number', exclusiveMinimum: 0 }, description: 'variant name → weight' },
      description: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    },
  };
  return {
    '/admin/v1/experiments': {
      get: {
        operationId: 'list_experiments',
        summary: "Experiments (owner: all; team keys: their team's)",
        responses: {
          ...ok('200', { type: 'object', properties: { object: { const: 'list' }, data: { type: 'array', items: ref('Experiment') } } }, 'All of them'),
          ...errors(),
        },
      },
      post: {
        operationId: 'create_experiment',
        summary: "Create an experiment; it starts running (owner: global; team_admin: its team's; viewer: 403); audited",
        requestBody: { required: true, content: { 'application/json': { schema: ref('ExperimentDefinition') } } },
        responses: { ...ok('201', ref('Experiment'), 'Created'), ...errors('409', '413', '415') },
      },
    },
    '/admin/v1/experiments/{id}': {
      parameters: [idParam],
      get: { operationId: 'get_experiment', summary: 'One experiment', responses: { ...ok('200', ref('Experiment'), 'The experiment'), ...errors('404') } },
      patch: {
        operationId: 'update_experiment',
        summary: 'Pause, resume or stop it, change weights or the description; audited',
        requestBody: { required: true, content: { 'application/json': { schema: patch } } },
        responses: { ...ok('200', ref('Experiment'), 'Updated'), ...errors('404', '413', '415') },
      },
      delete: {
        operationId: 'delete_experiment',
        summary: 'Delete it (its request-log rows stay); audited',
        responses: { ...ok('200', { type: 'object' }, 'Deleted'), ...errors('404') },
      },
    },
    '/admin/v1/experiments/{id}/results': {
      parameters: [idParam],
      get: {
        operationId: 'get_experiment_results',
        summary: 'Per-variant metrics, every treatment against the control with always-valid intervals and p-values, and the decision',
        responses: { ...ok('200', ref('ExperimentResults'), 'The results now'), ...errors('404') },
      },
    },
  };
}
