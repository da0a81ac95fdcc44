/** Routing config errors name the path and the fix: unknown fallback aliases, rules that do nothing, smart routers that cannot choose. */
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../src/config/compile.js';
import { ConfigError } from '../../src/config/errors.js';
import { parseConfig } from '../../src/config/load.js';
import { PROVIDERS } from '../../src/providers/registry.js';

const FILE = 'routing.yaml';
const HEAD = ['providers:', '  - { id: p, type: openai, api_key: k }', 'models:', '  - name: a', '    targets: [{ provider: p, model: m }]'];

function configError(...lines: string[]): ConfigError {
  try {
    const loaded = parseConfig([...HEAD, ...lines].join('\n'), FILE, {});
    compilePlan(loaded.config, FILE, PROVIDERS, {});
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('routing config errors', () => {
  it('names an unknown fallback alias and lists the defined ones', () => {
    const error = configError('    fallbacks: { any: nowhere }');
    expect(error.message).toContain('models[0].fallbacks.any');
    expect(error.message).toContain("no model alias 'nowhere'. Defined aliases: a.");
  });

  it('refuses an alias falling back to itself', () => {
    expect(configError('    fallbacks: { context_window: a }').message).toContain('cannot fall back to itself');
  });

  it('names a rule that uses an unknown alias, and one that does nothing', () => {
    expect(configError('routing_rules:', '  - { when: { team: t }, use: ghost }').message).toContain("'routing_rules[0].use': no model alias 'ghost'");
    expect(configError('routing_rules:', '  - { when: { team: t } }').message).toContain("'routing_rules[0]': a rule needs `use`");
  });

  it('refuses a smart router with one target, or the wrong number of thresholds', () => {
    expect(configError('    strategy: smart').message).toContain('strategy smart needs at least two targets');
    const error = configError(
      '  - name: auto',
      '    strategy: smart',
      '    targets: [{ provider: p, model: big }, { provider: p, model: mid }, { provider: p, model: small }]',
      '    smart: { thresholds: [0.5] }',
    );
    expect(error.message).toContain('models[1].smart.thresholds');
    expect(error.message).toContain('give 2 thresholds');
  });

  it('refuses an unknown strategy and a breaker error rate above 1 with their paths', () => {
    expect(configError('    strategy: fastest').message).toContain('models[0].strategy');
    expect(configError('    breaker: { error_rate: 1.5 }').message).toContain('models[0].breaker');
  });

  it('gives lower tiers of a three-target smart router falling default thresholds, so each is reachable', () => {
    const loaded = parseConfig(
      [
        ...HEAD,
        '  - name: auto',
        '    strategy: smart',
        '    targets: [{ provider: p, model: big }, { provider: p, model: mid }, { provider: p, model: small }]',
      ].join('\n'),
      FILE,
      {},
    );
    const plan = compilePlan(loaded.config, FILE, PROVIDERS, {});
    const thresholds = plan.groups.get('auto')!.smart!.thresholds;
    expect(thresholds).toHaveLength(2);
    expect(thresholds[0]!).toBeGreaterThan(thresholds[1]!);
  });
});
