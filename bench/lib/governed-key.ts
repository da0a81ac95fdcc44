/**
 * A virtual key for the governed side of the bench: a team, a project and a key, each with a
 * budget and rate limits far above what the bench can spend, so every request goes through the
 * full admission and settlement (reservation, counters, ledger) without ever being refused.
 * Written straight into the gateway's SQLite file; the gateway picks it up on its next poll.
 */
import { openGovernanceStores } from '../../src/storage/governance/index.js';
import { openStorage } from '../../src/storage/open.js';
import { newKeySecret } from '../../src/governance/keys/secret.js';
import { budgetSchema } from '../../src/governance/types.js';

const ACTOR = { key_id: 'bench', role: 'owner' };
const NEVER_REACHED = { budget: budgetSchema.parse({ usd: 1e9, tokens: 1e15, period: 'month' }), limits: { rpm: 1e9, tpm: 1e12, concurrency: 1e6 } };

/** Creates the key and returns its secret; waits until the gateway at `url` accepts it. */
export async function createGovernedKey(storageUrl: string, url: string): Promise<string> {
  const storage = await openStorage(storageUrl);
  let secret: string;
  try {
    const { tenancy } = openGovernanceStores(storage);
    const team = await tenancy.createTeam(ACTOR, { name: 'bench', ...NEVER_REACHED });
    const project = await tenancy.createProject(ACTOR, { name: 'bench', team_id: team.id, ...NEVER_REACHED });
    const made = newKeySecret();
    secret = made.secret;
    await tenancy.createKey(ACTOR, { name: 'bench', team_id: team.id, project_id: project.id, key_hash: made.hash, key_prefix: made.prefix, ...NEVER_REACHED });
  } finally {
    await storage.close();
  }
  for (let i = 0; i < 100; i++) {
    const response = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${secret}` } });
    await response.arrayBuffer();
    if (response.status === 200) return secret;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the gateway never accepted the bench key');
}
