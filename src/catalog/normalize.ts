/**
 * Model-name normalisation for fallback lookups. Catalog keys and queried names go through the
 * same function, so "gpt-4o-2099-01-01" finds "gpt-4o" and "eu.anthropic.claude-x-v2:0" finds the
 * Bedrock base model, without a table of every dated variant.
 */

/** Bedrock cross-region inference-profile prefixes ("us.anthropic.claude-..."). */
const INFERENCE_PROFILE = /^(us|eu|apac|global|jp|au|ca|us-gov)\.(?=[^.]+\.)/;

/** Version tags stripped from the end, one at a time, until none applies. */
const VERSION_SUFFIXES: readonly RegExp[] = [
  /:\d+$/, // Bedrock ":0"
  /:latest$/, // Ollama default tag
  /@[^@/]+$/, // Vertex "@001", "@20250929", "@latest"
  /-\d{4}-\d{2}-\d{2}$/, // OpenAI "-2024-08-06"
  /-\d{8}$/, // Anthropic "-20250929"
  /-\d{3}$/, // Google "-001" / "-002"
];

/** "vendor.model" ids (Bedrock): only there is a trailing "-v1" a snapshot tag, not a model name ("deepseek-v3"). */
const BEDROCK_ID = /^[a-z][a-z0-9-]*\.[a-z]/;

/**
 * Lower-cases a model id and strips the parts that name a deployment or a snapshot rather than
 * the model: resource paths, Bedrock ARNs and inference-profile prefixes, fine-tune suffixes and
 * trailing version/date tags.
 */
export function normalizeModelName(model: string): string {
  let m = model.trim().toLowerCase();
  if (m.startsWith('arn:')) m = m.slice(m.lastIndexOf('/') + 1);
  if (m.startsWith('ft:')) {
    // "ft:BASE:ORG:NAME:ID" is billed at the fine-tuned BASE price.
    m = `ft:${m.split(':')[1] ?? ''}`;
  }
  m = m.replace(/^(projects\/[^/]+\/locations\/[^/]+\/)?publishers\/[^/]+\/models\//, '');
  m = m.replace(/^models\//, '');
  m = m.replace(INFERENCE_PROFILE, '');
  const suffixes = BEDROCK_ID.test(m) ? [...VERSION_SUFFIXES, /-v\d+$/] : VERSION_SUFFIXES;
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of suffixes) {
      const next = m.replace(suffix, '');
      if (next !== m && next.length > 0) {
        m = next;
        changed = true;
      }
    }
  }
  return m;
}
