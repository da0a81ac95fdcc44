/**
 * Endpoint URLs for the two Gemini front doors. AI Studio addresses models as `models/{id}` under
 * an API version; Vertex addresses them as a resource under a project and location, on a host
 * named after the location.
 */
import { type GatewayError, invalidRequest } from '../../core/errors.js';
import type { ProviderSettings } from '../spec/provider.js';
import { type IdAlphabet, pathSegment } from '../spec/url-path.js';

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

// Google resource ids (models, tuned models, publishers, projects, locations, endpoints) are
// letters, digits, '.', '-', '_' and, for versioned partner models on Vertex, '@'. A name is
// split on '/' into such ids, so nothing a client sends can add or remove a path level.
const GOOGLE_ID: IdAlphabet = {
  pattern: /^[A-Za-z0-9._@-]+$/,
  description: "Google model names are made of ids with only letters, digits, '.', '_', '-' and '@' between the '/'",
};

function badName(model: string, problem: string): GatewayError {
  return invalidRequest(`Invalid 'model' ${JSON.stringify(model.length > 100 ? `${model.slice(0, 100)}…` : model)}: ${problem}.`, 'model');
}

/** A validated model resource name: `encoded` for the URL path, `name` for request bodies. */
interface ModelResource {
  name: string;
  encoded: string;
}

// `fixed` comes from config or from us (encoded as is); `requested` comes from the client.
function resource(fixed: readonly string[], requested: readonly string[]): ModelResource {
  const encoded = [...fixed.map(encodeURIComponent), ...requested.map((segment) => pathSegment(segment, 'model', GOOGLE_ID))];
  return { name: [...fixed, ...requested].join('/'), encoded: encoded.join('/') };
}

// AI Studio resource names: a bare id gets `models/`, tuned models keep their own collection.
function studioModelResource(model: string): ModelResource {
  const parts = model.split('/');
  if (parts.length === 1) return resource(['models'], parts);
  if (parts.length === 2 && (parts[0] === 'models' || parts[0] === 'tunedModels')) return resource([parts[0]], parts.slice(1));
  throw badName(model, 'AI Studio model names are ID, models/ID or tunedModels/ID');
}

// Vertex resource names: a bare id is a Google publisher model; `publishers/P/models/ID` names
// another publisher's; a full `projects/…/locations/…/` name must stay in the configured project
// and location, since the request carries this provider's service-account token.
function vertexModelResource(settings: ProviderSettings, model: string): ModelResource {
  const project = settings.project ?? settings.credentials?.project_id ?? '';
  const location = vertexLocation(settings);
  const prefix = ['projects', project, 'locations', location];
  let parts = model.split('/');
  if (parts[0] === 'projects') {
    if (parts.length < 5 || parts[2] !== 'locations') throw badName(model, 'a full Vertex name is projects/PROJECT/locations/LOCATION/…');
    if (parts[1] !== project || parts[3] !== location) {
      throw badName(model, "it names a project or location other than this provider's; send the model id alone (e.g. gemini-2.5-flash)");
    }
    parts = parts.slice(4);
    if (parts.length === 2 && parts[0] === 'endpoints') return resource([...prefix, 'endpoints'], parts.slice(1));
    if (parts.length !== 4) throw badName(model, 'a full Vertex name ends in publishers/PUBLISHER/models/ID or endpoints/ID');
  }
  if (parts.length === 1) return resource([...prefix, 'publishers', 'google', 'models'], parts);
  if (parts.length === 4 && parts[0] === 'publishers' && parts[2] === 'models') return resource([...prefix, 'publishers'], [parts[1]!, 'models', parts[3]!]);
  throw badName(model, 'Vertex model names are ID, publishers/PUBLISHER/models/ID, or a full name under the configured project and location');
}

/** The model resource name as AI Studio embedding requests repeat it in their body. */
export function studioModelName(model: string): string {
  return studioModelResource(model).name;
}

/**
 * The URL of a model method (`generateContent`, `streamGenerateContent`, `batchEmbedContents`,
 * `predict`). A configured base URL replaces only the host part; the path is always ours, and
 * the model name in it is validated and encoded id by id (a 400 naming 'model' otherwise).
 */
export function modelMethodUrl(flavor: GeminiFlavor, settings: ProviderSettings, model: string, method: string): string {
  if (flavor === 'gemini') return `${settings.baseUrl || GEMINI_DEFAULT_BASE_URL}/v1beta/${studioModelResource(model).encoded}:${method}`;
  const base = settings.baseUrl || vertexHost(vertexLocation(settings));
  return `${base}/v1/${vertexModelResource(settings, model).encoded}:${method}`;
}
