/** The simulator's list of wire families. Add a family's routes here. */
import type { SimRoute } from '../route.js';
import { anthropicRoutes } from './anthropic/routes.js';
import { bedrockRoutes } from './bedrock/routes.js';
import { cohereRoutes } from './cohere/routes.js';
import { geminiRoutes } from './gemini/routes.js';
import { openaiRoutes } from './openai/routes.js';

/**
 * Path prefixes that select a provider flavor, so one simulator can stand in for many
 * OpenAI-compatible vendors at once (base_url: http://127.0.0.1:4010/groq/openai/v1).
 */
export const FLAVORS: ReadonlySet<string> = new Set([
  'openai',
  'azure',
  'groq',
  'together',
  'fireworks',
  'deepseek',
  'xai',
  'openrouter',
  'perplexity',
  'ollama',
  'vllm',
  'lmstudio',
  'mistral',
  'compat',
]);

/** Every route of every family, in match order. */
export function allRoutes(): SimRoute[] {
  return [...openaiRoutes, ...cohereRoutes, ...geminiRoutes, ...bedrockRoutes, ...anthropicRoutes];
}
