/**
 * The provider types under conformance test: how to point each at the simulator, which upstream
 * models to call, and which cases do not apply (with the reason shown in docs/compatibility.md).
 */
import { generateKeyPairSync } from 'node:crypto';

/** The cases of the battery, in column order. */
export const CASES = [
  'text',
  'system',
  'multi-turn',
  'tools',
  'tool results',
  'streamed tool calls',
  'image (base64)',
  'image (URL)',
  'json_schema',
  'reasoning',
  'stop',
  'logprobs',
  'usage',
  'usage streamed',
  'error 400',
  'error 401',
  'error 429',
  'error 500',
  'embeddings',
] as const;

/** One case name. */
export type CaseName = (typeof CASES)[number];

/** A provider type as the battery configures it. */
export interface ConformanceTarget {
  type: string;
  /** The providers[] entry; ${SIM} is the simulator URL. */
  provider: Record<string, unknown>;
  chatModel: string;
  embeddingModel?: string;
  /** False when the provider's API hides reasoning text and reports only reasoning tokens (OpenAI). */
  reasoningText?: boolean;
  /** True when the provider says which stop sequence matched (Anthropic-format clients see it). */
  reportsStopSequence?: boolean;
  /** False when the provider's embeddings API reports no token usage. */
  embeddingUsageReported?: boolean;
  /**
   * Cases the provider cannot honour: the battery asserts the gateway answers them with a clear
   * 400 unsupported_parameter naming the provider, and the matrix shows the reason.
   */
  unsupported?: Partial<Record<CaseName, string>>;
  /** Cases that do not apply, with the reason. */
  notApplicable?: Partial<Record<CaseName, string>>;
  /**
   * Cases refused only through /v1/responses, which uses the provider's own Responses API when it
   * has one (OpenAI, Azure OpenAI) instead of its Chat Completions API.
   */
  unsupportedViaResponses?: Partial<Record<CaseName, string>>;
}

const NATIVE_RESPONSES_LOGPROBS =
  "through /v1/responses the gateway uses the provider's own Responses API, whose log-probabilities the Responses codec does not map yet";

