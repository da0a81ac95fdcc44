/** Template validation: declared variables, typed defaults, known parameters, caps; errors name the path and the fix. */
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGES, validateTemplate } from './template-schema.js';

const ok = {
  messages: [
    { role: 'system', content: 'Answer in {{ language }}.' },
    { role: 'user', content: '{{question}}' },
  ],
  variables: {
    language: { type: 'string', default: 'English', enum: ['English', 'French'] },
    question: { type: 'string', description: 'what the user asks' },
  },
  model: 'fast',
  params: { temperature: 0.3, max_tokens: 200, stop: ['\n\n'], reasoning_effort: 'low' },
  tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
  response_format: { type: 'json_object' },
};

function issuesOf(value: unknown) {
  const result = validateTemplate(value);
  if (result.ok) throw new Error('expected issues');
  return result.issues;
}

describe('validateTemplate', () => {
  it('accepts a full template and returns it as given', () => {
    expect(validateTemplate(ok)).toEqual({ ok: true, template: ok });
  });

  it('refuses a placeholder that is not declared, naming the message and the fix', () => {
    const issues = issuesOf({ messages: [{ role: 'user', content: 'Hi {{name}} from {{ city }}' }], variables: { name: { type: 'string' } } });
    expect(issues).toEqual([{ path: 'messages[0].content', message: expect.stringMatching(/\{\{city\}\}.*not declared.*under 'variables'/) }]);
  });

  it('refuses defaults that do not match their type, and enums outside strings', () => {
    const issues = issuesOf({
      messages: [{ role: 'user', content: '{{n}} {{flag}} {{s}} {{e}}' }],
      variables: {
        n: { type: 'integer', default: 1.5 },
        flag: { type: 'boolean', default: 'yes' },
        s: { type: 'string', default: 'c', enum: ['a', 'b'] },
        e: { type: 'number', enum: ['1'] },
      },
    });
    expect(issues.map((i) => i.path)).toEqual(['variables.n.default', 'variables.flag.default', 'variables.s.default', 'variables.e.enum']);
    expect(issues[0]!.message).toMatch(/not a integer: give a integer or change the type/);
  });

  it('refuses unknown parameters by name, and unknown fields', () => {
    expect(issuesOf({ messages: [{ role: 'user', content: 'x' }], params: { temprature: 1 } })).toEqual([
      { path: 'params', message: expect.stringMatching(/unknown parameter 'temprature'.*temperature, top_p/) },
    ]);
    expect(issuesOf({ messages: [{ role: 'user', content: 'x' }], prompt: 'x' })[0]).toMatchObject({
      path: '(top)',
      message: expect.stringMatching(/unknown field 'prompt'/),
    });
    expect(issuesOf({ messages: [{ role: 'tool', content: 'x' }] })[0]!.path).toBe('messages[0].role');
    expect(issuesOf({ messages: [{ role: 'user', content: 'x' }], params: { temperature: 3 } })[0]!.path).toBe('params.temperature');
  });

  it('caps messages and size, and needs at least one message', () => {
    const many = Array.from({ length: MAX_MESSAGES + 1 }, () => ({ role: 'user', content: 'x' }));
    expect(issuesOf({ messages: many })[0]!.path).toBe('messages');
    expect(issuesOf({ messages: [] })[0]!.path).toBe('messages');
    expect(issuesOf({ messages: [{ role: 'user', content: 'x'.repeat(300 * 1024) }] })[0]!.message).toMatch(/256 KiB/);
  });

  it('refuses variable names a placeholder could never use', () => {
    expect(issuesOf({ messages: [{ role: 'user', content: 'x' }], variables: { 'my-var': { type: 'string' } } })[0]).toMatchObject({
      path: 'variables.my-var',
    });
  });
});
