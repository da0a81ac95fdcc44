/** Content words of the builtin embedder: function words and boilerplate dropped, contractions expanded, inflections stripped. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUILTIN_THRESHOLD } from '../config-schema.js';
import { nearMissReason } from '../near-miss.js';
import { contentWords, expandContractions, lightStem } from './content-words.js';
import { cosineOfUnit, embedText } from './embed.js';
import { normalizeText, wordUnits } from './normalize.js';

const contentOf = (text: string) => contentWords(wordUnits(expandContractions(normalizeText(text))));
const served = (a: string, b: string) => cosineOfUnit(embedText(a), embedText(b)) >= DEFAULT_BUILTIN_THRESHOLD && nearMissReason(a, b) === undefined;

describe('content words', () => {
  it('expands contractions and keeps negations', () => {
    expect(expandContractions(normalizeText("What's up? I can't log in, don't know why"))).toBe('what is up i cannot log in do not know why');
  });

  it('gives "How do I" and "How can I, please" the same content words', () => {
    expect(contentOf('How do I reset my password?')).toEqual(contentOf('How can I reset my password, please?'));
    expect(contentOf('How do I reset my password?')).toEqual(['how', 'reset', 'password']);
  });

  it('strips inflections but keeps short words whole', () => {
    expect(lightStem('symptoms')).toBe('symptom');
    expect(lightStem('bus')).toBe('bus');
  });

  it('drops Korean particles and polite endings', () => {
    expect(contentOf('프랑스의 수도는 어디인가요?')).toEqual(['프랑스', '수도', '어디']);
  });
});

describe('builtin embedder at its default threshold', () => {
  it('serves everyday rewordings of one question', () => {
    expect(served('How do I reset my password?', 'How can I reset my password?')).toBe(true);
    expect(served('What is machine learning?', "What's machine learning?")).toBe(true);
    expect(served('Can you explain how photosynthesis works?', 'Explain how photosynthesis works.')).toBe(true);
  });

  it('does not serve a different question that looks alike', () => {
    expect(served('How do I reset my password?', 'How do I reset my username?')).toBe(false);
    expect(served('How do I turn on dark mode?', 'How do I turn off dark mode?')).toBe(false);
    expect(served('What is the capital of France?', 'What is the capital of Spain?')).toBe(false);
  });
});
