/** What the model id tells about the model behind it (ids may carry a profile prefix or be ARNs). */

/** The base part of a model id: ARNs lose everything up to the last '/'. */
function baseId(modelId: string): string {
  return modelId.startsWith('arn:') ? modelId.slice(modelId.lastIndexOf('/') + 1) : modelId;
}

/**
 * True for Anthropic Claude models, whose native extras (top_k, thinking) go in
 * additionalModelRequestFields. Application-inference-profile ARNs hide the model, so they
 * count as not-Claude and those extras are refused rather than guessed.
 */
export function isClaudeModel(modelId: string): boolean {
  return /(^|\.)anthropic\.claude/.test(baseId(modelId));
}

/** The embedding request format a model takes, or undefined when it is not a known embedder. */
export function embeddingFamily(modelId: string): 'titan-v2' | 'titan-v1' | 'cohere' | undefined {
  const id = baseId(modelId);
  if (/(^|\.)amazon\.titan-embed-text-v2/.test(id)) return 'titan-v2';
  if (/(^|\.)amazon\.titan-embed-(text-v1|g1-text)/.test(id)) return 'titan-v1';
  if (/(^|\.)cohere\.embed-/.test(id)) return 'cohere';
  return undefined;
}
