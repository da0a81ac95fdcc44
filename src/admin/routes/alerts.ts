/** GET /admin/v1/alerts: recent budget alert events and their deliveries (team-scoped for team keys). */
import { type AdminHandler, json, page } from '../call.js';
import { alertsQuerySchema } from '../schemas.js';
import { iso, safeJson } from '../serialize.js';
import { parseWith, queryObject } from '../validate.js';

const listAlerts: AdminHandler = async ({ principal: p, query, deps }) => {
  const q = parseWith(alertsQuerySchema, queryObject(query), 'query');
  const limit = q.limit ?? 100;
  if (p.role !== 'owner' && q.team_id !== undefined && q.team_id !== p.teamId)
    return json(
      200,
      page([], limit, (r) => r),
    );
  const rows = await deps.alerts.list({ team_id: p.teamId ?? q.team_id, limit: limit + 1 });
  // Deliveries name their targets; safeJson cuts URLs, since a Slack webhook URL is a credential.
  return json(
    200,
    page(rows, limit, (r) => ({ id: r.id, object: 'alert', time: iso(r.time), payload: safeJson(r.payload), deliveries: safeJson(r.deliveries) })),
  );
};

/** Handler of /admin/v1/alerts. */
export const alertRoutes = { collection: { GET: listAlerts } };
