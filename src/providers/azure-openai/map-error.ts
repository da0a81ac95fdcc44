/**
 * Azure OpenAI error bodies. They are OpenAI-shaped with extras (`type` may be null, `code` may be
 * a number string, `innererror`). A prompt stopped by Azure's content filter is a 400 with code
 * content_filter: it is reported as content_filtered with the categories that tripped, so the
 * client learns why instead of seeing a generic bad request.
 */
import { asObject, asString, tryParseJson } from '../spec/json.js';
import { decodeOpenAIError } from '../spec/openai-compatible/map-error.js';
import type { UpstreamErrorInfo } from '../spec/provider.js';

/** Categories marked filtered in a content_filter_result(s) object, with their severity if given. */
function filteredCategories(results: Record<string, unknown> | undefined): string[] {
  if (!results) return [];
  const out: string[] = [];
  for (const [category, raw] of Object.entries(results)) {
    const result = asObject(raw);
    if (result?.filtered !== true) continue;
    const severity = asString(result.severity);
    out.push(severity ? `${category.replace('-', '_')}: ${severity}` : category.replace('-', '_'));
  }
  return out;
}

/** Decodes an Azure error response. */
export function decodeAzureError(status: number, headers: Record<string, string>, bodyText: string): UpstreamErrorInfo {
  const info = decodeOpenAIError(status, headers, bodyText);
  const error = asObject(asObject(tryParseJson(bodyText))?.error);
  if (asString(error?.code) !== 'content_filter') return info;
  const inner = asObject(error?.innererror);
  // Older bodies spell it content_filter_result, newer docs content_filter_results.
  const categories = filteredCategories(asObject(inner?.content_filter_result) ?? asObject(inner?.content_filter_results));
  const which = categories.length > 0 ? ` (${categories.join(', ')})` : '';
  return {
    ...info,
    message: `The prompt was blocked by Azure OpenAI's content filter${which}. ${info.message}`,
    type: 'content_filter',
    errorCode: 'content_filtered',
  };
}
