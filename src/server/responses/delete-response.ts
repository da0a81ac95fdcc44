/** DELETE /v1/responses/{id}: forgets a stored response. */
import { responseNotFound, type StoredResponseRequest } from './stored-response-route.js';

/** OpenAI's deletion object, or 404 when the tenant had nothing under that id. */
export async function deleteResponse({ store, tenant, id }: StoredResponseRequest): Promise<unknown> {
  if (!(await store.delete(tenant, id))) throw responseNotFound(id);
  return { id, object: 'response', deleted: true };
}
