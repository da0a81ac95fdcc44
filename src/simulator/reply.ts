/**
 * The simulator's deterministic reply planner, shared by every wire family. A family handler
 * validates its wire request, reduces it to a SimInput, and renders the SimReply in its format.
 * Same input, same reply: tests can assert on exact text, tool arguments and token counts.
 */
import { extractDirective, mergeSpecs, parseScenario, type Scenario } from './scenario.js';

/** A tool as the simulator sees it. */
export interface SimTool {
  name: string;
  parameters?: Record<string, unknown>;
}

/** What a family handler extracts from a valid request. */
export interface SimInput {
  model: string;
  /** Text of the system/developer instructions, joined. */
  systemText: string;
  /** Text of the last user message (with any [[sim]] directive still in it). */
  lastUserText: string;
  /** Total characters of all input text, for the input token count. */
  inputChars: number;
  /** Number of images in the conversation. */
  imageCount: number;
  /** Number of user/assistant/tool turns. */
  turnCount: number;
  tools: SimTool[];
  /** 'auto' | 'none' | 'required' | a tool name. */
  toolChoice?: string;
  /** Tool results that come after the last assistant tool call (text of each). */
  toolResults: string[];
  /** JSON schema requested for the output, or 'json_object'. */
  jsonSchema?: Record<string, unknown> | 'json_object';
  stop: string[];
  maxTokens?: number;
  reasoning: boolean;
  parallelToolCalls: boolean;
  /** The x-sim-scenario header, if any. */
  scenarioHeader?: string;
}

/** A planned tool call. */
export interface SimToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** The reply the family renders. */
export interface SimReply {
  /** Output split into stream-sized pieces; joined they are the whole text. */
  textChunks: string[];
  text: string;
  reasoning?: string;
  toolCalls: SimToolCall[];
  /** content_filter: fault=content_filter cut the reply (each family renders its own reason). */
  finish: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  stopSequence?: string;
  usage: { inputTokens: number; outputTokens: number; cachedInputTokens: number; reasoningTokens: number };
  scenario: Scenario;
}

/** Splits text into word-sized chunks that keep their whitespace. */
export function chunkText(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** A deterministic example value for a JSON schema. */
export function sampleFromSchema(schema: unknown, key = 'value'): unknown {
  const s = (typeof schema === 'object' && schema !== null ? schema : {}) as Record<string, unknown>;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if ('const' in s) return s.const;
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(props)) out[name] = sampleFromSchema(sub, name);
      return out;
    }
    case 'array':
      return [sampleFromSchema(s.items, key)];
    case 'integer':
    case 'number':
      return 42;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return `sample ${key}`;
  }
}

/** Simple deterministic hash, used to build stable tool-call ids. */
function stableHash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36).padStart(7, '0');
}

function chooseTools(input: SimInput, scenario: Scenario, userText: string): SimTool[] {
  if (input.tools.length === 0 || input.toolChoice === 'none' || input.toolResults.length > 0) return [];
  const byName = new Map(input.tools.map((t) => [t.name, t]));
  if (scenario.tools) return scenario.tools.map((n) => byName.get(n) ?? { name: n });
  if (input.toolChoice && input.toolChoice !== 'auto' && input.toolChoice !== 'required') {
    const forced = byName.get(input.toolChoice);
    return forced ? [forced] : [];
  }
  const mentioned = input.tools.filter((t) => userText.includes(t.name));
  if (mentioned.length > 0) return input.parallelToolCalls ? mentioned : mentioned.slice(0, 1);
  if (input.toolChoice === 'required') return [input.tools[0]!];
  return [];
}

/**
 * A reply stopped by a content filter: the first half of the text (none for a short reply) and no
 * tool calls, as a filter that trips part-way leaves it.
 */
function filtered(reply: SimReply): SimReply {
  const kept = reply.textChunks.slice(0, Math.floor(reply.textChunks.length / 2));
  return {
    ...reply,
    textChunks: kept,
    text: kept.join(''),
    toolCalls: [],
    finish: 'content_filter',
    stopSequence: undefined,
    usage: { ...reply.usage, outputTokens: kept.length + reply.usage.reasoningTokens },
  };
}

/** Decides a request's fault before its reply is planned (the SimResponder). */
export interface FaultSettler {
  settle(scenario: Scenario): void;
}

/**
 * Plans the reply for a validated request. `settler` (the request's responder) decides the fault
 * first, so a fault chosen by chaos or fail_times shapes the reply like one written in the request.
 */
export function planReply(input: SimInput, settler?: FaultSettler): SimReply {
  const directive = extractDirective(input.lastUserText);
  const scenario = parseScenario(mergeSpecs(directive.spec, input.scenarioHeader));
  settler?.settle(scenario);
  const reply = plan(input, scenario, directive.text);
  return scenario.fault === 'content_filter' ? filtered(reply) : reply;
}

function plan(input: SimInput, scenario: Scenario, userText: string): SimReply {
  const inputTokens = Math.max(1, Math.ceil(input.inputChars / 4));

  const tools = chooseTools(input, scenario, userText);
  if (tools.length > 0) {
    const toolCalls = tools.map((tool, i) => ({
      id: `call_${stableHash(`${tool.name}:${i}:${userText}`)}${i}`,
      name: tool.name,
      arguments: JSON.stringify(sampleFromSchema(tool.parameters ?? { type: 'object' }, tool.name)),
    }));
    const outputTokens = toolCalls.reduce((n, c) => n + Math.ceil(c.arguments.length / 4) + 5, 0);
    return {
      textChunks: [],
      text: '',
      toolCalls,
      finish: 'tool_calls',
      usage: { inputTokens, outputTokens, cachedInputTokens: Math.min(scenario.cachedTokens, inputTokens), reasoningTokens: 0 },
      scenario,
    };
  }

  let text: string;
  if (scenario.reply !== undefined) text = scenario.reply;
  else if (input.jsonSchema === 'json_object') text = JSON.stringify({ reply: userText });
  else if (input.jsonSchema) text = JSON.stringify(sampleFromSchema(input.jsonSchema));
  else if (input.toolResults.length > 0) text = `Tool results received: ${input.toolResults.join(' | ')}`;
  else {
    text = `Simulated reply to: ${userText}`;
    if (input.systemText) text += ` (system: ${input.systemText.slice(0, 60)})`;
    if (input.imageCount > 0) text += ` (images: ${input.imageCount})`;
    if (input.turnCount > 1) text += ` (turns: ${input.turnCount})`;
  }

  let finish: SimReply['finish'] = 'stop';
  let stopSequence: string | undefined;
  for (const stop of input.stop) {
    const at = stop ? text.indexOf(stop) : -1;
    if (at >= 0) {
      text = text.slice(0, at);
      stopSequence = stop;
    }
  }
  let chunks = chunkText(text);
  if (input.maxTokens !== undefined && chunks.length > input.maxTokens) {
    chunks = chunks.slice(0, input.maxTokens);
    text = chunks.join('');
    finish = 'length';
    stopSequence = undefined;
  }
  const reasoning = input.reasoning ? `Considering the request: ${userText.slice(0, 80)}` : undefined;
  const reasoningTokens = reasoning ? chunkText(reasoning).length : 0;
  return {
    textChunks: chunks,
    text,
    reasoning,
    toolCalls: [],
    finish,
    stopSequence,
    usage: {
      inputTokens,
      outputTokens: chunks.length + reasoningTokens,
      cachedInputTokens: Math.min(scenario.cachedTokens, inputTokens),
      reasoningTokens,
    },
    scenario,
  };
}
