/** The prepare phase for images: inline remote images for providers that only take base64 data. */
import type { ChatRequest, ContentPart } from '../core/types.js';
import { fetchImage, type ImageFetchOptions } from '../transport/fetch-image.js';

/** Whether a request has any remote image URL. Checked first so text-only requests cost nothing. */
function hasRemoteImage(request: ChatRequest): boolean {
  for (const message of request.messages) {
    if (message.role !== 'user') continue;
    for (const part of message.content) if (part.type === 'image' && part.url) return true;
  }
  return false;
}

/** Returns a request whose remote images are replaced by fetched base64 data. */
export async function inlineRemoteImages(request: ChatRequest, options: ImageFetchOptions): Promise<ChatRequest> {
  if (!hasRemoteImage(request)) return request;
  const messages = await Promise.all(
    request.messages.map(async (message, i) => {
      if (message.role !== 'user') return message;
      const content = await Promise.all(
        message.content.map(async (part, j): Promise<ContentPart> => {
          if (part.type !== 'image' || !part.url) return part;
          const fetched = await fetchImage(part.url, `messages[${i}].content[${j}]`, options);
          return { type: 'image', data: fetched.data, mediaType: fetched.mediaType, ...(part.detail ? { detail: part.detail } : {}) };
        }),
      );
      return { ...message, content };
    }),
  );
  return { ...request, messages };
}
