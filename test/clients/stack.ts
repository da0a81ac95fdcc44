/**
 * One simulator + gateway for a client-matrix test file: a provider of each upstream family
 * (openai, anthropic, gemini types) behind the aliases `FAMILY-chat` and `FAMILY-embed`, and a
 * recorder of every request the simulator receives.
 */
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { type Family, UpstreamRecorder } from './upstream.js';

/** The upstream families, in column order. */
export const FAMILIES: readonly Family[] = ['openai', 'anthropic', 'gemini'];

/** What each family's alias points at upstream. */
export const UPSTREAM_MODELS: Record<Family, { chat: string; embeddings: string }> = {
  openai: { chat: 'gpt-4o', embeddings: 'text-embedding-3-small' },
  anthropic: { chat: 'claude-sonnet-4-5', embeddings: 'claude-sonnet-4-5' },
  gemini: { chat: 'gemini-2.5-flash', embeddings: 'gemini-embedding-001' },
};

/** Gemini's batchEmbedContents returns vectors only: there is no token count to report. */
export const EMBEDDING_USAGE_REPORTED: Record<Family, boolean> = { openai: true, anthropic: true, gemini: false };

/** A running stack plus the upstream record. */
export interface ClientStack {
  stack: TestStack;
  upstream: UpstreamRecorder;
  close(): Promise<void>;
}

/** Starts the simulator and a gateway configured for the matrix. */
export async function startClientStack(): Promise<ClientStack> {
  const stack = await startStack({
    providers: [
      { id: 'openai', type: 'openai', api_key: 'sk-client-matrix', base_url: '${SIM}/v1' },
      { id: 'anthropic', type: 'anthropic', api_key: 'sk-ant-client-matrix', base_url: '${SIM}' },
      { id: 'gemini', type: 'gemini', api_key: 'gm-client-matrix', base_url: '${SIM}' },
    ],
    models: FAMILIES.flatMap((family) => [
      { name: `${family}-chat`, targets: [{ provider: family, model: UPSTREAM_MODELS[family].chat }] },
      // The Anthropic alias exists so the matrix can show the gateway's 400 for embeddings there.
      { name: `${family}-embed`, targets: [{ provider: family, model: UPSTREAM_MODELS[family].embeddings }] },
    ]),
  });
  return { stack, upstream: new UpstreamRecorder(stack.simulator.server), close: () => stack.close() };
}
