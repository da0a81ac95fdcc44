/** The Gemini simulator family over HTTP: auth, proto parsing, backend checks, rendering, faults. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../server.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

// biome-ignore lint/suspicious/noExplicitAny: tests read untyped wire JSON
type Wire = any;

const STUDIO = '/v1beta/models/gemini-2.5-flash';
const VERTEX = '/v1/projects/p1/locations/us-central1/publishers/google/models/gemini-2.5-flash';
const hello = { contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] };

async function post(path: string, body: unknown, headers: Record<string, string> = { 'x-goog-api-key': 'k' }) {
  const res = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Wire;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function jwt(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }): string {
  return `${b64url(header)}.${b64url(claims)}.c2lnbmF0dXJl`;
}
const now = () => Math.floor(Date.now() / 1000);
const goodClaims = () => ({
  iss: 'sa@p1.iam.gserviceaccount.com',
  scope: 'https://www.googleapis.com/auth/cloud-platform',
  aud: 'x/token',
  iat: now(),
  exp: now() + 3600,
});

async function token(form: Record<string, string>, contentType = 'application/x-www-form-urlencoded') {
  const res = await fetch(`${sim.url}/token`, { method: 'POST', headers: { 'content-type': contentType }, body: new URLSearchParams(form).toString() });
  return { status: res.status, json: (await res.json()) as Record<string, Wire> };
}
async function bearer(): Promise<Record<string, string>> {
  const { json } = await token({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt(goodClaims()) });
  return { authorization: `Bearer ${json.access_token}` };
}

describe('AI Studio auth', () => {
  it('accepts the key in the header or the query, and answers 403 / 400 / 401 otherwise', async () => {
    expect((await post(`${STUDIO}:generateContent`, hello)).status).toBe(200);
    expect((await post(`${STUDIO}:generateContent?key=abc`, hello, {})).status).toBe(200);
    const missing = await post(`${STUDIO}:generateContent`, hello, {});
    expect(missing.status).toBe(403);
    expect(missing.json.error).toMatchObject({ code: 403, status: 'PERMISSION_DENIED' });
    const bad = await post(`${STUDIO}:generateContent`, hello, { 'x-goog-api-key': 'invalid' });
    expect(bad.json.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: 'API key not valid. Please pass a valid API key.' });
    expect(bad.json.error.details[0].reason).toBe('API_KEY_INVALID');
    expect((await post(`${STUDIO}:generateContent`, hello, { authorization: 'Bearer nope' })).json.error.status).toBe('UNAUTHENTICATED');
  });
});

describe('request parsing and validation', () => {
  const error = async (body: unknown, path = `${STUDIO}:generateContent`, headers?: Record<string, string>) => {
    const res = await post(path, body, headers);
    expect(res.status).toBe(400);
    expect(res.json.error.status).toBe('INVALID_ARGUMENT');
    return res.json.error.message as string;
  };

  it("rejects unknown fields at any depth with Google's message", async () => {
    expect(await error({ ...hello, temperature: 1 })).toBe('Invalid JSON payload received. Unknown name "temperature": Cannot find field.');
    expect(await error({ ...hello, generationConfig: { maxTokens: 5 } })).toBe(
      'Invalid JSON payload received. Unknown name "maxTokens" at \'generation_config\': Cannot find field.',
    );
    expect(await error({ contents: [{ role: 'user', parts: [{ text: 'a', image_url: 'x' }] }] })).toContain(
      'Unknown name "image_url" at \'contents[0].parts[0]\'',
    );
    expect(await error({ ...hello, labels: { team: 'a' } })).toContain('Unknown name "labels"');
  });

  it('accepts snake_case names and checks value types', async () => {
    const ok = await post(`${STUDIO}:generateContent`, {
      ...hello,
      system_instruction: { parts: [{ text: 'S' }] },
      generation_config: { max_output_tokens: 3 },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.candidates[0].finishReason).toBe('MAX_TOKENS');
    expect(await error({ ...hello, generationConfig: { temperature: 'hot' } })).toBe('Invalid value at \'generation_config.temperature\' (TYPE_FLOAT), "hot"');
    expect(await error({ contents: [{ role: 'model', parts: [{ text: 'x', thoughtSignature: 'not base64!' }] }] })).toContain(
      '(TYPE_BYTES), Base64 decoding failed',
    );
    expect(await error({ ...hello, toolConfig: { functionCallingConfig: { mode: 'SOMETIMES' } } })).toContain('FunctionCallingConfig.Mode');
  });

  it('checks contents, roles and parts', async () => {
    expect(await error({})).toBe('* GenerateContentRequest.contents: contents is not specified\n');
    expect(await error({ contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] })).toBe('Please use a valid role: user, model.');
    expect(await error({ contents: [{ role: 'user', parts: [] }] })).toContain('contents[0].parts: contents.parts must not be empty.');
    expect(await error({ contents: [{ role: 'user', parts: [{ thought: true }] }] })).toContain("required oneof field 'data'");
    expect(await error({ contents: [{ role: 'user', parts: [{ text: 'a', inlineData: { mimeType: 'image/png', data: 'AAAA' } }] }] })).toContain(
      "Oneof field 'data' is already set",
    );
    expect((await post(`${STUDIO}:generateContent`, { contents: [{ parts: [{ text: 'no role' }] }] })).status).toBe(200);
    expect(await error({ contents: [{ parts: [{ text: 'no role' }] }] }, `${VERTEX}:generateContent`, await bearer())).toBe(
      'Please use a valid role: user, model.',
    );
    expect(await error('{"contents": [', `${STUDIO}:generateContent`)).toContain('Invalid JSON payload received.');
  });

  it('pairs function responses with the preceding function call turn', async () => {
    const call = { role: 'model', parts: [{ functionCall: { name: 'f', args: {} } }, { functionCall: { name: 'g', args: {} } }] };
    const responses = (...names: string[]) => ({ role: 'user', parts: names.map((name) => ({ functionResponse: { name, response: { output: 'x' } } })) });
    const user = { role: 'user', parts: [{ text: 'go' }] };
    expect((await post(`${STUDIO}:generateContent`, { contents: [user, call, responses('g', 'f')] })).status).toBe(200);
    expect(await error({ contents: [user, responses('f')] })).toBe('Please ensure that function response turn comes immediately after a function call turn.');
    expect(await error({ contents: [user, call, responses('f')] })).toContain('number of function response parts is equal');
    expect(await error({ contents: [user, call, responses('f', 'h')] })).toContain('contents[2].parts[1].function_response.name');
    expect(await error({ contents: [user, call, user, responses('f', 'g')] })).toContain('immediately after a function call turn');
  });

  it('checks function declarations like the backend', async () => {
    const declare = (decl: Record<string, unknown>) => ({ ...hello, tools: [{ functionDeclarations: [decl] }] });
    expect(await error(declare({ name: 'f', parameters: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false } }))).toBe(
      'Invalid JSON payload received. Unknown name "additionalProperties" at \'tools[0].function_declarations[0].parameters\': Cannot find field.',
    );
    expect(await error(declare({ name: 'f', parameters: { type: 'OBJECT', properties: {} } }))).toContain(
      'tools[0].function_declarations[0].parameters.properties: should be non-empty for OBJECT type',
    );
    expect(await error(declare({ name: 'f', parameters: { type: 'OBJECT', properties: { a: { type: 'STRING' } }, required: ['b'] } }))).toContain(
      'parameters.required[0]: property is not defined',
    );
    expect(await error(declare({ name: 'f', parameters: { type: 'OBJECT', properties: { a: { type: 'INTEGER', enum: ['1'] } } } }))).toContain(
      'parameters.properties[a].enum: only allowed for STRING type',
    );
    expect(await error(declare({ name: 'f', parameters: { type: 'OBJECT', properties: { a: { type: 'ARRAY' } } } }))).toContain(
      'properties[a].items: missing field.',
    );
    expect(await error(declare({ name: '1bad' }))).toContain('Invalid function name');
    expect(await error(declare({ name: 'f', parameters: { type: 'OBJECT', properties: { a: { type: 'STRING' } } }, parametersJsonSchema: {} }))).toContain(
      'mutually exclusive',
    );
    const free = await post(`${STUDIO}:generateContent`, declare({ name: 'f', parametersJsonSchema: { type: 'object', additionalProperties: true } }));
    expect(free.status).toBe(200);
    expect(await error({ ...declare({ name: 'f' }), toolConfig: { functionCallingConfig: { mode: 'AUTO', allowedFunctionNames: ['f'] } } })).toContain(
      'only allowed when function_calling_config.mode is ANY',
    );
  });

  it('checks generation config ranges and response schema rules', async () => {
    expect(await error({ ...hello, generationConfig: { temperature: 3 } })).toContain('generation_config.temperature: must be in the range [0, 2]');
    expect(await error({ ...hello, generationConfig: { responseMimeType: 'text/csv' } })).toContain('allowed mimetypes');
    expect(await error({ ...hello, generationConfig: { responseJsonSchema: { type: 'object' } } })).toContain('must be application/json');
    expect(await error({ ...hello, generationConfig: { thinkingConfig: { thinkingBudget: 10, thinkingLevel: 'LOW' } } })).toContain('cannot both be set');
  });

  it('serves no text generation from embedding models', async () => {
    const res = await post('/v1beta/models/gemini-embedding-001:generateContent', hello);
    expect(res.status).toBe(404);
    expect(res.json.error.status).toBe('NOT_FOUND');
  });
});

describe('rendering', () => {
  it('renders a non-streamed reply with usage', async () => {
    const res = await post(`${STUDIO}:generateContent`, hello);
    expect(res.json).toMatchObject({
      candidates: [{ content: { role: 'model', parts: [{ text: 'Simulated reply to: Hello' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 2, candidatesTokenCount: 4, totalTokenCount: 6 },
      modelVersion: 'gemini-2.5-flash',
      responseId: expect.any(String),
    });
  });

  it('streams SSE chunks with CRLF separators, thoughts first and usage plus finish on the last', async () => {
    const res = await post(`${STUDIO}:streamGenerateContent?alt=sse`, {
      ...hello,
      generationConfig: { thinkingConfig: { includeThoughts: true, thinkingBudget: 512 } },
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.text.endsWith('\r\n\r\n')).toBe(true);
    const chunks = res.text
      .split('\r\n\r\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line.replace(/^data: /, '')));
    expect(chunks[0].candidates[0].content.parts).toEqual([{ text: 'Considering the request: Hello', thought: true }]);
    expect(
      chunks
        .slice(1)
        .map((c) => c.candidates[0].content.parts[0].text)
        .join(''),
    ).toBe('Simulated reply to: Hello');
    const last = chunks.at(-1);
    expect(last.candidates[0].finishReason).toBe('STOP');
    expect(last.usageMetadata).toMatchObject({ candidatesTokenCount: 4, thoughtsTokenCount: 4 });
    expect(chunks.slice(0, -1).every((c) => c.candidates[0].finishReason === undefined)).toBe(true);
  });

  it('streams function calls whole in one chunk', async () => {
    const body = {
      contents: [{ role: 'user', parts: [{ text: 'use f and g' }] }],
      tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: 'OBJECT', properties: { q: { type: 'STRING' } } } }, { name: 'g' }] }],
    };
    const res = await post(`${STUDIO}:streamGenerateContent?alt=sse`, body);
    const chunks = res.text
      .split('\r\n\r\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line.replace(/^data: /, '')));
    expect(chunks).toHaveLength(1);
    expect(chunks[0].candidates[0].content.parts).toEqual([
      { functionCall: { name: 'f', args: { q: 'sample q' } } },
      { functionCall: { name: 'g', args: {} } },
    ]);
  });

  it('streams a JSON array without alt=sse', async () => {
    const res = await post(`${STUDIO}:streamGenerateContent`, hello);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.json.map((c: Wire) => c.candidates[0].content.parts[0].text).join('')).toBe('Simulated reply to: Hello');
  });

  it('renders a 429 fault with RetryInfo', async () => {
    const res = await post(`${STUDIO}:generateContent`, hello, { 'x-goog-api-key': 'k', 'x-sim-scenario': 'fault=429 retry_after=31' });
    expect(res.status).toBe(429);
    expect(res.json.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect(res.json.error.details).toContainEqual({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '31s' });
    const fault = await post(`${STUDIO}:generateContent`, { contents: [{ role: 'user', parts: [{ text: 'x [[sim fault=503]]' }] }] });
    expect(fault.json.error).toMatchObject({ code: 503, status: 'UNAVAILABLE' });
  });
});

describe('Vertex and the token endpoint', () => {
  it('issues tokens for a well-formed JWT-bearer grant', async () => {
    const { status, json } = await token({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt(goodClaims()) });
    expect(status).toBe(200);
    expect(json).toEqual({ access_token: expect.stringMatching(/^ya29\./), expires_in: 3599, token_type: 'Bearer' });
  });

  it.each([
    [{ grant_type: 'client_credentials', assertion: 'a.b.c' }, 'unsupported_grant_type'],
    [{ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' }, 'invalid_request'],
    [{ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'only.two' }, 'invalid_grant'],
    [{ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt({ ...goodClaims(), scope: 'email' }) }, 'invalid_scope'],
    [{ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt({ ...goodClaims(), exp: now() + 7200 }) }, 'invalid_grant'],
    [{ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt({ ...goodClaims(), iss: undefined }) }, 'invalid_grant'],
    [{ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt(goodClaims(), { alg: 'none' }) }, 'invalid_grant'],
  ])('refuses %j with %s', async (form, expected) => {
    const { status, json } = await token(form as Record<string, string>);
    expect(status).toBe(400);
    expect(json.error).toBe(expected);
  });

  it('refuses a JSON token request body', async () => {
    expect((await token({ grant_type: 'x' }, 'application/json')).json.error).toBe('invalid_request');
  });

  it('accepts only bearer tokens it issued', async () => {
    expect((await post(`${VERTEX}:generateContent`, hello, await bearer())).status).toBe(200);
    const forged = await post(`${VERTEX}:generateContent`, hello, { authorization: 'Bearer ya29.sim.e30.forged' });
    expect(forged.status).toBe(401);
    expect(forged.json.error.status).toBe('UNAUTHENTICATED');
    expect((await post(`${VERTEX}:generateContent`, hello, { 'x-goog-api-key': 'k' })).status).toBe(401);
  });

  it('accepts Vertex-only fields and adds createTime', async () => {
    const res = await post(`${VERTEX}:generateContent`, { ...hello, labels: { team: 'a' } }, await bearer());
    expect(res.status).toBe(200);
    expect(res.json.createTime).toEqual(expect.any(String));
  });

  it('validates :predict embedding requests', async () => {
    const auth = await bearer();
    const path = '/v1/projects/p1/locations/us-central1/publishers/google/models/text-embedding-005:predict';
    const ok = await post(path, { instances: [{ content: 'hi', task_type: 'RETRIEVAL_QUERY' }], parameters: { outputDimensionality: 4 } }, auth);
    expect(ok.json.predictions[0].embeddings.values).toHaveLength(4);
    expect(ok.json.predictions[0].embeddings.statistics).toEqual({ truncated: false, token_count: 1 });
    expect((await post(path, { instances: [] }, auth)).status).toBe(400);
    expect((await post(path, { instances: [{ content: 1 }] }, auth)).status).toBe(400);
    expect((await post(path, { instances: [{ content: 'x' }], extra: 1 }, auth)).json.error.message).toContain('Unknown name "extra"');
    expect((await post(`${VERTEX}:predict`, { instances: [{ content: 'x' }] }, auth)).status).toBe(404);
  });
});

describe('AI Studio embeddings', () => {
  it('checks the model in every batch request and the dimensionality', async () => {
    const path = '/v1beta/models/gemini-embedding-001:batchEmbedContents';
    const one = (extra: Record<string, unknown> = {}) => ({ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] }, ...extra });
    const ok = await post(path, { requests: [one({ outputDimensionality: 3 }), one({ taskType: 'CLUSTERING', outputDimensionality: 3 })] });
    expect(ok.json.embeddings.map((e: { values: number[] }) => e.values.length)).toEqual([3, 3]);
    expect((await post(path, { requests: [one({ model: 'models/other' })] })).json.error.message).toContain('does not match the model in the URL');
    expect((await post(path, { requests: [one({ outputDimensionality: 99999 })] })).status).toBe(400);
    expect((await post(path, { requests: [one({ taskType: 'GUESS' })] })).json.error.message).toContain('TaskType');
    const single = await post('/v1beta/models/gemini-embedding-001:embedContent', { content: { parts: [{ text: 'a' }] }, outputDimensionality: 2 });
    expect(single.json.embedding.values).toHaveLength(2);
  });
});
