/**
 * The Anthropic-only fields of a custom tool (eager_input_streaming, defer_loading,
 * allowed_callers, input_examples). Each is checked like the Messages API checks it and kept by
 * its wire name for an Anthropic upstream, which takes them; other providers leave them out,
 * because they only tune how Anthropic streams the tool's input, loads the tool or shows it to the
 * model, never the shape of the answer. @ai-sdk/anthropic sends eager_input_streaming on every
 * tool when it streams.
 */
import { array, bad, boolean, type Json, object, unsupported } from './validate.js';

/** The tool's Anthropic-only fields, validated, or undefined when it has none. */
export function decodeToolHints(tool: Json, param: string): Json | undefined {
  const out: Json = {};
  const eager = boolean(tool.eager_input_streaming, `${param}.eager_input_streaming`);
  if (eager !== undefined) out.eager_input_streaming = eager;
  const defer = boolean(tool.defer_loading, `${param}.defer_loading`);
  if (defer !== undefined) out.defer_loading = defer;
  if (tool.allowed_callers !== undefined && tool.allowed_callers !== null) {
    const callers = array(tool.allowed_callers, `${param}.allowed_callers`).map((caller, i) => {
      if (typeof caller !== 'string' || caller === '') throw bad(`${param}.allowed_callers.${i}`, 'Input should be a valid string');
      return caller;
    });
    // Without 'direct' only Anthropic's code execution tool may call it, and the gateway carries no
    // server tools: such a tool could never be called, through any provider.
    if (!callers.includes('direct')) {
      throw unsupported(`${param}.allowed_callers`, "a tool that only code execution may call (allowed_callers without 'direct')");
    }
    out.allowed_callers = callers;
  }
  if (tool.input_examples !== undefined && tool.input_examples !== null) {
    out.input_examples = array(tool.input_examples, `${param}.input_examples`).map((example, i) => object(example, `${param}.input_examples.${i}`));
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
