/**
 * The request path's snapshot: indexes running experiments by alias and prompt (paused ones
 * assign nothing, the oldest comes first), a reload sees the store's changes, and a failed reload
 * keeps the last index in use.
 */
import { describe, expect, it } from 'vitest';
import { type Experiment, parseDefinition } from './definition.js';
import { ExperimentSnapshot, indexExperiments } from './snapshot.js';

function experiment(id: string, target: Record<string, string>, createdAt: number, status: Experiment['status'] = 'running'): Experiment {
  const definition = parseDefinition({
    name: id,
    target,
    variants: [
      { name: 'a', weight: 1 },
      { name: 'b', weight: 1 },
    ],
  });
  return { id, tenant: 'global', definition, status, createdAt, updatedAt: createdAt };
}

describe('experiment snapshot', () => {
  it('indexes running experiments by target, oldest first', () => {
    const index = indexExperiments([
      experiment('exp_2', { alias: 'chat' }, 2),
      experiment('exp_1', { alias: 'chat' }, 1),
      experiment('exp_3', { prompt: 'support' }, 3),
      experiment('exp_4', { prompt: 'support' }, 4, 'paused'),
    ]);
    expect(index.byAlias.get('chat')?.map((e) => e.id)).toEqual(['exp_1', 'exp_2']);
    expect(index.byPrompt.get('support')?.map((e) => e.id)).toEqual(['exp_3']);
    expect(index.byAlias.get('support')).toBeUndefined();
  });

  it('reloads what the store holds and keeps the last index when a reload fails', async () => {
    let rows: Experiment[] = [experiment('exp_1', { alias: 'chat' }, 1)];
    let failing = false;
    const errors: unknown[] = [];
    const snapshot = new ExperimentSnapshot(
      {
        active: async () => {
          if (failing) throw new Error('database unreachable');
          return rows;
        },
      },
      { onError: (err) => errors.push(err) },
    );
    await snapshot.start();
    expect(snapshot.index.byAlias.get('chat')?.length).toBe(1);
    rows = [];
    await snapshot.reload();
    expect(snapshot.index.byAlias.size).toBe(0);
    rows = [experiment('exp_5', { alias: 'chat' }, 5)];
    await snapshot.reload();
    failing = true;
    await snapshot.reload();
    expect(errors).toHaveLength(1);
    expect(snapshot.index.byAlias.get('chat')?.map((e) => e.id)).toEqual(['exp_5']);
    await snapshot.stop();
  });
});
