/** Hand-built targets for unit tests of routing: an OpenAI-type provider named after the target, nothing listening. */
import type { Target } from '../config/compile.js';
import { PROVIDERS } from '../providers/registry.js';

/** A target `name/model` with the given extra fields (region, weight, ...). */
export function testTarget(name: string, fields: Partial<Target> = {}, model = 'm'): Target {
  const provider = PROVIDERS.get('openai')!;
  return {
    providerId: name,
    model,
    key: `${name}/${model}`,
    compiled: {
      provider,
      chat: provider.chat,
      settings: { id: name, type: 'openai', baseUrl: 'http://127.0.0.1:9', headers: {}, dropParams: new Set() },
      prices: {},
      tags: [],
    },
    tags: [],
    weight: 1,
    timeouts: { connectMs: 1000, firstTokenMs: 1000, idleMs: 1000, totalMs: 0 },
    ...fields,
  };
}
