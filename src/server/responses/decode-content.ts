/**
 * Content parts of Responses input items → canonical parts: input_text, input_image (a URL or
 * data URL; by file_id only a Responses API can resolve it), input_file (only a Responses API can
 * read it: it rides verbatim as a native part), and the output_text/refusal parts of assistant
 * messages sent back.
 */
import { GatewayError, invalidRequest } from '../../core/errors.js';
import type { ContentPart, ImagePart, TextPart } from '../../core/types.js';
import { parseImageUrl } from '../image-url.js';

type Obj = Record<string, unknown>;

/** A plain JSON object (not null, not an array). */
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const given = (v: unknown) => v !== undefined && v !== null;

function partsOf(content: unknown, path: string, what: string): unknown[] {
  if (!Array.isArray(content)) throw invalidRequest(`'${path}' must be a string or an array of ${what}.`, path);
  return content;
}

function textOf(part: Obj, path: string): string {
  if (typeof part.text !== 'string') throw invalidRequest(`'${path}.text' must be a string.`, `${path}.text`);
  return part.text;
}

function inputText(part: Obj, path: string): TextPart {
  const text: TextPart = { type: 'text', text: textOf(part, path) };
  // An explicit prompt-cache breakpoint is what Anthropic-style cache_control marks.
  if (isObj(part.prompt_cache_breakpoint)) text.cacheControl = { type: 'ephemeral' };
  return text;
}

const DETAILS = new Set(['auto', 'low', 'high']);

function inputImage(part: Obj, path: string): ContentPart {
  if (given(part.image_url)) {
    if (typeof part.image_url !== 'string') throw invalidRequest(`'${path}.image_url' must be a string.`, `${path}.image_url`);
    const image: ImagePart = parseImageUrl(part.image_url, `${path}.image_url`);
    if (given(part.detail)) {
      if (typeof part.detail !== 'string') throw invalidRequest(`'${path}.detail' must be a string.`, `${path}.detail`);
      // 'original' asks for the full resolution, which is what every other provider sends anyway.
      if (DETAILS.has(part.detail)) image.detail = part.detail as ImagePart['detail'];
    }
    return image;
  }
  if (typeof part.file_id === 'string') return { type: 'native_item', item: part };
  throw invalidRequest(`'${path}' needs an 'image_url' (or a 'file_id').`, path);
}

function inputFile(part: Obj, path: string): ContentPart {
  for (const key of ['file_id', 'file_data', 'filename', 'file_url']) {
    if (given(part[key]) && typeof part[key] !== 'string') throw invalidRequest(`'${path}.${key}' must be a string.`, `${path}.${key}`);
  }
  if (!given(part.file_id) && !given(part.file_data) && !given(part.file_url)) {
    throw invalidRequest(`'${path}' needs a 'file_id', 'file_data' or 'file_url'.`, path);
  }
  // The canonical form has no file part: only a Responses API can read it, verbatim.
  return { type: 'native_item', item: part };
}

function unsupportedPart(type: unknown, path: string): GatewayError {
  const shown = typeof type === 'string' ? type.slice(0, 64) : String(type);
  return new GatewayError('unsupported_parameter', 400, `Content part type '${shown}' at '${path}' is not supported here.`, { param: `${path}.type` });
}

/** User content (and tool output parts): input_text, input_image, input_file. */
export function decodeUserContent(content: unknown, path: string): ContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return partsOf(content, path, 'input parts').map((part, i): ContentPart => {
    const p = `${path}[${i}]`;
    if (!isObj(part)) throw invalidRequest(`'${p}' must be an object.`, p);
    switch (part.type) {
      case 'input_text':
        return inputText(part, p);
      case 'input_image':
        return inputImage(part, p);
      case 'input_file':
        return inputFile(part, p);
      default:
        throw unsupportedPart(part.type, p);
    }
  });
}

/** System and developer content: a string or input_text parts. */
export function decodeInstructionContent(content: unknown, path: string): TextPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return partsOf(content, path, 'input_text parts').map((part, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(part)) throw invalidRequest(`'${p}' must be an object.`, p);
    if (part.type !== 'input_text') throw unsupportedPart(part.type, p);
    return inputText(part, p);
  });
}

/** Assistant content sent back: a string, output_text (or input_text) parts, and at most a refusal. */
export function decodeAssistantContent(content: unknown, path: string): { parts: TextPart[]; refusal?: string } {
  if (typeof content === 'string') return { parts: [{ type: 'text', text: content }] };
  const parts: TextPart[] = [];
  let refusal: string | undefined;
  partsOf(content, path, 'output_text parts').forEach((part, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(part)) throw invalidRequest(`'${p}' must be an object.`, p);
    if (part.type === 'output_text' || part.type === 'input_text') parts.push({ type: 'text', text: textOf(part, p) });
    else if (part.type === 'refusal') {
      if (typeof part.refusal !== 'string') throw invalidRequest(`'${p}.refusal' must be a string.`, `${p}.refusal`);
      refusal = (refusal ?? '') + part.refusal;
    } else throw unsupportedPart(part.type, p);
  });
  return refusal === undefined ? { parts } : { parts, refusal };
}
