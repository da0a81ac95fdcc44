/**
 * What the simulator received: every upstream request the gateway sent, recorded from a second
 * 'request' listener on the simulator's server, and read back in a form shared by the three
 * upstream families (OpenAI chat/responses/embeddings, Anthropic messages, Gemini generate/embed), so a
 * client-matrix cell can assert the same thing whichever family is behind the alias.
 */
import type { IncomingMessage, Server } from 'node:http';

/** The upstream families the matrix covers. */
export type Family = 'openai' | 'anthropic' | 'gemini';

type Json = Record<string, unknown>;

/** One upstream request, normalized. */
export interface UpstreamCall {
  family: Family;
  /** Path and query as the simulator saw them. */
  path: string;
  /** The upstream model the gateway asked for. */
  model: string;
  streamed: boolean;
  /** System instructions, joined per message. */
  systemTexts: string[];
  /** Text of each user turn (tool results excluded). */
  userTexts: string[];
  /** Names of the tools declared to the model. */
  toolNames: string[];
  /** Tool results sent back to the model, as text. */
  toolResults: string[];
  /** JSON schemas the model was asked to follow: a response format, or tool parameters. */
  schemas: Json[];
  /** Texts sent to an embeddings endpoint. */
  embeddingInputs: string[];
  /** The raw request body. */
  raw: string;
}

const asObject = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isObject = (value: unknown): value is Json => Object.keys(asObject(value)).length > 0;

/** Text of a string or of a list of `{type:'text', text}` parts. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((part) => asObject(part))
    .filter((part) => typeof part.text === 'string')
    .map((part) => part.text as string)
    .join('');
}

function openaiCall(path: string, body: Json): Omit<UpstreamCall, 'family' | 'path' | 'raw'> {
  const messages = asArray(body.messages).map(asObject);
  const tools = asArray(body.tools).map((t) => asObject(asObject(t).function));
  const responseSchema = asObject(asObject(asObject(body.response_format).json_schema).schema);
  const input = body.input;
  return {
    model: String(body.model ?? ''),
    streamed: body.stream === true,
    systemTexts: messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => textOf(m.content)),
    userTexts: messages.filter((m) => m.role === 'user').map((m) => textOf(m.content)),
    toolNames: tools.map((t) => String(t.name)),
    toolResults: messages.filter((m) => m.role === 'tool').map((m) => textOf(m.content)),
    schemas: [responseSchema, ...tools.map((t) => asObject(t.parameters))].filter(isObject),
    embeddingInputs: path.endsWith('/embeddings') ? (Array.isArray(input) ? input.map(String) : [String(input)]) : [],
  };
}

/** An OpenAI Responses request (for an openai provider that forwards /v1/responses as it is). */
function openaiResponsesCall(body: Json): Omit<UpstreamCall, 'family' | 'path' | 'raw'> {
  const items = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : asArray(body.input).map(asObject);
  const messages = items.filter((item) => item.type === undefined || item.type === 'message');
  const tools = asArray(body.tools)
    .map(asObject)
    .filter((t) => t.type === 'function');
  return {
    model: String(body.model ?? ''),
    streamed: body.stream === true,
    systemTexts: [
      ...(typeof body.instructions === 'string' ? [body.instructions] : []),
      ...messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => textOf(m.content)),
    ],
    userTexts: messages.filter((m) => m.role === 'user').map((m) => textOf(m.content)),
    toolNames: tools.map((t) => String(t.name)),
    toolResults: items.filter((item) => item.type === 'function_call_output').map((item) => textOf(item.output)),
    schemas: [asObject(asObject(asObject(body.text).format).schema), ...tools.map((t) => asObject(t.parameters))].filter(isObject),
    embeddingInputs: [],
  };
}

