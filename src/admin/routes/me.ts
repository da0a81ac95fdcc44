/** GET /admin/v1/me: who the presented key is (role, team, key id), so a client such as the dashboard knows what to show. Never the key itself. */
import { type AdminHandler, json } from '../call.js';

const getMe: AdminHandler = async ({ principal: p }) => {
  if (p.role !== 'owner') return json(200, { object: 'principal', role: p.role, team_id: p.teamId, key_id: p.actor.key_id });
  // open_mode: no key was needed (no admin_key, loopback; decision 0013), so a client need not ask for one.
  return json(200, p.actor.key_id === 'open_mode' ? { object: 'principal', role: 'owner', open_mode: true } : { object: 'principal', role: 'owner' });
};

/** Handler of /admin/v1/me. */
export const meRoutes = { collection: { GET: getMe } };
