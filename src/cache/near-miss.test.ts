/** Near-miss guards: each rejects its own kind of different question and lets a reworded same question pass. */
import { describe, expect, it } from 'vitest';
import {
  entitiesDiffer,
  formatDiffers,
  languageDiffers,
  languageOf,
  NEAR_MISS_GUARDS,
  nearMissReason,
  negationDiffers,
  numbersDiffer,
  orderDiffers,
} from './near-miss.js';

describe('nearMissReason', () => {
  it.each([
    ['flights from Paris to Rome', 'flights from Rome to Paris', 'order'],
    ['is it safe to eat raw eggs', 'is it not safe to eat raw eggs', 'negation'],
    ['what do 3 apples cost', 'what do 4 apples cost', 'numbers'],
    ['list the planets in JSON', 'list the planets in a table', 'format'],
    ['What is the weather in Berlin today?', 'Wie ist das Wetter heute in Berlin?', 'language'],
    ['What is the population of Lyon?', 'What is the population of Nantes?', 'entities'],
  ])('rejects %j against %j for %s', (question, candidate, reason) => {
    expect(nearMissReason(question, candidate)).toBe(reason);
  });

  it.each([
    ['How do I reset my password?', 'how can I reset my password'],
    ['Flights from Paris to Rome next week', 'next week, flights from Paris to Rome'],
    ['Wie setze ich mein Passwort zurück?', 'Wie kann ich mein Passwort zurücksetzen?'],
    ['从巴黎到罗马的航班', '从巴黎飞往罗马的航班'],
  ])('lets a reworded same question pass: %j vs %j', (question, candidate) => {
    expect(nearMissReason(question, candidate)).toBeUndefined();
    for (const [, differs] of NEAR_MISS_GUARDS) expect(differs(question, candidate)).toBe(false);
  });
});

describe('numbers', () => {
  it('tells different numbers, dates and number words apart, and matches equal ones written differently', () => {
    expect(numbersDiffer('3 apples', '4 apples')).toBe(true);
    expect(numbersDiffer('the 2023 results', 'the 2024 results')).toBe(true);
    expect(numbersDiffer('three apples', '3 apples')).toBe(false);
    expect(numbersDiffer('costs 1,000 euros', 'costs 1000 euros')).toBe(false);
  });
});

describe('negation', () => {
  it.each([
    ['is it safe', 'is it not safe'],
    ['I can swim', "I can't swim"],
    ['Ist es sicher?', 'Ist es nicht sicher?'],
    ['¿Es seguro?', '¿No es seguro?'],
    ["C'est sûr ?", "Ce n'est pas sûr ?"],
    ['安全ですか', '安全ではないですか'],
    ['안전한가요', '안전하지 않은가요'],
    ['安全吗', '不安全吗'],
  ])('sees the negation in %j vs %j', (a, b) => {
    expect(negationDiffers(a, b)).toBe(true);
  });

  it('passes equal polarity and Han words that only look negative', () => {
    expect(negationDiffers('is it not safe', 'isn’t it safe')).toBe(false);
    expect(negationDiffers('未来的天气', '将来的天气')).toBe(false);
  });
});

describe('entities', () => {
  it('rejects different names, quoted strings and identifiers', () => {
    expect(entitiesDiffer('Who founded Microsoft?', 'Who founded Apple?')).toBe(true);
    expect(entitiesDiffer('what does "foo bar" mean', 'what does "foo baz" mean')).toBe(true);
    expect(entitiesDiffer('what does user_id do', 'what does user_name do')).toBe(true);
  });

  it('passes the same names, a capital that only starts a sentence and the pronoun I', () => {
    expect(entitiesDiffer('Who founded Microsoft?', 'who was the founder of Microsoft')).toBe(false);
    expect(entitiesDiffer('Tell me about the weather', 'tell me about the weather')).toBe(false);
    expect(entitiesDiffer('Wie ist das Wetter?', 'Wie wird das Wetter?')).toBe(false);
    expect(entitiesDiffer('Tell me how to make pancakes.', 'How do I make pancakes?')).toBe(false);
  });
});

describe('order', () => {
  it.each([
    ['flights from Paris to Rome', 'flights from Rome to Paris'],
    ['Spain beat Italy in the final', 'Italy beat Spain in the final'],
    ['Tom is the father of Bob', 'Bob is the father of Tom'],
    ['Cook Pond lies south of Laurel Lake and west of Taunton River', 'Cook Pond lies south of Taunton River and west of Laurel Lake'],
    ['从巴黎到罗马的航班', '从罗马到巴黎的航班'],
  ])('rejects the swap %j vs %j', (a, b) => {
    expect(orderDiffers(a, b)).toBe(true);
  });

  it('passes a moved clause and things joined by and', () => {
    expect(orderDiffers('Since 2000, Meyers has made large wall drawings', 'Meyers has made large wall drawings since 2000')).toBe(false);
    expect(orderDiffers('compare Python and Rust', 'compare Rust and Python')).toBe(false);
  });
});

describe('language', () => {
  it('names the seven PAWS-X languages', () => {
    expect(languageOf('What is the weather like today?')).toBe('en');
    expect(languageOf('Wie ist das Wetter heute?')).toBe('de');
    expect(languageOf('¿Qué tiempo hace hoy en la ciudad?')).toBe('es');
    expect(languageOf('Quel temps fait-il aujourd’hui dans la ville ?')).toBe('fr');
    expect(languageOf('今日の天気はどうですか')).toBe('ja');
    expect(languageOf('오늘 날씨 어때요')).toBe('ko');
    expect(languageOf('今天天气怎么样')).toBe('zh');
  });

  it('rejects different languages and passes when one side is unclear', () => {
    expect(languageDiffers('What is the weather in Berlin today?', 'Wie ist das Wetter heute in Berlin?')).toBe(true);
    expect(languageDiffers('오늘 날씨 어때요', '今日の天気はどうですか')).toBe(true);
    expect(languageDiffers('Berlin weather', 'Wie ist das Wetter heute in Berlin?')).toBe(false);
  });
});

describe('format', () => {
  it('rejects different requested formats and lengths, passes equal ones', () => {
    expect(formatDiffers('list in JSON', 'list in a table')).toBe(true);
    expect(formatDiffers('summarise it in 50 words', 'summarise it in 100 words')).toBe(true);
    expect(formatDiffers('give me YAML', 'give me JSON')).toBe(true);
    expect(formatDiffers('answer in JSON please', 'please reply as json')).toBe(false);
  });
});