function anthropicCall(body: Json): Omit<UpstreamCall, 'family' | 'path' | 'raw'> {
  const messages = asArray(body.messages).map(asObject);
  const blocks = (role: string) =>
    messages.filter((m) => m.role === role).map((m) => (typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : asArray(m.content)));
  const tools = asArray(body.tools).map(asObject);
  const userTurns = blocks('user').map((turn) => turn.map(asObject).filter((b) => b.type === 'text'));
  return {
    model: String(body.model ?? ''),
    streamed: body.stream === true,
    systemTexts: body.system === undefined ? [] : [textOf(body.system)],
    userTexts: userTurns.filter((turn) => turn.length > 0).map((turn) => textOf(turn)),
    toolNames: tools.map((t) => String(t.name)),
    toolResults: blocks('user')
      .flat()
      .map(asObject)
      .filter((b) => b.type === 'tool_result')
      .map((b) => textOf(b.content)),
    schemas: [asObject(asObject(asObject(body.output_config).format).schema), ...tools.map((t) => asObject(t.input_schema))].filter(isObject),
    embeddingInputs: [],
  };
}

/** A Gemini functionResponse carries an object; the gateway wraps a text result as {output}. */
function functionResponseText(response: Json): string {
  const keys = Object.keys(response);
  if (keys.length === 1 && typeof response[keys[0]!] === 'string') return response[keys[0]!] as string;
  return JSON.stringify(response);
}

function geminiCall(path: string, body: Json): Omit<UpstreamCall, 'family' | 'path' | 'raw'> {
  const contents = asArray(body.contents).map(asObject);
  const parts = (role: string) => contents.filter((c) => c.role === role).map((c) => asArray(c.parts).map(asObject));
  const declarations = asArray(body.tools).flatMap((t) => asArray(asObject(t).functionDeclarations).map(asObject));
  const config = asObject(body.generationConfig);
  return {
    model: decodeURIComponent(/\/models\/([^/:?]+)/.exec(path)?.[1] ?? ''),
    streamed: path.includes(':streamGenerateContent'),
    systemTexts: body.systemInstruction === undefined ? [] : [textOf(asObject(body.systemInstruction).parts)],
    userTexts: parts('user')
      .map((turn) => textOf(turn))
      .filter((text) => text !== ''),
    toolNames: declarations.map((d) => String(d.name)),
    toolResults: parts('user')
      .flat()
      .filter((p) => isObject(p.functionResponse))
      .map((p) => functionResponseText(asObject(asObject(p.functionResponse).response))),
    schemas: [asObject(config.responseJsonSchema ?? config.responseSchema), ...declarations.map((d) => asObject(d.parameters))].filter(isObject),
    embeddingInputs: asArray(body.requests).map((r) => textOf(asObject(asObject(r).content).parts)),
  };
}

/** Reads one recorded request into the shared form. */
export function normalizeUpstream(path: string, raw: string): UpstreamCall {
  let body: Json = {};
  try {
    body = asObject(JSON.parse(raw));
  } catch {
    // A body that is not JSON still counts as a call; its fields stay empty.
  }
  const pathname = path.split('?')[0]!;
  if (pathname.startsWith('/v1beta/')) return { family: 'gemini', path, raw, ...geminiCall(path, body) };
  if (pathname === '/v1/messages') return { family: 'anthropic', path, raw, ...anthropicCall(body) };
  if (pathname.endsWith('/responses')) return { family: 'openai', path, raw, ...openaiResponsesCall(body) };
  return { family: 'openai', path, raw, ...openaiCall(pathname, body) };
}

/** Records every request the simulator receives, body included. */
export class UpstreamRecorder {
  private readonly calls: UpstreamCall[] = [];

  /** Starts listening on the simulator's server. */
  constructor(server: Server) {
    // The simulator's own listener runs first and starts reading the body in the same turn; a
    // second 'data' listener receives the same chunks.
    server.on('request', (req: IncomingMessage) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.calls.push(normalizeUpstream(req.url ?? '', Buffer.concat(chunks).toString('utf8'))));
    });
  }

  /** The requests whose body contains `tag`, in arrival order. */
  containing(tag: string): UpstreamCall[] {
    return this.calls.filter((call) => call.raw.includes(tag));
  }
}
