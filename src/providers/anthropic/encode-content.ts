/** Canonical content parts → Anthropic request content blocks. */
import { GatewayError, invalidRequest } from '../../core/errors.js';
import type { ContentPart, ImagePart, TextPart } from '../../core/types.js';

/** An Anthropic content block as sent on the wire. */
export type Block = Record<string, unknown>;

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** A text block with its cache breakpoint; undefined for empty text, which Anthropic rejects. */
export function encodeText(part: TextPart): Block | undefined {
  if (part.text === '') return undefined;
  const block: Block = { type: 'text', text: part.text };
  if (part.cacheControl) block.cache_control = { ...part.cacheControl };
  return block;
}

/** An image block from a URL or inline base64; only the four formats Anthropic reads. */
export function encodeImage(part: ImagePart, param: string): Block {
  if (part.url !== undefined) return { type: 'image', source: { type: 'url', url: part.url } };
  if (part.data === undefined) throw invalidRequest('Image has neither url nor data.', param);
  const mediaType = part.mediaType?.toLowerCase();
  if (!mediaType || !IMAGE_TYPES.has(mediaType)) {
    throw new GatewayError(
      'invalid_image',
      400,
      `Image media type '${part.mediaType ?? ''}' is not supported by Anthropic (use image/jpeg, image/png, image/gif or image/webp).`,
      { param },
    );
  }
  return { type: 'image', source: { type: 'base64', media_type: mediaType, data: part.data } };
}

/** User or tool-result content: text and images. Reasoning has no place there. */
export function encodeUserParts(parts: ContentPart[], param: string): Block[] {
  const blocks: Block[] = [];
  parts.forEach((part, j) => {
    if (part.type === 'text') {
      const block = encodeText(part);
      if (block) blocks.push(block);
    } else if (part.type === 'image') {
      blocks.push(encodeImage(part, `${param}[${j}]`));
    } else {
      throw invalidRequest('Reasoning content is only valid in assistant messages.', `${param}[${j}]`);
    }
  });
  return blocks;
}
