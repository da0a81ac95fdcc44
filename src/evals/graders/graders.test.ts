/** The pure graders: exact, contains, regex, json_schema, numeric, and the judge's answer parser. */
import { describe, expect, it } from 'vitest';
import { gradeContains } from './contains.js';
import { cosine } from './embedding.js';
import { gradeExact } from './exact.js';
import { graderSpecSchema } from './index.js';
import { gradeJsonSchema, compileSchema } from './json-schema.js';
import { extractJson } from './json-text.js';
import { JUDGE_SYSTEM_PROMPT, judgeUserPrompt, parseJudgeAnswer } from './llm-judge.js';
import { firstNumber, gradeNumeric } from './numeric.js';
import { gradeRegex } from './regex.js';
import type { GradeInput } from './types.js';

const input = (output: string, expected?: unknown): GradeInput => ({ output, expected, variables: {} });
// Parsing through the union fills defaults exactly as a graders file does.
// biome-ignore lint/suspicious/noExplicitAny: each test narrows to the grader it calls.
const spec = (raw: Record<string, unknown>): any => graderSpecSchema.parse(raw);

describe('exact', () => {
  it('compares with the row expected or its own value, optionally ignoring case and whitespace', () => {
    expect(gradeExact(spec({ type: 'exact' }), input('Paris', 'Paris'))).toMatchObject({ score: 1, pass: true });
    expect(gradeExact(spec({ type: 'exact' }), input('paris', 'Paris'))).toMatchObject({ score: 0, pass: false, reason: 'expected "Paris", got "paris"' });
    expect(gradeExact(spec({ type: 'exact', ignore_case: true, ignore_whitespace: true }), input('  the   PARIS\n', 'The Paris'))).toMatchObject({
      pass: true,
    });
    expect(gradeExact(spec({ type: 'exact', value: 'x' }), input('x', 'y')).pass).toBe(true);
  });
  it('fails with a reason when there is nothing to compare with', () => {
    expect(gradeExact(spec({ type: 'exact' }), input('x')).reason).toMatch(/no expected text/);
  });
});

describe('contains', () => {
  it('any: passes when one value is found', () => {
    expect(gradeContains(spec({ type: 'contains', values: ['a', 'zz'] }), input('abc'))).toMatchObject({ score: 1, pass: true });
    expect(gradeContains(spec({ type: 'contains' }), input('abc', ['x', 'y']))).toMatchObject({ score: 0, pass: false });
    expect(gradeContains(spec({ type: 'contains', ignore_case: true }), input('ABC', 'b')).pass).toBe(true);
  });
  it('all: scores the share found and passes at the threshold', () => {
    const r = gradeContains(spec({ type: 'contains', mode: 'all', values: ['a', 'b', 'x', 'y'] }), input('ab'));
    expect(r).toMatchObject({ score: 0.5, pass: false, reason: 'missing ["x","y"]' });
    expect(gradeContains(spec({ type: 'contains', mode: 'all', values: ['a', 'b', 'x', 'y'], threshold: 0.5 }), input('ab')).pass).toBe(true);
  });
});

