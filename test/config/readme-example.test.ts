/** The README's configuration example stays a valid config: docs that drift fail the build. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../src/config/compile.js';
import { parseConfig } from '../../src/config/load.js';
import { PROVIDERS } from '../../src/providers/registry.js';

describe('README configuration example', () => {
  it('parses and compiles, skipping the optional provider whose key is unset', () => {
    const readme = readFileSync('README.md', 'utf8');
    const yaml = /## Configuration\n\n```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(yaml).toBeTruthy();
    const env = { OPENAI_API_KEY: 'sk-test', AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret' };
    const loaded = parseConfig(yaml!, 'README.md', env);
    expect(loaded.notes).toEqual(["provider 'claude' skipped: ${ANTHROPIC_API_KEY} not set"]);
    const plan = compilePlan(loaded.config, 'README.md', PROVIDERS, env);
    expect([...plan.providers.keys()]).toEqual(['openai', 'bedrock', 'local']);
    expect(plan.models.get('sonnet')?.map((t) => t.providerId)).toEqual(['bedrock']);
  });
});
