/** Parsing of image references sent by clients: data: URLs (validated base64) or http(s) URLs. */
import { GatewayError } from '../core/errors.js';
import type { ImagePart } from '../core/types.js';

const DATA_URL = /^data:(image\/[a-zA-Z0-9.+-]+);base64,(.*)$/s;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Checks that a string is well-formed base64 (length and alphabet). */
export function isValidBase64(data: string): boolean {
  return data.length > 0 && data.length % 4 === 0 && BASE64.test(data);
}

/** Turns a client image URL into a canonical ImagePart; bad data URLs are a 400 invalid_image. */
export function parseImageUrl(url: string, param: string): ImagePart {
  if (url.startsWith('data:')) {
    const match = DATA_URL.exec(url);
    if (!match) throw new GatewayError('invalid_image', 400, `'${param}' is not a valid data URL (expected data:image/<type>;base64,<data>).`, { param });
    const data = match[2]!.replace(/\s+/g, '');
    if (!isValidBase64(data)) throw new GatewayError('invalid_image', 400, `'${param}' does not contain valid base64 image data.`, { param });
    return { type: 'image', data, mediaType: match[1]! };
  }
  if (!/^https?:\/\//i.test(url)) throw new GatewayError('invalid_image', 400, `'${param}' must be an http(s) URL or a base64 data URL.`, { param });
  return { type: 'image', url };
}
