/** When a stored response expires, from config `responses.retention_days` (0 keeps it until deleted). */

const DAY_MS = 86_400_000;

/** The `expiresAt` of a response stored at `createdAt` (ms since the epoch); null when retention is 0. */
export function responseExpiresAt(createdAt: number, retentionDays: number): number | null {
  return retentionDays > 0 ? createdAt + retentionDays * DAY_MS : null;
}
