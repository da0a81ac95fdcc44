/**
 * The routing examples users copy stay valid: every YAML block of the README's "Routing and
 * failover" section and of docs/routing.md parses and compiles against a set of providers.
 */
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../src/config/compile.js';
import { parseConfig } from '../../src/config/load.js';
import { PROVIDERS } from '../../src/providers/registry.js';

const PROVIDER_IDS = ['openai', 'claude', 'gemini', 'azure-east', 'azure-west', 'eu-openai'];

/** Every ```yaml block of a markdown text. */
function yamlBlocks(text: string): string[] {
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** A block completed into a whole config: the providers it names, and stub aliases for the ones it refers to. */
function completeConfig(block: string): string {
  const fragment = (parse(block) ?? {}) as Record<string, unknown>;
  const models = (fragment.models as { name: string }[] | undefined) ?? [];
  const known = new Set(models.map((m) => m.name));
  const referenced = new Set<string>();
  for (const model of models as { fallbacks?: Record<string, string> }[]) for (const alias of Object.values(model.fallbacks ?? {})) referenced.add(alias);
  for (const rule of (fragment.routing_rules as { use?: string }[] | undefined) ?? []) if (rule.use) referenced.add(rule.use);
  const stubs = [...referenced].filter((name) => !known.has(name)).map((name) => ({ name, targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] }));
  const providers = PROVIDER_IDS.map((id) => ({
    id,
    type: id === 'claude' ? 'anthropic' : id === 'gemini' ? 'gemini' : 'openai',
    api_key: 'k',
  }));
  return stringify({ ...fragment, providers, models: [...models, ...stubs] });
}

const sources = {
  README: /## Routing and failover\n([\s\S]*?)\n## /.exec(readFileSync('README.md', 'utf8'))?.[1] ?? '',
  'docs/routing.md': readFileSync('docs/routing.md', 'utf8'),
};

describe('routing examples', () => {
  for (const [name, text] of Object.entries(sources)) {
    const blocks = yamlBlocks(text);
    it(`${name} has examples`, () => expect(blocks.length).toBeGreaterThanOrEqual(2));
    blocks.forEach((block, i) => {
      it(`${name} block ${i + 1} compiles`, () => {
        const loaded = parseConfig(completeConfig(block), name, {});
        expect(() => compilePlan(loaded.config, name, PROVIDERS, {})).not.toThrow();
      });
    });
  }
});
