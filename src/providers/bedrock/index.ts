/**
 * Amazon Bedrock Runtime: chat through Converse / ConverseStream (one format for every model
 * family), embeddings through InvokeModel (Titan, Cohere), SigV4 or Bedrock API key auth.
 * Settings: region (the config loader falls back to AWS_REGION, then AWS_DEFAULT_REGION),
 * access_key_id + secret_access_key (+ session_token), or api_key. base_url defaults to
 * https://bedrock-runtime.{region}.amazonaws.com and, when configured, replaces it.
 */
import type { Provider } from '../spec/provider.js';
import { authorizeBedrock } from './authorize.js';
import { decodeConverseBody } from './decode-response.js';
import { createConverseStreamDecoder } from './decode-stream.js';
import { decodeEmbeddingsBody, encodeEmbeddingsRequest } from './embeddings.js';
import { encodeChatRequest } from './encode-request.js';
import { decodeBedrockError } from './map-error.js';
import { bedrockSettingsFromEnvironment, validateBedrockSettings } from './settings.js';

/** The `bedrock` provider type. */
export const bedrockProvider: Provider = {
  type: 'bedrock',
  displayName: 'Amazon Bedrock',
  // Empty: the endpoint depends on the region (see baseUrlOf).
  defaultBaseUrl: '',
  // Either credential kind will do, which a list cannot say; validateSettings checks it.
  requiredSettings: [],
  settingsFromEnvironment: bedrockSettingsFromEnvironment,
  validateSettings: validateBedrockSettings,
  capabilities: {
    chat: true,
    streaming: true,
    tools: true,
    // Models call several tools in one turn, but turning that off has no Converse switch.
    parallelToolCalls: true,
    images: 'inline',
    jsonObject: true,
    jsonSchema: true,
    reasoning: true,
    embeddings: true,
    seed: false,
    stop: true,
  },
  streamFraming: 'aws-eventstream',
  chat: {
    encode: encodeChatRequest,
    decode: (body, settings) => decodeConverseBody(body, settings.id),
    createStreamDecoder: (settings) => createConverseStreamDecoder(settings.id),
  },
  embeddings: {
    encode: encodeEmbeddingsRequest,
    decode: (body, request, settings, headers) => decodeEmbeddingsBody(body, request, settings.id, headers),
  },
  decodeError: decodeBedrockError,
  authorize: authorizeBedrock,
};
