/**
 * Validation helpers and content-block checks for Converse requests, with Bedrock's error
 * texts: known fields only, unions with exactly one member, blank text, image limits, id and
 * name patterns, which blocks each role may carry.
 */
import { validation, type BedrockError } from './errors.js';

type Json = Record<string, unknown>;

/** Thrown by the checks; carries the error to send. */
export class Invalid extends Error {
  constructor(readonly error: BedrockError) {
    super(error.message);
  }
}

/** Throws a ValidationException. */
export function fail(message: string): never {
  throw new Invalid(validation(message));
}

/** A plain JSON object. */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object, or a ValidationException naming the path. */
export function structure(value: unknown, path: string): Json {
  if (!isObject(value)) fail(`1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must be a structure`);
  return value;
}

/** The value as an array, or a ValidationException. */
export function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(`1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must be a list`);
  return value;
}

/** The value as a string, or a ValidationException. */
export function string(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(`1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must be a string`);
  return value;
}

/** Fails on the first field the service model does not define. */
export function onlyKeys(value: Json, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(`1 validation error detected: Unknown parameter '${key}' at '${path}'`);
  }
}

/** The single member of a union value; fails on zero, several or unknown members. */
export function union(value: unknown, members: readonly string[], path: string): string {
  const obj = structure(value, path);
  onlyKeys(obj, members, path);
  const keys = Object.keys(obj);
  if (keys.length !== 1) fail(`1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must have exactly one member set`);
  return keys[0]!;
}

