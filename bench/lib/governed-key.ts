/**
 * Virtual keys for the governed side of the bench, with budgets and rate limits far above what
 * the bench can spend, so every request goes through the
 * full admission and settlement (reservation, counters, ledger) without ever being refused.
 * Written straight into the gateway's SQLite file; the gateway picks it up on its next poll.
 */
import { openGovernanceStores } from '../../src/storage/governance/index.js';
import { openStorage } from '../../src/storage/open.js';
import { newKeySecret } from '../../src/governance/keys/secret.js';
import { budgetSchema } from '../../src/governance/types.js';

const ACTOR = { key_id: 'bench', role: 'owner' };
const NEVER_REACHED = { budget: budgetSchema.parse({ usd: 1e9, tokens: 1e15, period: 'month' }), limits: { rpm: 1e9, tpm: 1e12, concurrency: 1e6 } };

/** The bench's two virtual keys. */
export interface GovernedKeys {
  /** Rate limits and a budget on the key only (the "virtual key, limits and a budget on"). */
  key: string;
  /** Rate limits and budgets on the key, its project and its team: three of each counter per request. */
  all: string;
}

/** Creates the keys and returns their secrets, once the gateway at `url` accepts them. */
export async function createGovernedKeys(storageUrl: string, url: string): Promise<GovernedKeys> {
  const storage = await openStorage(storageUrl);
  let keys: GovernedKeys;
  try {
    const { tenancy } = openGovernanceStores(storage);
    const plainTeam = await tenancy.createTeam(ACTOR, { name: 'bench-key-only' });
    const keyOnly = newKeySecret();
    await tenancy.createKey(ACTOR, { name: 'bench-key-only', team_id: plainTeam.id, key_hash: keyOnly.hash, key_prefix: keyOnly.prefix, ...NEVER_REACHED });
    const team = await tenancy.createTeam(ACTOR, { name: 'bench', ...NEVER_REACHED });
    const project = await tenancy.createProject(ACTOR, { name: 'bench', team_id: team.id, ...NEVER_REACHED });
    const everywhere = newKeySecret();
    await tenancy.createKey(ACTOR, {
      name: 'bench',
      team_id: team.id,
      project_id: project.id,
      key_hash: everywhere.hash,
      key_prefix: everywhere.prefix,
      ...NEVER_REACHED,
    });
    keys = { key: keyOnly.secret, all: everywhere.secret };
  } finally {
    await storage.close();
  }
  await untilAccepted(url, keys.key);
  await untilAccepted(url, keys.all);
  return keys;
}

async function untilAccepted(url: string, secret: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const response = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${secret}` } });
    await response.arrayBuffer();
    if (response.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the gateway never accepted the bench key');
}
