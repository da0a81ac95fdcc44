/**
 * Converse / ConverseStream request validation: top-level fields, the conversation rules
 * (starts with user, alternates, tool results answer the previous turn's tool uses, toolConfig
 * present whenever tool blocks are), tool configuration, inference settings, structured output,
 * and Claude's additionalModelRequestFields rules. A valid request becomes a SimInput.
 */
import type { SimInput, SimTool } from '../../reply.js';
import type { BedrockError } from './errors.js';
import {
  checkCachePoint,
  checkMessage,
  type Collected,
  fail,
  Invalid,
  isObject,
  list,
  METADATA,
  onlyKeys,
  string,
  structure,
  TOOL_NAME,
  union,
} from './validate-content.js';

type Json = Record<string, unknown>;

const TOP_LEVEL = [
  'messages',
  'system',
  'inferenceConfig',
  'toolConfig',
  'guardrailConfig',
  'additionalModelRequestFields',
  'promptVariables',
  'additionalModelResponseFieldPaths',
  'requestMetadata',
  'performanceConfig',
  'serviceTier',
  'outputConfig',
];

const CLAUDE_FIELDS = ['top_k', 'thinking', 'anthropic_beta', 'tool_choice'];

/** A validated Converse request. */
export interface ConverseInput {
  input: SimInput;
  /** additionalModelResponseFieldPaths, e.g. ["/stop_sequence"]. */
  responseFieldPaths: string[];
}

function isClaude(modelId: string): boolean {
  return /(^|\.)anthropic\.claude/.test(modelId.slice(modelId.lastIndexOf('/') + 1));
}

function checkSystem(value: unknown, seen: Collected): string {
  const texts: string[] = [];
  list(value, 'system').forEach((item, i) => {
    const member = union(item, ['text', 'guardContent', 'cachePoint'], `system.${i}`);
    const block = item as Json;
    if (member === 'text') {
      const text = string(block.text, `system.${i}.text`);
      if (text.length === 0)
        fail(`1 validation error detected: Value at 'system.${i}.text' failed to satisfy constraint: Member must have length greater than or equal to 1`);
      seen.chars += text.length;
      texts.push(text);
    } else if (member === 'cachePoint') checkCachePoint(block.cachePoint, `system.${i}.cachePoint`);
  });
  return texts.join('\n');
}

function checkInference(value: unknown): { maxTokens?: number; temperature?: number; stop: string[] } {
  const config = structure(value, 'inferenceConfig');
  onlyKeys(config, ['maxTokens', 'temperature', 'topP', 'stopSequences'], 'inferenceConfig');
  const { maxTokens, temperature, topP } = config;
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || (maxTokens as number) < 1)) {
    fail("1 validation error detected: Value at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1");
  }
  for (const [name, v] of [
    ['temperature', temperature],
    ['topP', topP],
  ] as const) {
    if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 1)) {
      fail(`1 validation error detected: Value at 'inferenceConfig.${name}' failed to satisfy constraint: Member must have value less than or equal to 1`);
    }
  }
  const stop =
    config.stopSequences === undefined
      ? []
      : list(config.stopSequences, 'inferenceConfig.stopSequences').map((s, i) => string(s, `inferenceConfig.stopSequences.${i}`));
  return { maxTokens: maxTokens as number | undefined, temperature: temperature as number | undefined, stop };
}

