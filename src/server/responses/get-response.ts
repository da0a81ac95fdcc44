/** GET /v1/responses/{id}: the stored response object, as it was returned. */
import { GatewayError } from '../../core/errors.js';
import { responseNotFound, type StoredResponseRequest } from './stored-response-route.js';

/** The response object of a stored response the tenant can see. */
export async function getResponse({ store, tenant, id, query }: StoredResponseRequest): Promise<unknown> {
  // Replaying a stored response as a stream is not offered: a client asking for it must not get JSON it cannot parse as SSE.
  const stream = new URLSearchParams(query).get('stream');
  if (stream !== null && stream !== 'false')
    throw new GatewayError('unsupported_parameter', 400, 'Streaming a stored response (stream=true) is not supported; omit stream to get it as JSON.', {
      param: 'stream',
    });
  const record = await store.get(tenant, id);
  if (!record) throw responseNotFound(id);
  return record.response;
}
