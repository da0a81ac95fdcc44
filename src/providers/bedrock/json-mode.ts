/**
 * JSON mode for Converse. response_format json_object has no native Converse form (outputConfig
 * needs a full schema), so the request forces one reserved tool whose input is any JSON object and
 * the decoders turn that tool's input back into text. The name is only ever defined by the
 * encoder, never by a client.
 */

/** The reserved tool that carries the JSON answer in json_object mode. */
export const JSON_TOOL_NAME = 'switchboard_json_response';

/** The toolSpec sent upstream in json_object mode. */
export const JSON_TOOL_SPEC = {
  toolSpec: {
    name: JSON_TOOL_NAME,
    description: 'Give your complete answer as a JSON object by calling this tool.',
    inputSchema: { json: { type: 'object' } },
  },
} as const;
