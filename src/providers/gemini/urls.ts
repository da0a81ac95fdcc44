/**
 * Endpoint URLs for the two Gemini front doors. AI Studio addresses models as `models/{id}` under
 * an API version; Vertex addresses them as a resource under a project and location, on a host
 * named after the location.
 */
import type { ProviderSettings } from '../spec/provider.js';

/** Which Google API serves the request: AI Studio (API key) or Vertex AI (OAuth). */
export type GeminiFlavor = 'gemini' | 'vertex';

/** AI Studio's API host (what the official SDK calls its base URL). */
export const GEMINI_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';

/** The Vertex location used when none is configured. */
export const DEFAULT_VERTEX_LOCATION = 'us-central1';

/** The Vertex location from settings (location, then region), with the default applied. */
export function vertexLocation(settings: ProviderSettings): string {
  return settings.location || settings.region || DEFAULT_VERTEX_LOCATION;
}

/** The Vertex host for a location: regional hosts carry the location name, `global` has none. */
export function vertexHost(location: string): string {
  return location === 'global' ? 'https://aiplatform.googleapis.com' : `https://${location}-aiplatform.googleapis.com`;
}

// AI Studio resource names: a bare id gets `models/`, tuned models keep their own collection.
function studioModelResource(model: string): string {
  if (model.startsWith('models/') || model.startsWith('tunedModels/')) return model;
  return `models/${encodeURIComponent(model)}`;
}

function vertexModelResource(settings: ProviderSettings, model: string): string {
  if (model.startsWith('projects/')) return model;
  const project = encodeURIComponent(settings.project ?? settings.credentials?.project_id ?? '');
  const location = encodeURIComponent(vertexLocation(settings));
  const scoped = model.startsWith('publishers/') ? model : `publishers/google/models/${encodeURIComponent(model)}`;
  return `projects/${project}/locations/${location}/${scoped}`;
}

/** The model resource name as AI Studio embedding requests repeat it in their body. */
export function studioModelName(model: string): string {
  return studioModelResource(model);
}

/**
 * The URL of a model method (`generateContent`, `streamGenerateContent`, `batchEmbedContents`,
 * `predict`). A configured base URL replaces only the host part; the path is always ours.
 */
export function modelMethodUrl(flavor: GeminiFlavor, settings: ProviderSettings, model: string, method: string): string {
  if (flavor === 'gemini') return `${settings.baseUrl || GEMINI_DEFAULT_BASE_URL}/v1beta/${studioModelResource(model)}:${method}`;
  const base = settings.baseUrl || vertexHost(vertexLocation(settings));
  return `${base}/v1/${vertexModelResource(settings, model)}:${method}`;
}
