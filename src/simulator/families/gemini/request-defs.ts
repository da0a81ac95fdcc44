/**
 * The proto shapes of Gemini request bodies, for AI Studio (google.ai.generativelanguage.v1beta)
 * and Vertex AI (google.cloud.aiplatform.v1), as far as the simulator checks them. Fields the
 * simulator does not inspect are typed 'value' so they parse but are not validated further.
 */
import type { Kind, MessageDef } from './proto.js';

/** Which API the request was sent to. */
export type Api = 'studio' | 'vertex';

/** The proto package each API reports in its error messages. */
export const PACKAGE: Record<Api, string> = {
  studio: 'google.ai.generativelanguage.v1beta',
  vertex: 'google.cloud.aiplatform.v1',
};

const SCHEMA_TYPES = ['TYPE_UNSPECIFIED', 'STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'ARRAY', 'OBJECT', 'NULL'] as const;

/** The OpenAPI-subset Schema used by `parameters` and `responseSchema`. */
export const SCHEMA: MessageDef = { name: 'Schema', fields: {} };
Object.assign(SCHEMA.fields, {
  // Google's parser is observed to accept lower-case type names as well.
  type: { enum: 'Type', values: SCHEMA_TYPES, caseInsensitive: true },
  format: 'string',
  title: 'string',
  description: 'string',
  nullable: 'bool',
  enum: { repeated: 'string' },
  items: { message: SCHEMA },
  maxItems: 'int64',
  minItems: 'int64',
  properties: { map: { message: SCHEMA } },
  required: { repeated: 'string' },
  minProperties: 'int64',
  maxProperties: 'int64',
  minLength: 'int64',
  maxLength: 'int64',
  pattern: 'string',
  example: 'value',
  default: 'value',
  anyOf: { repeated: { message: SCHEMA } },
  propertyOrdering: { repeated: 'string' },
  minimum: 'float',
  maximum: 'float',
} satisfies Record<string, Kind>);

function partDef(api: Api): MessageDef {
  const vertexOnly: Record<string, Kind> = api === 'vertex' ? { partialArgs: 'value', willContinue: 'bool' } : {};
  return {
    name: 'Part',
    oneof: { name: 'data', fields: ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult'] },
    fields: {
      text: 'string',
      inlineData: { message: { name: 'Blob', fields: { mimeType: 'string', data: 'bytes', ...(api === 'vertex' ? { displayName: 'string' } : {}) } } },
      fileData: { message: { name: 'FileData', fields: { mimeType: 'string', fileUri: 'string', ...(api === 'vertex' ? { displayName: 'string' } : {}) } } },
      functionCall: { message: { name: 'FunctionCall', fields: { id: 'string', name: 'string', args: 'struct', ...vertexOnly } } },
      functionResponse: {
        message: {
          name: 'FunctionResponse',
          fields: {
            id: 'string',
            name: 'string',
            response: 'struct',
            parts: 'value',
            willContinue: 'bool',
            scheduling: { enum: 'FunctionResponse.Scheduling', values: ['SCHEDULING_UNSPECIFIED', 'SILENT', 'WHEN_IDLE', 'INTERRUPT'] },
          },
        },
      },
      executableCode: 'value',
      codeExecutionResult: 'value',
      thought: 'bool',
      thoughtSignature: 'bytes',
      videoMetadata: 'value',
      mediaResolution: 'value',
      partMetadata: 'struct',
    },
  };
}

function contentDef(api: Api): MessageDef {
  return { name: 'Content', fields: { role: 'string', parts: { repeated: { message: partDef(api) } } } };
}

function generationConfigDef(api: Api): MessageDef {
  const vertexOnly: Record<string, Kind> = api === 'vertex' ? { routingConfig: 'value', modelSelectionConfig: 'value', audioTimestamp: 'bool' } : {};
  return {
    name: 'GenerationConfig',
    fields: {
      stopSequences: { repeated: 'string' },
      responseMimeType: 'string',
      responseSchema: { message: SCHEMA },
      responseJsonSchema: 'value',
      responseModalities: { repeated: { enum: 'GenerationConfig.Modality', values: ['MODALITY_UNSPECIFIED', 'TEXT', 'IMAGE', 'AUDIO'] } },
      candidateCount: 'int32',
      maxOutputTokens: 'int32',
      temperature: 'float',
      topP: 'float',
      topK: api === 'vertex' ? 'float' : 'int32',
      seed: 'int32',
      presencePenalty: 'float',
      frequencyPenalty: 'float',
      responseLogprobs: 'bool',
      logprobs: 'int32',
      enableEnhancedCivicAnswers: 'bool',
      speechConfig: 'value',
      imageConfig: 'value',
      mediaResolution: 'value',
      thinkingConfig: {
        message: {
          name: 'ThinkingConfig',
          fields: {
            includeThoughts: 'bool',
            thinkingBudget: 'int32',
            thinkingLevel: { enum: 'ThinkingConfig.ThinkingLevel', values: ['THINKING_LEVEL_UNSPECIFIED', 'MINIMAL', 'LOW', 'MEDIUM', 'HIGH'] },
          },
        },
      },
      ...vertexOnly,
    },
  };
}

function toolDef(api: Api): MessageDef {
  const declaration: MessageDef = {
    name: 'FunctionDeclaration',
    fields: {
      name: 'string',
      description: 'string',
      behavior: { enum: 'FunctionDeclaration.Behavior', values: ['UNSPECIFIED', 'BLOCKING', 'NON_BLOCKING'] },
      parameters: { message: SCHEMA },
      parametersJsonSchema: 'value',
      response: { message: SCHEMA },
      responseJsonSchema: 'value',
    },
  };
  const builtIns: Record<string, Kind> = {
    googleSearchRetrieval: 'value',
    codeExecution: 'value',
    googleSearch: 'value',
    urlContext: 'value',
    computerUse: 'value',
    fileSearch: 'value',
    googleMaps: 'value',
    ...(api === 'vertex' ? { retrieval: 'value', enterpriseWebSearch: 'value' } : {}),
  };
  return { name: 'Tool', fields: { functionDeclarations: { repeated: { message: declaration } }, ...builtIns } };
}

const HARM_CATEGORIES = [
  'HARM_CATEGORY_UNSPECIFIED',
  'HARM_CATEGORY_HARASSMENT',
  'HARM_CATEGORY_HATE_SPEECH',
  'HARM_CATEGORY_SEXUALLY_EXPLICIT',
  'HARM_CATEGORY_DANGEROUS_CONTENT',
  'HARM_CATEGORY_CIVIC_INTEGRITY',
];
const THRESHOLDS = ['HARM_BLOCK_THRESHOLD_UNSPECIFIED', 'BLOCK_LOW_AND_ABOVE', 'BLOCK_MEDIUM_AND_ABOVE', 'BLOCK_ONLY_HIGH', 'BLOCK_NONE', 'OFF'];

/** The GenerateContentRequest body definition for one API. */
export function generateContentRequestDef(api: Api): MessageDef {
  const content = contentDef(api);
  const vertexOnly: Record<string, Kind> = api === 'vertex' ? { labels: { map: 'string' }, modelArmorConfig: 'value' } : {};
  const safety: Record<string, Kind> = {
    category: { enum: 'HarmCategory', values: HARM_CATEGORIES },
    threshold: { enum: 'SafetySetting.HarmBlockThreshold', values: THRESHOLDS },
    ...(api === 'vertex' ? { method: { enum: 'SafetySetting.HarmBlockMethod', values: ['HARM_BLOCK_METHOD_UNSPECIFIED', 'SEVERITY', 'PROBABILITY'] } } : {}),
  };
  return {
    name: 'GenerateContentRequest',
    fields: {
      model: 'string',
      contents: { repeated: { message: content } },
      systemInstruction: { message: content },
      tools: { repeated: { message: toolDef(api) } },
      toolConfig: {
        message: {
          name: 'ToolConfig',
          fields: {
            functionCallingConfig: {
              message: {
                name: 'FunctionCallingConfig',
                fields: {
                  mode: { enum: 'FunctionCallingConfig.Mode', values: ['MODE_UNSPECIFIED', 'AUTO', 'ANY', 'NONE', 'VALIDATED'] },
                  allowedFunctionNames: { repeated: 'string' },
                  ...(api === 'vertex' ? { streamFunctionCallArguments: 'bool' } : {}),
                },
              },
            },
            retrievalConfig: 'value',
          },
        },
      },
      safetySettings: { repeated: { message: { name: 'SafetySetting', fields: safety } } },
      generationConfig: { message: generationConfigDef(api) },
      cachedContent: 'string',
      serviceTier: 'string',
      ...vertexOnly,
    },
  };
}
