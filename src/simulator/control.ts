/**
 * The simulator's own endpoints, for tools that drive a simulator from outside its process (the
 * CLI `switchboard simulate`): `GET /_sim/tally/{id}` answers how many requests carried
 * `id=…` and when they arrived, `GET /_sim/chaos` what chaos injected.
 */
import type { SimRoute } from './route.js';

/** Control routes; they read the fault state of the simulator that serves them. */
export const controlRoutes: SimRoute[] = [
  {
    method: 'GET',
    pattern: /^\/_sim\/tally\/([^/]+)$/,
    handle: (req, res) => {
      let id: string;
      try {
        id = decodeURIComponent(req.params[0]!);
      } catch {
        id = '';
      }
      const entry = res.state?.tally.get(id);
      res.json(200, { id, count: entry?.count ?? 0, times: entry?.times ?? [] });
    },
  },
  {
    method: 'GET',
    pattern: /^\/_sim\/chaos$/,
    handle: (_req, res) => res.json(200, { seed: res.state?.seed ?? null, injected: res.state?.injected() ?? {} }),
  },
];
