/** ${ENV_VAR} interpolation over the parsed YAML tree, recording which variables are missing. */

const PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** A variable that was referenced but is not set (and has no default). */
export interface MissingVariable {
  name: string;
  /** Path in the config, e.g. providers[1].api_key. */
  path: string;
}

/** Replaces ${VAR} and ${VAR:-default} in every string; missing ones become '' and are reported. */
export function interpolate(value: unknown, env: NodeJS.ProcessEnv, path: string, missing: MissingVariable[]): unknown {
  if (typeof value === 'string') {
    return value.replace(PATTERN, (_, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      missing.push({ name, path });
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolate(item, env, `${path}[${i}]`, missing));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = interpolate(item, env, path ? `${path}.${key}` : key, missing);
    return out;
  }
  return value;
}
