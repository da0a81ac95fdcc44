/** Canonical content parts → Converse ContentBlocks (text, image, reasoning, cache points). */
import { GatewayError } from '../../core/errors.js';
import type { ContentPart, ImagePart, ReasoningPart, TextPart } from '../../core/types.js';

type Json = Record<string, unknown>;

const FORMATS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

const EXTENSIONS: Record<string, string> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', gif: 'gif', webp: 'webp' };

function badImage(message: string, param: string): GatewayError {
  return new GatewayError('invalid_image', 400, message, { param });
}

function imageFormat(part: ImagePart, param: string): string {
  if (part.mediaType) {
    const format = FORMATS[part.mediaType.toLowerCase()];
    if (!format) throw badImage(`Bedrock accepts png, jpeg, gif and webp images, not ${part.mediaType}.`, param);
    return format;
  }
  const extension = /\.([a-z]+)$/i.exec(part.url ?? '')?.[1]?.toLowerCase();
  const format = extension ? EXTENSIONS[extension] : undefined;
  if (!format) throw badImage('The image has no media type and its name does not say png, jpeg, gif or webp.', param);
  return format;
}

/**
 * An image block. Converse has no URL source: the gateway inlines http(s) images before encode,
 * so one still arriving is refused; s3:// URIs are passed as an S3 location, which Bedrock reads.
 */
export function encodeImage(part: ImagePart, param: string): Json {
  if (part.data !== undefined) return { image: { format: imageFormat(part, param), source: { bytes: part.data } } };
  const url = part.url ?? '';
  if (url.startsWith('s3://')) return { image: { format: imageFormat(part, param), source: { s3Location: { uri: url } } } };
  throw badImage('Bedrock needs images inline (base64) or as s3:// URIs; this image is a remote URL that was not inlined.', param);
}

/** A cachePoint block for a part that asked for a prompt-cache breakpoint. */
function cachePoint(part: TextPart): Json | undefined {
  if (!part.cacheControl) return undefined;
  const ttl = part.cacheControl.ttl;
  return { cachePoint: ttl === '5m' || ttl === '1h' ? { type: 'default', ttl } : { type: 'default' } };
}

/** Text blocks; empty text is left out because Converse rejects blank text blocks. */
export function encodeText(part: TextPart, out: Json[]): void {
  if (part.text.length > 0) out.push({ text: part.text });
  const point = cachePoint(part);
  if (point) out.push(point);
}

/** A reasoningContent block, sent back unmodified as the docs require. */
export function encodeReasoning(part: ReasoningPart): Json | undefined {
  if (part.redactedData !== undefined) return { reasoningContent: { redactedContent: part.redactedData } };
  if (part.text.length === 0 && part.signature === undefined) return undefined;
  const reasoningText: Json = { text: part.text };
  if (part.signature !== undefined) reasoningText.signature = part.signature;
  return { reasoningContent: { reasoningText } };
}

/**
 * Blocks for user-side content (user turns and tool results). Reasoning parts have no place on
 * the user side; valid canonical input carries none there.
 */
export function encodeUserParts(parts: ContentPart[], param: string): Json[] {
  const out: Json[] = [];
  parts.forEach((part, i) => {
    if (part.type === 'text') encodeText(part, out);
    else if (part.type === 'image') out.push(encodeImage(part, `${param}[${i}]`));
  });
  return out;
}
