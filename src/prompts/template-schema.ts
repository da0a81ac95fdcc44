/**
 * What a prompt template may hold, checked once where it enters (the admin API, prompt files):
 * the messages, typed variables (every `{{name}}` a message uses must be declared, and a default
 * must have its variable's type), the default model, OpenAI Chat Completions parameters by name
 * (an unknown one is refused, so a typo never silently drops a setting), tools and the response
 * format, within size caps. Problems come back with the path at fault and the fix.
 */
import { z } from 'zod';
import { canonicalJson } from './canonical.js';
import { isLabelName, isPromptId, LABEL_PATTERN, PROMPT_ID_PATTERN } from './names.js';
import { placeholderNames } from './placeholders.js';
import type { PromptTemplate, PromptVariable } from './types.js';

export { isLabelName, isPromptId, LABEL_PATTERN, PROMPT_ID_PATTERN };

/** At most this many messages in a template. */
export const MAX_MESSAGES = 64;
/** At most this many declared variables. */
export const MAX_VARIABLES = 128;
/** At most this many tools. */
export const MAX_TOOLS = 128;
/** A template's JSON may not be larger than this (bytes). */
export const MAX_TEMPLATE_BYTES = 256 * 1024;

/** A variable name, as the placeholder parser reads them. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The parameters a template may set, by their OpenAI Chat Completions names. */
export const PROMPT_PARAMS = [
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'stop',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'reasoning_effort',
] as const;

const positiveInt = z.number().int().positive();

const paramsSchema = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  max_tokens: positiveInt.optional(),
  max_completion_tokens: positiveInt.optional(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).optional(),
  seed: z.number().int().optional(),
  presence_penalty: z.number().min(-2).max(2).optional(),
  frequency_penalty: z.number().min(-2).max(2).optional(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).optional(),
});

const variableSchema = z.strictObject({
  type: z.enum(['string', 'number', 'integer', 'boolean', 'json']),
  required: z.boolean().optional(),
  default: z.unknown().optional(),
  description: z.string().max(2000).optional(),
  enum: z.array(z.string()).min(1).max(256).optional(),
});

const messageSchema = z.strictObject({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.string(),
});

/** The fields of a template (shared by the admin API's body and the prompt file). */
export const templateFields = {
  messages: z.array(messageSchema).min(1).max(MAX_MESSAGES),
  variables: z.record(z.string(), variableSchema).optional(),
  model: z.string().min(1).max(256).optional(),
  params: paramsSchema.optional(),
  tools: z.array(z.record(z.string(), z.unknown())).max(MAX_TOOLS).optional(),
  response_format: z.record(z.string(), z.unknown()).optional(),
};

/** A PromptTemplate, with the cross-field rules (declared variables, typed defaults, size). */
export const promptTemplateSchema = z.strictObject(templateFields).superRefine((template, ctx) => checkTemplate(template, ctx));

/** The prompt file (YAML): a template plus its id (default: the file name) and description. */
export const promptFileSchema = z
  .strictObject({
    id: z.string().optional(),
    description: z.string().max(2000).optional(),
    ...templateFields,
  })
  .superRefine((file, ctx) => {
    if (file.id !== undefined && !isPromptId(file.id))
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: `'${file.id.slice(0, 140)}' is not a prompt id: use a letter or digit, then up to 127 letters, digits, '_', '.' or '-'`,
      });
    const { id: _id, description: _description, ...template } = file;
    checkTemplate(template, ctx);
  });

/** A problem with a template: where (like `messages[1].content`) and what to do. */
export interface TemplateIssue {
  path: string;
  message: string;
}

/** The outcome of validating a template. */
export type TemplateCheck = { ok: true; template: PromptTemplate } | { ok: false; issues: TemplateIssue[] };

/** Validates an untrusted template. */
export function validateTemplate(value: unknown): TemplateCheck {
  const parsed = promptTemplateSchema.safeParse(value);
  if (parsed.success) return { ok: true, template: dropUndefined(parsed.data) };
  return { ok: false, issues: templateIssues(parsed.error.issues) };
}

/** zod's issues as paths and messages, with the fix for the common ones. */
export function templateIssues(issues: readonly z.core.$ZodIssue[]): TemplateIssue[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => `'${key}'`).join(', ');
      if (path === 'params' || path.endsWith('.params'))
        return { path, message: `unknown parameter ${keys}: use OpenAI Chat Completions names (${PROMPT_PARAMS.join(', ')})` };
      return { path: path || '(top)', message: `unknown field ${keys}: remove it or check its spelling` };
    }
    return { path: path || '(top)', message: issue.message };
  });
}

/** `messages[1].content` from zod's path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out;
}

/** The template without undefined members (so it hashes and stores the same however it was built). */
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

type TemplateInput = z.infer<z.ZodObject<typeof templateFields>>;

function checkTemplate(template: TemplateInput, ctx: z.RefinementCtx): void {
  const variables = template.variables ?? {};
  const declared = Object.keys(variables);
  if (declared.length > MAX_VARIABLES)
    ctx.addIssue({ code: 'custom', path: ['variables'], message: `${declared.length} variables: at most ${MAX_VARIABLES} are allowed` });
  for (const [name, variable] of Object.entries(variables)) {
    if (!VARIABLE_NAME.test(name))
      ctx.addIssue({
        code: 'custom',
        path: ['variables', name],
        message: `'${name}' cannot be used as {{${name}}}: a variable name is a letter or '_', then letters, digits or '_'`,
      });
    const problem = defaultProblem(variable as PromptVariable);
    if (problem) ctx.addIssue({ code: 'custom', path: ['variables', name, problem.field], message: problem.message });
  }
  template.messages.forEach((message, index) => {
    for (const name of placeholderNames(message.content))
      if (!Object.hasOwn(variables, name))
        ctx.addIssue({
          code: 'custom',
          path: ['messages', index, 'content'],
          message: `uses {{${name}}}, which is not declared: add '${name}: {type: string}' (or its type) under 'variables'`,
        });
  });
  const bytes = Buffer.byteLength(canonicalJson(template));
  if (bytes > MAX_TEMPLATE_BYTES)
    ctx.addIssue({ code: 'custom', path: [], message: `the template is ${bytes} bytes: at most ${MAX_TEMPLATE_BYTES} (256 KiB) are allowed; shorten it` });
}

/** Why a variable's default or enum does not fit its type, if it does not. */
function defaultProblem(variable: PromptVariable): { field: string; message: string } | undefined {
  if (variable.enum && variable.type !== 'string') return { field: 'enum', message: `'enum' is for string variables: remove it or make the type string` };
  if (variable.default === undefined) return undefined;
  const value = variable.default;
  const fits =
    variable.type === 'string'
      ? typeof value === 'string'
      : variable.type === 'number'
        ? typeof value === 'number' && Number.isFinite(value)
        : variable.type === 'integer'
          ? Number.isSafeInteger(value)
          : variable.type === 'boolean'
            ? typeof value === 'boolean'
            : true;
  if (!fits)
    return {
      field: 'default',
      message: `the default ${JSON.stringify(value)?.slice(0, 80)} is not a ${variable.type}: give a ${variable.type} or change the type`,
    };
  if (variable.enum && !variable.enum.includes(value as string))
    return { field: 'default', message: `the default '${String(value).slice(0, 80)}' is not one of enum: add it to enum or pick one of them` };
  return undefined;
}
