/** GET /admin/v1/me: who the presented key is (role, team, key id), so a client such as the dashboard knows what to show. Never the key itself. */
import { type AdminHandler, json } from '../call.js';

const getMe: AdminHandler = async ({ principal: p }) =>
  json(200, p.role === 'owner' ? { object: 'principal', role: 'owner' } : { object: 'principal', role: p.role, team_id: p.teamId, key_id: p.actor.key_id });

/** Handler of /admin/v1/me. */
export const meRoutes = { collection: { GET: getMe } };
