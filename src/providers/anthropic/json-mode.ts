/**
 * JSON mode for Anthropic. OpenAI's response_format json_object has no native Anthropic
 * equivalent (output_config.format needs a full schema), so the request forces one reserved
 * tool whose input is any JSON object, and the decoders turn that tool's input back into text.
 * The name is reserved: it is only ever defined by the encoder, never by a client.
 */

/** The reserved tool that carries the JSON answer in json_object mode. */
export const JSON_TOOL_NAME = 'switchboard_json_response';

/** The tool definition sent upstream in json_object mode. */
export const JSON_TOOL = {
  name: JSON_TOOL_NAME,
  description: 'Give your complete answer as a JSON object by calling this tool.',
  input_schema: { type: 'object' },
} as const;
