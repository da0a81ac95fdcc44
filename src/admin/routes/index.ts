/** Every admin route: resource name → handlers of its collection path and (for objects) its item path. */
import type { AdminHandler } from '../call.js';
import type { NestedRoute } from '../nested-routes.js';
import { alertRoutes } from './alerts.js';
import { auditRoutes } from './audit.js';
import { cacheRoutes } from './cache.js';
import { experimentRoutes } from './experiments.js';
import { keyRoutes } from './keys.js';
import { meRoutes } from './me.js';
import { overviewRoutes } from './overview.js';
import { projectRoutes } from './projects.js';
import { promptRoutes } from './prompts.js';
import { requestRoutes } from './requests.js';
import { spendRoutes } from './spend.js';
import { targetRoutes } from './targets.js';
import { teamRoutes } from './teams.js';

/** Handlers by HTTP method. */
export type MethodTable = Readonly<Partial<Record<string, AdminHandler>>>;

/** A resource's routes: /admin/v1/NAME and, when it has objects, /admin/v1/NAME/{id}. */
export interface Resource {
  collection: MethodTable;
  item?: MethodTable;
  /** Fixed sub-paths (/admin/v1/NAME/WORD), for resources of actions rather than objects (cache/purge). */
  words?: Readonly<Record<string, MethodTable>>;
  /** Path templates below the name (`{id}/versions/{n}`), for resources with nested paths; ids are checked by their handlers. */
  nested?: readonly NestedRoute[];
  /** The word used in "No team with id ..." for a malformed or unknown id. */
  noun?: string;
}

/** The admin resources (openapi.json is answered by the router itself). */
export const RESOURCES: Readonly<Record<string, Resource>> = {
  teams: { ...teamRoutes, noun: 'team' },
  projects: { ...projectRoutes, noun: 'project' },
  keys: { ...keyRoutes, noun: 'key' },
  spend: spendRoutes,
  audit: auditRoutes,
  alerts: alertRoutes,
  targets: targetRoutes,
  me: meRoutes,
  requests: { ...requestRoutes, noun: 'request' },
  overview: overviewRoutes,
  cache: cacheRoutes,
  experiments: experimentRoutes,
  prompts: promptRoutes,
};