function checkToolConfig(value: unknown): { tools: SimTool[]; choice?: string } {
  const config = structure(value, 'toolConfig');
  onlyKeys(config, ['tools', 'toolChoice'], 'toolConfig');
  const entries = list(config.tools, 'toolConfig.tools');
  if (entries.length === 0)
    fail("1 validation error detected: Value '[]' at 'toolConfig.tools' failed to satisfy constraint: Member must have length greater than or equal to 1");
  const tools: SimTool[] = [];
  entries.forEach((item, i) => {
    const path = `toolConfig.tools.${i}`;
    const member = union(item, ['toolSpec', 'systemTool', 'cachePoint'], path);
    if (member !== 'toolSpec') return;
    const spec = structure((item as Json).toolSpec, `${path}.toolSpec`);
    onlyKeys(spec, ['name', 'description', 'inputSchema', 'strict'], `${path}.toolSpec`);
    const name = string(spec.name, `${path}.toolSpec.name`);
    if (!TOOL_NAME.test(name))
      fail(
        `1 validation error detected: Value '${name}' at '${path}.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+`,
      );
    if (spec.description !== undefined && string(spec.description, `${path}.toolSpec.description`).length === 0) {
      fail(
        `1 validation error detected: Value at '${path}.toolSpec.description' failed to satisfy constraint: Member must have length greater than or equal to 1`,
      );
    }
    union(spec.inputSchema, ['json'], `${path}.toolSpec.inputSchema`);
    const schema = structure((spec.inputSchema as Json).json, `${path}.toolSpec.inputSchema.json`);
    if (schema.type !== 'object') fail(`The value at ${path}.toolSpec.inputSchema.json.type must be 'object'.`);
    if (tools.some((t) => t.name === name)) fail(`The tool name ${name} is used more than once in toolConfig.tools. Tool names must be unique.`);
    tools.push({ name, parameters: schema });
  });
  if (config.toolChoice === undefined) return { tools };
  const member = union(config.toolChoice, ['auto', 'any', 'tool'], 'toolConfig.toolChoice');
  const choice = structure((config.toolChoice as Json)[member], `toolConfig.toolChoice.${member}`);
  if (member === 'tool') {
    onlyKeys(choice, ['name'], 'toolConfig.toolChoice.tool');
    const name = string(choice.name, 'toolConfig.toolChoice.tool.name');
    if (!tools.some((t) => t.name === name)) fail(`The tool ${name} named in toolConfig.toolChoice is not defined in toolConfig.tools.`);
    return { tools, choice: name };
  }
  onlyKeys(choice, [], `toolConfig.toolChoice.${member}`);
  return { tools, choice: member === 'any' ? 'required' : 'auto' };
}

