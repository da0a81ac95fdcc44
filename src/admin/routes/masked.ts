/** Refusing the masked values answers show, so a read-modify-write round trip cannot store them. */
import { invalid } from '../errors.js';
import { MASK } from '../serialize.js';

/** Throws a 400 when a body's alerts carry a masked secret or URL instead of the real one. */
export function refuseMaskedAlerts(body: unknown): void {
  const alerts = (body as { alerts?: unknown } | null)?.alerts;
  if (!Array.isArray(alerts)) return;
  alerts.forEach((target: unknown, i) => {
    if (!target || typeof target !== 'object') return;
    for (const field of ['secret', 'url'] as const) {
      const value = (target as Record<string, unknown>)[field];
      if (typeof value === 'string' && value.includes(MASK)) {
        throw invalid(
          `Field 'alerts[${i}].${field}' is the masked value answers show; send the real ${field} (every target's, when changing alerts).`,
          `alerts[${i}].${field}`,
        );
      }
    }
  });
}