describe('regex', () => {
  it('matches with flags, negates, and does not keep lastIndex between rows', () => {
    const s = spec({ type: 'regex', pattern: '^paris$', flags: 'gi' });
    expect(gradeRegex(s, input('Paris')).pass).toBe(true);
    expect(gradeRegex(s, input('Paris')).pass).toBe(true);
    expect(gradeRegex(spec({ type: 'regex', pattern: 'sorry', negate: true }), input('sorry, no')).pass).toBe(false);
  });
  it('refuses a pattern that does not compile', () => {
    const r = graderSpecSchema.safeParse({ type: 'regex', pattern: '(' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['pattern']);
  });
});

describe('json_schema', () => {
  const validate = compileSchema({ type: 'object', required: ['city'], properties: { city: { type: 'string' } } });
  if (typeof validate === 'string') throw new Error(validate);
  it('finds JSON bare, fenced or in prose and validates it', () => {
    expect(gradeJsonSchema(validate, input('{"city":"Paris"}')).pass).toBe(true);
    expect(gradeJsonSchema(validate, input('Here:\n```json\n{"city":"Paris"}\n```')).pass).toBe(true);
    expect(gradeJsonSchema(validate, input('The answer is {"city": "Paris"} I think')).pass).toBe(true);
    expect(gradeJsonSchema(validate, input('{"city":3}')).reason).toMatch(/\/city must be string/);
    expect(gradeJsonSchema(validate, input('no json here')).reason).toBe('the answer holds no JSON');
  });
  it('refuses a schema Ajv cannot compile', () => {
    expect(graderSpecSchema.safeParse({ type: 'json_schema', schema: { type: 'nope' } }).success).toBe(false);
  });
  it('extractJson reads arrays and rejects prose', () => {
    expect(extractJson('list: [1,2]')).toEqual({ value: [1, 2] });
    expect(extractJson('nothing')).toBeUndefined();
  });
});

describe('numeric', () => {
  it('parses the first number, with signs, commas, decimals and exponents', () => {
    expect(firstNumber('about 1,234.5 km')).toBe(1234.5);
    expect(firstNumber('-3e2 then 5')).toBe(-300);
    expect(firstNumber('none')).toBeUndefined();
  });
  it('passes within the absolute or relative tolerance', () => {
    expect(gradeNumeric(spec({ type: 'numeric' }), input('42', 42)).pass).toBe(true);
    expect(gradeNumeric(spec({ type: 'numeric', abs_tol: 0.5 }), input('It is 42.4', '42')).pass).toBe(true);
    expect(gradeNumeric(spec({ type: 'numeric', rel_tol: 0.01 }), input('101', 100)).pass).toBe(true);
    expect(gradeNumeric(spec({ type: 'numeric', rel_tol: 0.01 }), input('102', 100))).toMatchObject({ pass: false, reason: '102 is not within 1 of 100' });
    expect(gradeNumeric(spec({ type: 'numeric', value: 7 }), input('seven')).reason).toMatch(/no number/);
  });
});

describe('embedding similarity', () => {
  it('cosine is 1 for parallel vectors, 0 for orthogonal or empty ones', () => {
    expect(cosine([1, 2], [2, 4])).toBeCloseTo(1);
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(cosine([1], [1, 2])).toBe(0);
  });
});

describe('llm_judge answer parsing', () => {
  it('reads JSON, fenced JSON, prose with score: N, and bare numbers', () => {
    expect(parseJudgeAnswer('{"score": 0.8, "reason": "good"}')).toEqual({ score: 0.8, reason: 'good' });
    expect(parseJudgeAnswer('```json\n{"score":"7"}\n```')).toEqual({ score: 7, reason: undefined });
    expect(parseJudgeAnswer('I would give it Score: 4 out of 5')).toEqual({ score: 4 });
    expect(parseJudgeAnswer(' 3/5 ')).toEqual({ score: 3 });
    expect(parseJudgeAnswer('1')).toEqual({ score: 1 });
    expect(parseJudgeAnswer('looks fine to me')).toBeUndefined();
  });
  it('shows the rubric, input, reference and answer to the judge', () => {
    const text = judgeUserPrompt('Be right.', { output: 'Paris', expected: 'Paris', variables: { country: 'France' } });
    expect(text).toBe('RUBRIC:\nBe right.\n\nINPUT:\n{"variables":{"country":"France"}}\n\nREFERENCE ANSWER:\nParis\n\nANSWER TO GRADE:\nParis');
    expect(JUDGE_SYSTEM_PROMPT).toContain('{"score": <number from 0 to MAX>');
  });
});

describe('grader specs', () => {
  it('refuse unknown types and unknown fields', () => {
    expect(graderSpecSchema.safeParse({ type: 'vibes' }).success).toBe(false);
    expect(graderSpecSchema.safeParse({ type: 'exact', valu: 'x' }).success).toBe(false);
    expect(graderSpecSchema.safeParse({ type: 'llm_judge', model: 'judge' }).success).toBe(false);
  });
});