/** Claude's rules, reported the way Bedrock relays model-side validation errors. */
function checkClaudeFields(fields: Json, maxTokens: number | undefined, temperature: number | undefined, choice: string | undefined): boolean {
  for (const key of Object.keys(fields)) {
    if (!CLAUDE_FIELDS.includes(key)) fail(`The model returned the following errors: ${key}: Extra inputs are not permitted`);
  }
  if (fields.top_k !== undefined && (!Number.isInteger(fields.top_k) || (fields.top_k as number) < 0))
    fail('The model returned the following errors: top_k: Input should be a valid integer');
  if (fields.thinking === undefined) return false;
  const thinking = structure(fields.thinking, 'additionalModelRequestFields.thinking');
  if (thinking.type === 'disabled') return false;
  if (thinking.type !== 'enabled') fail("The model returned the following errors: thinking.type: Input should be 'enabled' or 'disabled'");
  const budget = thinking.budget_tokens;
  if (!Number.isInteger(budget) || (budget as number) < 1024)
    fail('The model returned the following errors: thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
  if (maxTokens !== undefined && maxTokens <= (budget as number))
    fail('The model returned the following errors: `max_tokens` must be greater than `thinking.budget_tokens`.');
  if (temperature !== undefined && temperature !== 1)
    fail('The model returned the following errors: `temperature` may only be set to 1 when thinking is enabled.');
  if (choice !== undefined && choice !== 'auto') fail('The model returned the following errors: Thinking may not be enabled when tool_choice forces tool use.');
  if (fields.top_k !== undefined) fail('The model returned the following errors: `top_k` is not supported when thinking is enabled.');
  return true;
}

function checkOutputConfig(value: unknown): Record<string, unknown> | undefined {
  const config = structure(value, 'outputConfig');
  onlyKeys(config, ['textFormat', 'effort'], 'outputConfig');
  if (config.textFormat === undefined) return undefined;
  const format = structure(config.textFormat, 'outputConfig.textFormat');
  onlyKeys(format, ['type', 'structure'], 'outputConfig.textFormat');
  if (format.type !== 'json_schema')
    fail(
      "1 validation error detected: Value at 'outputConfig.textFormat.type' failed to satisfy constraint: Member must satisfy enum value set: [json_schema]",
    );
  union(format.structure, ['jsonSchema'], 'outputConfig.textFormat.structure');
  const jsonSchema = structure((format.structure as Json).jsonSchema, 'outputConfig.textFormat.structure.jsonSchema');
  onlyKeys(jsonSchema, ['schema', 'name', 'description'], 'outputConfig.textFormat.structure.jsonSchema');
  const text = string(jsonSchema.schema, 'outputConfig.textFormat.structure.jsonSchema.schema');
  try {
    const schema = JSON.parse(text) as unknown;
    if (isObject(schema)) return schema;
  } catch {
    // reported below
  }
  return fail('The JSON schema in outputConfig.textFormat.structure.jsonSchema.schema is not a valid JSON object.');
}

/** Validates a Converse body for a model id; returns the SimInput or the error to send. */
export function validateConverse(body: unknown, modelId: string): ConverseInput | BedrockError {
  try {
    return validate(body, modelId);
  } catch (err) {
    if (err instanceof Invalid) return err.error;
    throw err;
  }
}

function validate(raw: unknown, modelId: string): ConverseInput {
  const body = structure(raw, 'body');
  onlyKeys(body, TOP_LEVEL, 'body');
  if (body.messages === undefined) fail("1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null");
  const seen: Collected = { chars: 0, images: 0, hasToolBlocks: false };
  const systemText = body.system === undefined ? '' : checkSystem(body.system, seen);
  const messages = list(body.messages, 'messages').map((m, i) => checkMessage(m, i, seen));
  if (messages.length === 0 || messages[0]!.role !== 'user') {
    fail('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  }
  for (let i = 1; i < messages.length; i++) {
    const previous = messages[i - 1]!;
    const current = messages[i]!;
    if (current.role === previous.role) {
      fail(
        'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.',
      );
    }
    for (const result of current.results) {
      if (!previous.toolUses.includes(result.id)) {
        fail(`messages.${i}: The toolResult block(s) have a toolUseId (${result.id}) that does not match any toolUse block in the previous turn.`);
      }
    }
    if (current.role === 'user') {
      const missing = previous.toolUses.filter((id) => !current.results.some((r) => r.id === id));
      if (missing.length > 0) fail(`messages.${i}: Expected toolResult blocks for the following toolUse ids: ${missing.join(', ')}`);
    }
  }
  if (seen.hasToolBlocks && body.toolConfig === undefined) fail('The toolConfig field must be defined when using toolUse and toolResult content blocks.');

  const inference = body.inferenceConfig === undefined ? { stop: [] as string[] } : checkInference(body.inferenceConfig);
  const tools = body.toolConfig === undefined ? { tools: [] as SimTool[] } : checkToolConfig(body.toolConfig);
  let reasoning = false;
  if (body.additionalModelRequestFields !== undefined) {
    const fields = structure(body.additionalModelRequestFields, 'additionalModelRequestFields');
    if (isClaude(modelId))
      reasoning = checkClaudeFields(fields, inference.maxTokens, 'temperature' in inference ? inference.temperature : undefined, tools.choice);
  }
  const responseFieldPaths =
    body.additionalModelResponseFieldPaths === undefined
      ? []
      : list(body.additionalModelResponseFieldPaths, 'additionalModelResponseFieldPaths').map((p, i) => {
          const path = string(p, `additionalModelResponseFieldPaths.${i}`);
          if (!path.startsWith('/')) fail(`The additionalModelResponseFieldPaths entry '${path}' is not a valid JSON pointer.`);
          return path;
        });
  const jsonSchema = body.outputConfig === undefined ? undefined : checkOutputConfig(body.outputConfig);
  if (body.requestMetadata !== undefined) {
    for (const [key, value] of Object.entries(structure(body.requestMetadata, 'requestMetadata'))) {
      if (typeof value !== 'string' || !METADATA.test(key) || key.length === 0 || !METADATA.test(value)) {
        fail(
          `1 validation error detected: Value at 'requestMetadata' failed to satisfy constraint: Map keys and values must satisfy regular expression pattern: [a-zA-Z0-9\\s:_@$#=/+,.-]{0,256}`,
        );
      }
    }
  }

  // Tool results that answer the last assistant turn, when the conversation ends with them.
  const last = messages[messages.length - 1]!;
  const toolResults = last.role === 'user' ? last.results.map((r) => r.text) : [];
  const lastUser = [...messages].reverse().find((m) => m.role === 'user' && m.text.length > 0);
  const input: SimInput = {
    model: modelId,
    systemText,
    lastUserText: lastUser?.text ?? '',
    inputChars: seen.chars,
    imageCount: seen.images,
    turnCount: messages.length,
    tools: tools.tools,
    toolResults,
    stop: inference.stop,
    reasoning,
    parallelToolCalls: true,
  };
  if (tools.choice !== undefined) input.toolChoice = tools.choice;
  if (jsonSchema) input.jsonSchema = jsonSchema;
  if (inference.maxTokens !== undefined) input.maxTokens = inference.maxTokens;
  return { input, responseFieldPaths };
}
