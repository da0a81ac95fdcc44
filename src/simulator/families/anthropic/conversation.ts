/**
 * Validation of `system` and `messages` the way the Messages API does it: block shapes per role,
 * non-empty content, tool_use/tool_result pairing across turns (after merging consecutive
 * same-role turns, as the API does), thinking signatures, and the thinking tool-loop rule.
 */
import { type AnthropicSimError, invalid } from './errors.js';
import { verifyThinking } from './signature.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the rest of validation and the reply planner need from the conversation. */
export interface ConversationFacts {
  systemText: string;
  lastUserText: string;
  inputChars: number;
  imageCount: number;
  turnCount: number;
  toolResults: string[];
  usesToolBlocks: boolean;
  endsWithAssistant: boolean;
  cacheBreakpoints: number;
}

interface Turn {
  role: 'user' | 'assistant';
  first: number;
  blocks: Array<{ block: Obj; path: string }>;
}

const USER_BLOCKS = ['text', 'image', 'document', 'search_result', 'tool_result'];
const ASSISTANT_BLOCKS = ['text', 'thinking', 'redacted_thinking', 'tool_use'];
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function extra(obj: Obj, allowed: string[], path: string): AnthropicSimError | undefined {
  const key = Object.keys(obj).find((k) => !allowed.includes(k));
  return key === undefined ? undefined : invalid(`${path}.${key}: Extra inputs are not permitted`);
}

/** The format the first bytes of base64 image data reveal, if recognisable. */
function sniffImage(data: string): string | undefined {
  const head = Buffer.from(data.slice(0, 24), 'base64');
  if (head[0] === 0x89 && head.toString('latin1', 1, 4) === 'PNG') return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.toString('latin1', 0, 4) === 'GIF8') return 'image/gif';
  if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

function checkCache(block: Obj, path: string): AnthropicSimError | undefined {
  if (block.cache_control === undefined || block.cache_control === null) return undefined;
  const cc = block.cache_control;
  if (!isObj(cc) || cc.type !== 'ephemeral') return invalid(`${path}.cache_control.type: Input should be 'ephemeral'`);
  if (cc.ttl !== undefined && cc.ttl !== '5m' && cc.ttl !== '1h') return invalid(`${path}.cache_control.ttl: Input should be '5m' or '1h'`);
  return extra(cc, ['type', 'ttl'], `${path}.cache_control`);
}