function vertexCredentials(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return JSON.stringify({
    type: 'service_account',
    project_id: 'sim-project',
    client_email: 'gateway@sim-project.iam.gserviceaccount.com',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
}

const compat = (type: string, flavorPath: string, extra: Partial<ConformanceTarget> = {}): ConformanceTarget => ({
  type,
  provider: { id: type, type, api_key: 'sk-conformance', base_url: `\${SIM}${flavorPath}` },
  chatModel: `${type}-chat-model`,
  ...extra,
});

const NO_EMBEDDINGS = 'the provider has no embeddings endpoint';

/** Every provider type of issue #2. */
export function conformanceTargets(): ConformanceTarget[] {
  return [
    {
      type: 'openai',
      provider: { id: 'openai', type: 'openai', api_key: 'sk-conformance', base_url: '${SIM}/v1' },
      chatModel: 'gpt-4o',
      embeddingModel: 'text-embedding-3-small',
      // OpenAI hides reasoning text and reports only reasoning tokens.
      reasoningText: false,
      unsupportedViaResponses: { logprobs: NATIVE_RESPONSES_LOGPROBS },
    },
    {
      type: 'anthropic',
      provider: { id: 'anthropic', type: 'anthropic', api_key: 'sk-ant-conformance', base_url: '${SIM}' },
      chatModel: 'claude-sonnet-4-5',
      reportsStopSequence: true,
      unsupported: { logprobs: 'the Anthropic Messages API returns no log-probabilities' },
    },
    {
      type: 'cohere',
      provider: { id: 'cohere', type: 'cohere', api_key: 'co-conformance', base_url: '${SIM}' },
      chatModel: 'command-a-03-2025',
      embeddingModel: 'embed-v4.0',
      unsupported: { logprobs: "Cohere's log-probabilities are per token id, without alternatives, not OpenAI's per-token form" },
    },
    {
      type: 'gemini',
      provider: { id: 'gemini', type: 'gemini', api_key: 'gm-conformance', base_url: '${SIM}' },
      chatModel: 'gemini-2.5-flash',
      embeddingModel: 'gemini-embedding-001',
      // batchEmbedContents returns vectors only, no token count.
      embeddingUsageReported: false,
    },
    {
      type: 'vertex',
      provider: {
        id: 'vertex',
        type: 'vertex',
        project: 'sim-project',
        location: 'us-central1',
        credentials: vertexCredentials(),
        base_url: '${SIM}',
        token_url: '${SIM}/token',
      },
      chatModel: 'gemini-2.5-pro',
      embeddingModel: 'text-embedding-005',
    },
    {
      type: 'bedrock',
      provider: {
        id: 'bedrock',
        type: 'bedrock',
        region: 'us-east-1',
        access_key_id: 'AKIDSIMULATOR',
        secret_access_key: 'simulator-secret',
        base_url: '${SIM}',
      },
      chatModel: 'anthropic.claude-3-haiku-20240307-v1:0',
      // Titan takes one input per call; the battery embeds two texts at once.
      embeddingModel: 'cohere.embed-english-v3',
      reportsStopSequence: true,
      unsupported: { logprobs: 'Bedrock Converse returns no log-probabilities' },
    },
    {
      type: 'azure-openai',
      provider: { id: 'azure-openai', type: 'azure-openai', api_key: 'az-conformance', base_url: '${SIM}/azure' },
      chatModel: 'my-gpt-4o-deployment',
      embeddingModel: 'my-embedding-deployment',
      reasoningText: false,
      unsupportedViaResponses: { logprobs: NATIVE_RESPONSES_LOGPROBS },
    },
    compat('mistral', '/mistral/v1', {
      chatModel: 'mistral-large-latest',
      embeddingModel: 'mistral-embed',
      unsupported: { logprobs: "Mistral's chat API has no logprobs" },
    }),
    compat('groq', '/groq/openai/v1', { chatModel: 'llama-3.3-70b-versatile', unsupported: { logprobs: 'Groq answers 400 for logprobs' } }),
    compat('together', '/together/v1', {
      chatModel: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
      embeddingModel: 'BAAI/bge-base-en-v1.5',
      unsupported: { logprobs: "Together takes logprobs as a count and answers in its own shape, not OpenAI's" },
    }),
    compat('fireworks', '/fireworks/inference/v1', {
      chatModel: 'accounts/fireworks/models/llama-v3p3-70b-instruct',
      embeddingModel: 'nomic-ai/nomic-embed-text-v1.5',
    }),
    compat('deepseek', '/deepseek', {
      chatModel: 'deepseek-chat',
      unsupported: {
        'image (base64)': 'DeepSeek accepts no image input',
        'image (URL)': 'DeepSeek accepts no image input',
        json_schema: 'DeepSeek has json_object mode only, no json_schema',
      },
    }),
    compat('xai', '/xai/v1', {
      chatModel: 'grok-4',
      unsupported: {
        stop: 'xAI reasoning models (grok-4) reject stop sequences',
        reasoning: 'grok-4 always reasons and takes no reasoning_effort',
      },
    }),
    compat('openrouter', '/openrouter/api/v1', { chatModel: 'openai/gpt-4o' }),
    compat('perplexity', '/perplexity', {
      chatModel: 'sonar-pro',
      unsupported: {
        tools: 'Perplexity Sonar has no function calling',
        'tool results': 'Perplexity Sonar has no function calling',
        'streamed tool calls': 'Perplexity Sonar has no function calling',
        stop: 'Perplexity Sonar takes no stop sequences',
        logprobs: 'Perplexity Sonar returns no log-probabilities',
      },
    }),
    compat('ollama', '/ollama/v1', {
      chatModel: 'llama3.2',
      embeddingModel: 'nomic-embed-text',
      unsupported: { logprobs: "Ollama's OpenAI-compatible API does not support logprobs" },
    }),
    compat('vllm', '/vllm/v1', { chatModel: 'meta-llama/Llama-3.1-8B-Instruct', embeddingModel: 'BAAI/bge-m3' }),
    compat('lmstudio', '/lmstudio/v1', {
      chatModel: 'qwen2.5-7b-instruct',
      embeddingModel: 'text-embedding-nomic-embed-text-v1.5',
      unsupported: { logprobs: "LM Studio's OpenAI-compatible API documents no logprobs" },
    }),
    compat('openai-compatible', '/compat/v1', { chatModel: 'any-model', embeddingModel: 'any-embedding' }),
    {
      // The openai type with api: responses: Chat Completions and Messages callers over the Responses API.
      type: 'openai (api: responses)',
      provider: { id: 'openai-responses', type: 'openai', api: 'responses', api_key: 'sk-conformance', base_url: '${SIM}/v1' },
      chatModel: 'gpt-5',
      // api chooses the chat API only; embeddings stay on /embeddings.
      embeddingModel: 'text-embedding-3-small',
      reasoningText: false,
      unsupported: {
        stop: 'the Responses API has no stop sequences',
        logprobs: 'the Responses API returns log-probabilities only through include, in its own shape; not mapped',
      },
    },
  ];
}

/** Exported for targets that need a generated service account. */
export { vertexCredentials, compat, NO_EMBEDDINGS };
