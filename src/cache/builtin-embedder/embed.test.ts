/** The builtin embedder: deterministic unit vectors where paraphrases sit closer than unrelated texts, in all seven languages. */
import { describe, expect, it } from 'vitest';
import { BUILTIN_DIMENSIONS, BUILTIN_EMBEDDER_VERSION, cosineOfUnit, embedText } from './index.js';
import { normalizeText, wordUnits } from './normalize.js';

const similarity = (a: string, b: string) => cosineOfUnit(embedText(a), embedText(b));

describe('embedText', () => {
  it('is deterministic, of BUILTIN_DIMENSIONS and unit length', () => {
    const vector = embedText('What is the capital of France?');
    expect(vector).toHaveLength(BUILTIN_DIMENSIONS);
    expect(Array.from(vector)).toEqual(Array.from(embedText('What is the capital of France?')));
    expect(cosineOfUnit(vector, vector)).toBeCloseTo(1, 5);
    expect(BUILTIN_EMBEDDER_VERSION).toMatch(/^b1-[0-9a-f]{10}$/);
  });

  it('ignores width, case, spacing and punctuation differences', () => {
    expect(Array.from(embedText('ＷＨＡＴ  is the capital of France'))).toEqual(Array.from(embedText('what is the capital of france?!')));
  });

  it('returns a zero vector for text without features instead of NaN', () => {
    expect(Array.from(embedText('  ?! '))).toEqual(new Array(BUILTIN_DIMENSIONS).fill(0));
  });

  const cases: Array<[string, string, string, string]> = [
    ['en', 'How do I reset my password?', 'How can I reset my password?', 'Best pizza dough recipe with fresh yeast'],
    ['de', 'Wie setze ich mein Passwort zurück?', 'Wie kann ich mein Passwort zurücksetzen?', 'Das beste Rezept für Pizzateig mit Hefe'],
    ['es', '¿Cómo restablezco mi contraseña?', '¿Cómo puedo restablecer mi contraseña?', 'La mejor receta de masa de pizza con levadura'],
    ['fr', 'Comment réinitialiser mon mot de passe ?', 'Comment puis-je réinitialiser mon mot de passe ?', 'La meilleure recette de pâte à pizza à la levure'],
    ['ja', 'パスワードをリセットする方法は？', 'パスワードをリセットするにはどうすればいいですか？', '酵母を使った最高のピザ生地のレシピ'],
    ['ko', '비밀번호를 재설정하는 방법은?', '비밀번호를 어떻게 재설정하나요?', '효모를 사용한 최고의 피자 반죽 레시피'],
    ['zh', '如何重置我的密码？', '我怎样才能重置我的密码？', '用酵母做披萨面团的最佳食谱'],
  ];
  it.each(cases)('scores a %s paraphrase above an unrelated text', (_language, question, paraphrase, unrelated) => {
    expect(similarity(question, paraphrase)).toBeGreaterThan(similarity(question, unrelated) + 0.2);
  });
});

describe('normalisation', () => {
  it('applies NFKC, lower case and collapses punctuation and whitespace', () => {
    expect(normalizeText('  Ｈｅｌｌｏ,\tWORLD!! ')).toBe('hello world');
  });

  it('splits Han and hiragana into one unit per character, keeps katakana runs and spaced words whole', () => {
    expect(wordUnits(normalizeText('東京からロンドン行き Osaka 날씨 좋아'))).toEqual(['東', '京', 'か', 'ら', 'ロンドン', '行', 'き', 'osaka', '날씨', '좋아']);
  });
});
