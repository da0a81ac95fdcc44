/** The admin API's objects the dashboard reads (teams, projects, keys, spend), as the API answers them. */

/** A budget as the API answers it. */
export interface Budget {
  usd: number | null;
  tokens: number | null;
  period: 'day' | 'week' | 'month' | 'total';
}

/** GET /admin/v1/teams item. */
export interface Team {
  id: string;
  name: string;
  budget: Budget | null;
  created_at: string;
}

/** GET /admin/v1/projects item. */
export interface Project {
  id: string;
  team_id: string;
  name: string;
  budget: Budget | null;
}

/** GET /admin/v1/keys item (never the secret, except `key` right after creation). */
export interface Key {
  id: string;
  team_id: string;
  project_id: string | null;
  name: string;
  role: 'team_admin' | 'viewer' | 'member';
  key_prefix: string;
  models: string[] | null;
  expires_at: string | null;
  revoked_at: string | null;
  first_used_at: string | null;
  created_at: string;
  key?: string;
}

/** A list page. */
export interface List<T> {
  data: T[];
  has_more: boolean;
}

/** GET /admin/v1/spend row. */
export interface SpendRow {
  team_id?: string;
  project_id?: string;
  key_id?: string;
  model?: string;
  usd: number;
  input_tokens: number;
  output_tokens: number;
  requests: number;
}
