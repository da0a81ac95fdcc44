import { describe, expect, it } from 'vitest';
import { isEmptyObjectSchema, toGeminiSchema } from './schema.js';

describe('toGeminiSchema', () => {
  it('upper-cases types and strips keywords Gemini rejects', () => {
    expect(
      toGeminiSchema({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, format: 'email', description: 'Who' },
          when: { type: 'string', format: 'date-time' },
          count: { type: 'integer', exclusiveMinimum: 0, multipleOf: 2, format: 'int64' },
          tags: { type: 'array', items: { type: 'string' }, uniqueItems: true, maxItems: 3 },
        },
        required: ['name'],
      }),
    ).toEqual({
      type: 'OBJECT',
      properties: {
        name: { type: 'STRING', description: 'Who', minLength: 1 },
        when: { type: 'STRING', format: 'date-time' },
        count: { type: 'INTEGER', format: 'int64' },
        tags: { type: 'ARRAY', maxItems: 3, items: { type: 'STRING' } },
      },
      required: ['name'],
    });
  });

  it('inlines local refs, cutting recursion', () => {
    const schema = {
      type: 'object',
      properties: { node: { $ref: '#/$defs/Node' }, legacy: { $ref: '#/definitions/Leaf' } },
      $defs: { Node: { type: 'object', properties: { label: { type: 'string' }, child: { $ref: '#/$defs/Node' } } } },
      definitions: { Leaf: { type: 'number' } },
    };
    expect(toGeminiSchema(schema)).toEqual({
      type: 'OBJECT',
      properties: {
        node: { type: 'OBJECT', properties: { label: { type: 'STRING' }, child: {} } },
        legacy: { type: 'NUMBER' },
      },
    });
  });

  it('rewrites unions, oneOf, allOf, const and non-string enums', () => {
    expect(toGeminiSchema({ type: ['string', 'integer', 'null'], description: 'id', minimum: 1 })).toEqual({
      anyOf: [
        { type: 'STRING', minimum: 1 },
        { type: 'INTEGER', minimum: 1 },
      ],
      description: 'id',
      nullable: true,
    });
    expect(toGeminiSchema({ oneOf: [{ type: 'string' }, { type: 'number' }] })).toEqual({ anyOf: [{ type: 'STRING' }, { type: 'NUMBER' }] });
    expect(
      toGeminiSchema({ allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { const: 'x' } } }] }),
    ).toEqual({ type: 'OBJECT', properties: { a: { type: 'STRING' }, b: { type: 'STRING', enum: ['x'] } }, required: ['a'] });
    expect(toGeminiSchema({ type: 'integer', enum: [1, 2], description: 'Level.' })).toEqual({ type: 'INTEGER', description: 'Level. Allowed values: 1, 2.' });
  });

  it('leaves free-form objects untyped and gives arrays an items schema', () => {
    expect(toGeminiSchema({ type: 'object', properties: { meta: { type: 'object', description: 'anything' }, list: { type: 'array' } } })).toEqual({
      type: 'OBJECT',
      properties: { meta: { description: 'anything' }, list: { type: 'ARRAY', items: {} } },
    });
    expect(isEmptyObjectSchema(toGeminiSchema({ type: 'object', additionalProperties: true }))).toBe(true);
    expect(isEmptyObjectSchema(toGeminiSchema({ type: 'object', properties: { a: { type: 'string' } } }))).toBe(false);
  });

  it('does not modify its input', () => {
    const input = { type: 'object', properties: { a: { type: ['string', 'null'] } }, additionalProperties: false };
    const copy = structuredClone(input);
    toGeminiSchema(input);
    expect(input).toEqual(copy);
  });
});
