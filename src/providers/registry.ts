/** The single list of provider types. Adding a provider means adding one line here. */
import { anthropicProvider } from './anthropic/index.js';
import { bedrockProvider } from './bedrock/index.js';
import { cohereProvider } from './cohere/index.js';
import { geminiProvider, vertexProvider } from './gemini/index.js';
import { openaiProvider } from './openai/index.js';
import type { Provider } from './spec/provider.js';

/** Every provider type, by config `type`. */
export const PROVIDERS: ReadonlyMap<string, Provider> = new Map(
  [openaiProvider, anthropicProvider, cohereProvider, geminiProvider, vertexProvider, bedrockProvider].map((provider) => [provider.type, provider]),
);
