/** The single list of provider types. Adding a provider means adding one line here. */
import { cohereProvider } from './cohere/index.js';
import { openaiProvider } from './openai/index.js';
import type { Provider } from './spec/provider.js';

/** Every provider type, by config `type`. */
export const PROVIDERS: ReadonlyMap<string, Provider> = new Map([openaiProvider, cohereProvider].map((provider) => [provider.type, provider]));