/** ToolName pattern and length. */
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const TOOL_USE_ID = /^[a-zA-Z0-9_.:-]{1,64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** requestMetadata key/value pattern. */
export const METADATA = /^[a-zA-Z0-9\s:_@$#=/+,.-]{0,256}$/;
const MAX_IMAGE_BYTES = 3.75 * 1024 * 1024;

const CONTENT_MEMBERS = [
  'text',
  'image',
  'document',
  'video',
  'audio',
  'toolUse',
  'toolResult',
  'guardContent',
  'cachePoint',
  'reasoningContent',
  'citationsContent',
  'searchResult',
];
const RESULT_MEMBERS = ['text', 'json', 'image', 'document', 'video', 'searchResult'];

/** What the walk over the messages collects for the planner. */
export interface Collected {
  chars: number;
  images: number;
  hasToolBlocks: boolean;
}

function checkImage(value: unknown, path: string, seen: Collected): void {
  const image = structure(value, path);
  onlyKeys(image, ['format', 'source'], path);
  if (!['png', 'jpeg', 'gif', 'webp'].includes(image.format as string)) {
    fail(
      `1 validation error detected: Value '${String(image.format)}' at '${path}.format' failed to satisfy constraint: Member must satisfy enum value set: [png, jpeg, gif, webp]`,
    );
  }
  const source = structure(image.source, `${path}.source`);
  const kind = union(source, ['bytes', 's3Location'], `${path}.source`);
  if (kind === 'bytes') {
    const bytes = string(source.bytes, `${path}.source.bytes`);
    if (!BASE64.test(bytes) || bytes.length === 0) fail(`Invalid base64 in ${path}.source.bytes.`);
    if ((bytes.length * 3) / 4 > MAX_IMAGE_BYTES) fail(`The image at ${path} exceeds the 3.75 MB limit.`);
  } else {
    const s3 = structure(source.s3Location, `${path}.source.s3Location`);
    onlyKeys(s3, ['uri', 'bucketOwner'], `${path}.source.s3Location`);
    if (!/^s3:\/\/.+/.test(String(s3.uri))) fail(`The S3 URI at ${path}.source.s3Location.uri is invalid.`);
  }
  seen.images++;
}

function checkText(value: unknown, path: string, seen: Collected): string {
  const text = string(value, path);
  if (text.trim().length === 0)
    fail(`The text field in the ContentBlock object at ${path.replace(/\.text$/, '')} is blank. Add text to the text field, and try again.`);
  seen.chars += text.length;
  return text;
}

function checkToolResult(value: unknown, path: string, seen: Collected): { id: string; text: string } {
  const result = structure(value, path);
  onlyKeys(result, ['toolUseId', 'content', 'status', 'type'], path);
  const id = string(result.toolUseId, `${path}.toolUseId`);
  if (!TOOL_USE_ID.test(id))
    fail(
      `1 validation error detected: Value '${id}' at '${path}.toolUseId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.:-]+`,
    );
  if (result.status !== undefined && result.status !== 'success' && result.status !== 'error') {
    fail(
      `1 validation error detected: Value '${String(result.status)}' at '${path}.status' failed to satisfy constraint: Member must satisfy enum value set: [success, error]`,
    );
  }
  const texts: string[] = [];
  list(result.content, `${path}.content`).forEach((item, i) => {
    const itemPath = `${path}.content.${i}`;
    const member = union(item, RESULT_MEMBERS, itemPath);
    const block = item as Json;
    if (member === 'text') texts.push(checkText(block.text, `${itemPath}.text`, seen));
    else if (member === 'json') {
      const json = JSON.stringify(block.json);
      seen.chars += json.length;
      texts.push(json);
    } else if (member === 'image') checkImage(block.image, `${itemPath}.image`, seen);
  });
  return { id, text: texts.join('\n') };
}

function checkToolUse(value: unknown, path: string, seen: Collected): string {
  const use = structure(value, path);
  onlyKeys(use, ['toolUseId', 'name', 'input', 'type'], path);
  const id = string(use.toolUseId, `${path}.toolUseId`);
  if (!TOOL_USE_ID.test(id))
    fail(
      `1 validation error detected: Value '${id}' at '${path}.toolUseId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.:-]+`,
    );
  const name = string(use.name, `${path}.name`);
  if (!TOOL_NAME.test(name))
    fail(
      `1 validation error detected: Value '${name}' at '${path}.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+`,
    );
  if (!('input' in use)) fail(`1 validation error detected: Value null at '${path}.input' failed to satisfy constraint: Member must not be null`);
  seen.chars += JSON.stringify(use.input).length;
  return id;
}

function checkReasoning(value: unknown, path: string, seen: Collected): void {
  const member = union(value, ['reasoningText', 'redactedContent'], path);
  const block = value as Json;
  if (member === 'reasoningText') {
    const text = structure(block.reasoningText, `${path}.reasoningText`);
    onlyKeys(text, ['text', 'signature'], `${path}.reasoningText`);
    seen.chars += string(text.text, `${path}.reasoningText.text`).length;
    if (text.signature !== undefined) string(text.signature, `${path}.reasoningText.signature`);
  } else if (!BASE64.test(string(block.redactedContent, `${path}.redactedContent`))) {
    fail(`Invalid base64 in ${path}.redactedContent.`);
  }
}

/** A cachePoint block. */
export function checkCachePoint(value: unknown, path: string): void {
  const point = structure(value, path);
  onlyKeys(point, ['type', 'ttl'], path);
  if (point.type !== 'default')
    fail(
      `1 validation error detected: Value '${String(point.type)}' at '${path}.type' failed to satisfy constraint: Member must satisfy enum value set: [default]`,
    );
  if (point.ttl !== undefined && point.ttl !== '5m' && point.ttl !== '1h')
    fail(
      `1 validation error detected: Value '${String(point.ttl)}' at '${path}.ttl' failed to satisfy constraint: Member must satisfy enum value set: [5m, 1h]`,
    );
}

/** One message; returns its tool-use ids, tool results and text. */
export function checkMessage(
  value: unknown,
  index: number,
  seen: Collected,
): { role: string; toolUses: string[]; results: Array<{ id: string; text: string }>; text: string } {
  const path = `messages.${index}`;
  const message = structure(value, path);
  onlyKeys(message, ['role', 'content'], path);
  const role = message.role;
  if (role !== 'user' && role !== 'assistant') {
    fail(
      `1 validation error detected: Value '${String(role)}' at '${path}.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]`,
    );
  }
  const content = list(message.content, `${path}.content`);
  if (content.length === 0) fail(`The content field in the Message object at ${path} is empty. Add a ContentBlock object to the content field and try again.`);
  const toolUses: string[] = [];
  const results: Array<{ id: string; text: string }> = [];
  const texts: string[] = [];
  content.forEach((item, i) => {
    const blockPath = `${path}.content.${i}`;
    const member = union(item, CONTENT_MEMBERS, blockPath);
    const block = item as Json;
    switch (member) {
      case 'text':
        texts.push(checkText(block.text, `${blockPath}.text`, seen));
        break;
      case 'image':
        checkImage(block.image, `${blockPath}.image`, seen);
        break;
      case 'toolUse':
        if (role !== 'assistant') fail(`${blockPath}: toolUse blocks are only allowed in assistant messages.`);
        seen.hasToolBlocks = true;
        toolUses.push(checkToolUse(block.toolUse, `${blockPath}.toolUse`, seen));
        break;
      case 'toolResult':
        if (role !== 'user') fail(`${blockPath}: toolResult blocks are only allowed in user messages.`);
        seen.hasToolBlocks = true;
        results.push(checkToolResult(block.toolResult, `${blockPath}.toolResult`, seen));
        break;
      case 'reasoningContent':
        if (role !== 'assistant') fail(`${blockPath}: reasoningContent blocks are only allowed in assistant messages.`);
        checkReasoning(block.reasoningContent, `${blockPath}.reasoningContent`, seen);
        break;
      case 'cachePoint':
        checkCachePoint(block.cachePoint, `${blockPath}.cachePoint`);
        break;
      default:
        structure(block[member], `${blockPath}.${member}`);
    }
  });
  return { role: role as string, toolUses, results, text: texts.join('\n') };
}