function checkImage(block: Obj, path: string): AnthropicSimError | undefined {
  const source = block.source;
  if (!isObj(source)) return invalid(`${path}.source: Field required`);
  if (source.type === 'base64') {
    if (typeof source.media_type !== 'string' || !IMAGE_TYPES.includes(source.media_type)) {
      return invalid(`${path}.source.base64.media_type: Input should be ${IMAGE_TYPES.map((t) => `'${t}'`).join(', ')}`);
    }
    if (typeof source.data !== 'string' || !BASE64.test(source.data)) return invalid(`${path}.source.base64.data: Invalid base64 data`);
    const actual = sniffImage(source.data);
    if (actual && actual !== source.media_type) {
      return invalid(`${path}.source.base64.data: Image does not match the provided media type ${source.media_type}`);
    }
    return extra(source, ['type', 'media_type', 'data'], `${path}.source.base64`);
  }
  if (source.type === 'url') {
    if (typeof source.url !== 'string' || !/^https?:\/\//.test(source.url)) return invalid(`${path}.source.url.url: Input should be a valid URL`);
    return extra(source, ['type', 'url'], `${path}.source.url`);
  }
  if (source.type === 'file' && typeof source.file_id === 'string') return undefined;
  return invalid(`${path}.source: Input tag '${String(source.type)}' found using 'type' does not match any of the expected tags: 'base64', 'url', 'file'`);
}

function checkText(block: Obj, path: string): AnthropicSimError | undefined {
  if (typeof block.text !== 'string') return invalid(`${path}.text: Field required`);
  if (block.text === '') return invalid(`${path}.text: text content blocks must be non-empty`);
  return extra(block, ['type', 'text', 'cache_control', 'citations'], path);
}

function checkBlock(block: Obj, path: string): AnthropicSimError | undefined {
  switch (block.type) {
    case 'text':
      return checkText(block, path);
    case 'image':
      return checkImage(block, path) ?? extra(block, ['type', 'source', 'cache_control'], path);
    case 'document':
    case 'search_result':
      return isObj(block.source) || block.type === 'search_result' ? undefined : invalid(`${path}.source: Field required`);
    case 'tool_use':
      if (typeof block.id !== 'string') return invalid(`${path}.id: Field required`);
      if (typeof block.name !== 'string') return invalid(`${path}.name: Field required`);
      if (!isObj(block.input)) return invalid(`${path}.input: Input should be a valid dictionary`);
      return extra(block, ['type', 'id', 'name', 'input', 'cache_control', 'caller'], path);
    case 'tool_result': {
      if (typeof block.tool_use_id !== 'string') return invalid(`${path}.tool_use_id: Field required`);
      if (block.is_error !== undefined && typeof block.is_error !== 'boolean') return invalid(`${path}.is_error: Input should be a valid boolean`);
      const content = block.content;
      if (Array.isArray(content)) {
        for (let k = 0; k < content.length; k++) {
          const inner = content[k];
          const innerPath = `${path}.content.${k}`;
          if (!isObj(inner) || !['text', 'image', 'document', 'search_result'].includes(String(inner.type))) {
            return invalid(`${innerPath}: Input should be a valid text, image, document or search_result block`);
          }
          const err = checkBlock(inner, innerPath) ?? checkCache(inner, innerPath);
          if (err) return err;
        }
      } else if (content !== undefined && typeof content !== 'string') {
        return invalid(`${path}.content: Input should be a valid string or list`);
      }
      return extra(block, ['type', 'tool_use_id', 'content', 'is_error', 'cache_control'], path);
    }
    case 'thinking':
      if (typeof block.thinking !== 'string') return invalid(`${path}.thinking: Field required`);
      if (typeof block.signature !== 'string') return invalid(`${path}.signature: Field required`);
      if (block.cache_control !== undefined) return invalid(`${path}.cache_control: Extra inputs are not permitted`);
      if (!verifyThinking(block.thinking, block.signature)) return invalid(`${path}: Invalid \`signature\` in \`thinking\` block`);
      return extra(block, ['type', 'thinking', 'signature'], path);
    case 'redacted_thinking':
      if (typeof block.data !== 'string') return invalid(`${path}.data: Field required`);
      return extra(block, ['type', 'data'], path);
    default:
      return invalid(`${path}: Input tag '${String(block.type)}' found using 'type' does not match any of the expected tags`);
  }
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  return value
    .filter((b) => isObj(b) && b.type === 'text')
    .map((b) => String((b as Obj).text))
    .join('\n');
}

function checkSystem(system: unknown, facts: ConversationFacts): AnthropicSimError | undefined {
  if (system === undefined || system === null) return undefined;
  if (typeof system === 'string') {
    facts.systemText = system;
    return undefined;
  }
  if (!Array.isArray(system)) return invalid('system: Input should be a valid string or list');
  for (let j = 0; j < system.length; j++) {
    const block = system[j];
    if (!isObj(block) || block.type !== 'text') return invalid(`system.${j}.type: Input should be 'text'`);
    const err = checkText(block, `system.${j}`) ?? checkCache(block, `system.${j}`);
    if (err) return err;
    if (block.cache_control) facts.cacheBreakpoints++;
  }
  facts.systemText = textOf(system);
  return undefined;
}

function toolLoopErrors(turns: Turn[], thinkingOn: boolean): AnthropicSimError | undefined {
  // Results that answer nothing are reported before calls that went unanswered, as the API does.
  for (let t = 0; t < turns.length; t++) {
    const turn = turns[t]!;
    const prev = turns[t - 1];
    if (turn.role === 'user') {
      const offered = new Set(prev?.role === 'assistant' ? prev.blocks.filter((b) => b.block.type === 'tool_use').map((b) => b.block.id) : []);
      for (const { block, path } of turn.blocks) {
        if (block.type === 'tool_result' && !offered.has(block.tool_use_id)) {
          return invalid(
            `${path}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
          );
        }
      }
    }
  }
  for (let t = 0; t < turns.length; t++) {
    const turn = turns[t]!;
    if (turn.role === 'user') continue;
    const ids = turn.blocks.filter((b) => b.block.type === 'tool_use').map((b) => String(b.block.id));
    if (ids.length === 0) continue;
    const next = turns[t + 1];
    const blocks = next?.blocks ?? [];
    const leading = blocks.findIndex((b) => b.block.type !== 'tool_result');
    const head = leading < 0 ? blocks : blocks.slice(0, leading);
    const answered = new Set(head.map((b) => String(b.block.tool_use_id)));
    if (next && head.length < blocks.filter((b) => b.block.type === 'tool_result').length) {
      return invalid(
        `messages.${next.first}: Did not find ${ids.length} \`tool_result\` block(s) at the beginning of this message. Messages following \`tool_use\` blocks must begin with a matching number of \`tool_result\` blocks.`,
      );
    }
    const missing = ids.filter((id) => !answered.has(id));
    if (missing.length > 0) {
      return invalid(
        `messages.${next?.first ?? turn.first}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
      );
    }
  }
  const last = turns[turns.length - 1];
  const before = turns[turns.length - 2];
  if (thinkingOn && last?.role === 'user' && before && last.blocks.some((b) => b.block.type === 'tool_result')) {
    const first = before.blocks[0]?.block.type;
    if (first !== 'thinking' && first !== 'redacted_thinking') {
      return invalid(
        `messages.${before.first}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`.`,
      );
    }
  }
  return undefined;
}

/** Validates system and messages; returns the facts or the API's error. */
export function validateConversation(system: unknown, messages: unknown, thinkingOn: boolean): ConversationFacts | AnthropicSimError {
  const facts: ConversationFacts = {
    systemText: '',
    lastUserText: '',
    inputChars: 0,
    imageCount: 0,
    turnCount: 0,
    toolResults: [],
    usesToolBlocks: false,
    endsWithAssistant: false,
    cacheBreakpoints: 0,
  };
  const systemError = checkSystem(system, facts);
  if (systemError) return systemError;
  if (messages === undefined) return invalid('messages: Field required');
  if (!Array.isArray(messages)) return invalid('messages: Input should be a valid list');
  if (messages.length === 0) return invalid('messages: at least one message is required');

  const turns: Turn[] = [];
  for (let i = 0; i < messages.length; i++) {
    const msg = messages[i];
    const path = `messages.${i}`;
    if (!isObj(msg)) return invalid(`${path}: Input should be a valid dictionary`);
    if (msg.role !== 'user' && msg.role !== 'assistant') return invalid(`${path}.role: Input should be 'user' or 'assistant'`);
    const extraKey = extra(msg, ['role', 'content'], path);
    if (extraKey) return extraKey;
    if (msg.content === undefined) return invalid(`${path}.content: Field required`);
    const content = typeof msg.content === 'string' ? (msg.content === '' ? [] : [{ type: 'text', text: msg.content }]) : msg.content;
    if (!Array.isArray(content)) return invalid(`${path}.content: Input should be a valid string or list`);
    if (content.length === 0 && !(i === messages.length - 1 && msg.role === 'assistant')) {
      return invalid(`${path}: all messages must have non-empty content except for the optional final assistant message`);
    }
    const allowed = msg.role === 'user' ? USER_BLOCKS : ASSISTANT_BLOCKS;
    const last = turns[turns.length - 1];
    const turn: Turn = last?.role === msg.role ? last : { role: msg.role, first: i, blocks: [] };
    if (turn !== last) turns.push(turn);
    for (let j = 0; j < content.length; j++) {
      const block = content[j];
      const bpath = `${path}.content.${j}`;
      if (!isObj(block)) return invalid(`${bpath}: Input should be a valid dictionary`);
      if (!allowed.includes(String(block.type))) {
        return invalid(
          `${bpath}: Input tag '${String(block.type)}' found using 'type' does not match any of the expected tags: ${allowed.map((t) => `'${t}'`).join(', ')}`,
        );
      }
      const err = checkBlock(block, bpath) ?? checkCache(block, bpath);
      if (err) return err;
      if (block.cache_control) facts.cacheBreakpoints++;
      turn.blocks.push({ block, path: bpath });
      if (block.type === 'text') facts.inputChars += String(block.text).length;
      if (block.type === 'image') facts.imageCount++;
      if (block.type === 'tool_use') facts.inputChars += JSON.stringify(block.input).length;
      if (block.type === 'tool_result') {
        facts.inputChars += textOf(block.content).length;
        if (Array.isArray(block.content)) facts.imageCount += block.content.filter((b) => isObj(b) && b.type === 'image').length;
      }
      if (block.type === 'tool_use' || block.type === 'tool_result') facts.usesToolBlocks = true;
    }
  }
  const loopError = toolLoopErrors(turns, thinkingOn);
  if (loopError) return loopError;

  facts.turnCount = messages.length;
  facts.inputChars += facts.systemText.length;
  facts.endsWithAssistant = turns[turns.length - 1]?.role === 'assistant';
  const lastUser = [...turns].reverse().find((t) => t.role === 'user');
  facts.lastUserText = (lastUser?.blocks ?? [])
    .filter((b) => b.block.type === 'text')
    .map((b) => String(b.block.text))
    .join('\n');
  const lastToolTurn = turns.map((t) => t.role === 'assistant' && t.blocks.some((b) => b.block.type === 'tool_use')).lastIndexOf(true);
  if (lastToolTurn >= 0) {
    for (const turn of turns.slice(lastToolTurn + 1)) {
      for (const { block } of turn.blocks) if (block.type === 'tool_result') facts.toolResults.push(textOf(block.content));
    }
  }
  return facts;
}
