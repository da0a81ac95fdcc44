/** The single list of provider types. Adding a provider means adding one line here. */
import { anthropicProvider } from './anthropic/index.js';
import { azureOpenAIProvider } from './azure-openai/index.js';
import { bedrockProvider } from './bedrock/index.js';
import { cohereProvider } from './cohere/index.js';
import { deepseekProvider } from './deepseek/index.js';
import { fireworksProvider } from './fireworks/index.js';
import { geminiProvider, vertexProvider } from './gemini/index.js';
import { groqProvider } from './groq/index.js';
import { lmstudioProvider } from './lmstudio/index.js';
import { mistralProvider } from './mistral/index.js';
import { ollamaProvider } from './ollama/index.js';
import { openaiProvider } from './openai/index.js';
import { openaiCompatibleProvider } from './openai-compatible/index.js';
import { openrouterProvider } from './openrouter/index.js';
import { perplexityProvider } from './perplexity/index.js';
import type { Provider } from './spec/provider.js';
import { togetherProvider } from './together/index.js';
import { vllmProvider } from './vllm/index.js';
import { xaiProvider } from './xai/index.js';

const ALL: Provider[] = [
  openaiProvider,
  azureOpenAIProvider,
  anthropicProvider,
  geminiProvider,
  vertexProvider,
  bedrockProvider,
  cohereProvider,
  mistralProvider,
  groqProvider,
  togetherProvider,
  fireworksProvider,
  deepseekProvider,
  xaiProvider,
  openrouterProvider,
  perplexityProvider,
  ollamaProvider,
  vllmProvider,
  lmstudioProvider,
  openaiCompatibleProvider,
];

/** Every provider type, by config `type`. */
export const PROVIDERS: ReadonlyMap<string, Provider> = new Map(ALL.map((provider) => [provider.type, provider]));
