import { describe, expect, it } from 'vitest';
import type { ChatRequest, Message } from '../../core/types.js';
import { decideSmart, promptOf } from './decide.js';

const target = (type: string, model: string) => ({ model, compiled: { settings: { type } } });
const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const request = (messages: Message[], extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'auto', stream: false, messages, ...extra });

describe('promptOf', () => {
  it('takes the last user turn, the first system prompt and counts the user turns', () => {
    const input = promptOf(
      request([
        { role: 'system', content: [{ type: 'text', text: 'Be terse.' }] },
        user('first question'),
        { role: 'assistant', content: [{ type: 'text', text: 'an answer' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'second' },
            { type: 'image', url: 'https://example.com/a.png' },
            { type: 'text', text: 'part' },
          ],
        },
      ]),
    );
    expect(input).toEqual({ text: 'second\npart', system: 'Be terse.', turns: 2 });
  });
});

describe('decideSmart', () => {
  const strong = target('openai', 'gpt-4o');
  const weak = target('openai', 'gpt-4');
  const proof = user('Prove by induction that 1^3 + 2^3 + ... + n^3 = (n(n+1)/2)^2; derive each step and justify it, then compute it for n = 37.');

  it('follows the threshold: 0 sends everything to the strong target, above 1 nothing', () => {
    expect(decideSmart([strong, weak], [0], request([proof]))).toMatchObject({ index: 0, order: [0, 1] });
    const cheap = decideSmart([strong, weak], [1.01], request([proof]));
    expect(cheap).toMatchObject({ index: 1, order: [1, 0] });
    expect(cheap.reason).toMatch(/^smart:weak\(0\.\d\d\)$/);
    expect(cheap.score).toBeGreaterThan(0);
  });

  it("counts the whole request's input tokens into the score: a long conversation before the same question scores lower", () => {
    const alone = decideSmart([strong, weak], [0.5], request([proof])).score;
    const earlier = user('Here is some background. '.repeat(2_000));
    const answer: Message = { role: 'assistant', content: [{ type: 'text', text: 'Noted.' }] };
    expect(decideSmart([strong, weak], [0.5], request([earlier, answer, proof])).score).toBeLessThan(alone);
  });

  it('moves up to a capable target when the cheap pick cannot take the request', () => {
    const withImage = request([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'hi' },
          { type: 'image', url: 'https://example.com/a.png' },
        ],
      },
    ]);
    const decision = decideSmart([strong, weak], [1.01], withImage);
    expect(decision.index).toBe(0);
    expect(decision.order).toEqual([0]);
    expect(decision.reason).toMatch(/^smart:strong\(0\.\d\d,capability\)$/);
  });

  it('moves down when only a cheaper target fits, and keeps the pick when none does', () => {
    const small = target('openai', 'gpt-4');
    const big = target('openai', 'gpt-4o');
    const long = request([user('word '.repeat(60_000))]);
    expect(decideSmart([small, big], [0], long)).toMatchObject({ index: 1, order: [1] });
    const tiny = target('openai', 'gpt-4-0613');
    expect(decideSmart([small, tiny], [0], long)).toMatchObject({ index: 0, order: [0, 1] });
  });

  it('names the middle tiers', () => {
    const mid = target('openai', 'gpt-4o-mini');
    expect(decideSmart([strong, mid, weak], [1.01, 0], request([user('hello')])).reason).toMatch(/^smart:tier1\(/);
  });
});
