import { describe, expect, it } from 'vitest';
import { thrownGatewayError } from '../../testing/gateway-error.js';
import { packReasoning, unpackReasoning } from './reasoning-carrier.js';

describe('the reasoning carrier', () => {
  it('round-trips signatures, redacted thinking and call signatures', () => {
    const state = { signature: 'sig==', redacted: ['a', 'b'], callSignatures: { call_1: 'c1' }, openaiId: 'rs_1', openaiEncrypted: 'gAAA' };
    expect(unpackReasoning(packReasoning(state)!, 'p')).toEqual(state);
  });

  it('carries nothing when there is nothing to carry', () => {
    expect(packReasoning({})).toBeUndefined();
    expect(packReasoning({ redacted: [], callSignatures: {} })).toBeUndefined();
  });

  it("leaves anyone else's encrypted_content alone", () => {
    expect(unpackReasoning('gAAAAABopenai-blob', 'p')).toBeUndefined();
  });

  it.each([
    'swb1.',
    'swb1.not-base64-json',
    `swb1.${Buffer.from('[1]').toString('base64url')}`,
    `swb1.${Buffer.from('{"s":1}').toString('base64url')}`,
    `swb1.${Buffer.from('{"r":[1]}').toString('base64url')}`,
    `swb1.${Buffer.from('{"c":{"x":2}}').toString('base64url')}`,
  ])('refuses a forged or damaged blob %s with a 400 naming the field', (blob) => {
    const error = thrownGatewayError(() => unpackReasoning(blob, 'input[0].encrypted_content'));
    expect(error.status).toBe(400);
    expect(error.param).toBe('input[0].encrypted_content');
  });
});
