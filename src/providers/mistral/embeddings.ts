/** Mistral's POST /v1/embeddings body: dimensions are `output_dimension`, and there is no `user`. */
import type { EmbeddingsRequest } from '../../core/types.js';
import type { ProviderSettings } from '../spec/provider.js';

/** Builds the body; floats are always requested, as for OpenAI. */
export function encodeMistralEmbeddingsBody(request: EmbeddingsRequest, _settings: ProviderSettings): Record<string, unknown> {
  const body: Record<string, unknown> = { model: request.model, input: request.input, encoding_format: 'float' };
  if (request.dimensions !== undefined) body.output_dimension = request.dimensions;
  // `user` has no field here and never changes the output: left out by design (docs/providers.md).
  return body;
}
