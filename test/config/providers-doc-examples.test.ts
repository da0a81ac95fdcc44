/** Every YAML example in docs/providers.md is a valid providers entry for its type. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../src/config/compile.js';
import { parseConfig } from '../../src/config/load.js';
import { PROVIDERS } from '../../src/providers/registry.js';

const doc = readFileSync('docs/providers.md', 'utf8');
const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
// Any ${VAR} the examples use resolves to a placeholder.
const env = new Proxy({} as NodeJS.ProcessEnv, { get: (_t, key) => (typeof key === 'string' ? `test-${key.toLowerCase()}` : undefined) });

describe('docs/providers.md examples', () => {
  it('has an example for every provider type', () => {
    const types = new Set(blocks.flatMap((b) => [...b.matchAll(/type: ([\w-]+)/g)].map((m) => m[1])));
    expect([...PROVIDERS.keys()].filter((t) => !types.has(t))).toEqual([]);
  });

  it.each(blocks.map((b, i) => [i, b] as const))('example %i compiles', (_i, block) => {
    const text = block.startsWith('providers:') ? block : `providers:\n${block}`;
    const credentials = JSON.stringify({ client_email: 'x@y.iam.gserviceaccount.com', private_key: 'k' });
    const withFiles = text.replace(/credentials: .*/g, `credentials: '${credentials}'`);
    const loaded = parseConfig(withFiles, 'docs/providers.md', env);
    expect(() => compilePlan(loaded.config, 'docs/providers.md', PROVIDERS, env)).not.toThrow();
  });
});
