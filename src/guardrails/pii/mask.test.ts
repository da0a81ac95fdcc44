import { describe, expect, it } from 'vitest';
import { maskValue, redactLabel, tokenLabel } from './mask.js';

describe('maskValue', () => {
  it('keeps the first letter and the domain of an email', () => {
    expect(maskValue('EMAIL', 'jane.doe@example.com')).toBe('j***@example.com');
  });
  it('keeps the last 4 digits of a card and drops separators', () => {
    expect(maskValue('CREDIT_CARD', '4111 1111 1111 1111')).toBe('************1111');
  });
  it('keeps the last 4 digits and the format of a phone', () => {
    expect(maskValue('PHONE', '(555) 555-1234')).toBe('(***) ***-1234');
    expect(maskValue('PHONE', '+44 20 7946 0958')).toBe('+** ** **** 0958');
  });
  it('keeps the country and the last 4 characters of an IBAN', () => {
    expect(maskValue('IBAN', 'GB82 WEST 1234 5698 7654 32')).toBe('GB** **** **** **** **54 32');
  });
  it('hides secrets entirely and keeps first and last character otherwise', () => {
    expect(maskValue('API_KEY', 'sk-abcdefghijklmnopqrstuvwx')).toBe('********');
    expect(maskValue('PERSON', 'Jane Doe')).toBe('J******e');
    expect(maskValue('PERSON', 'Jo')).toBe('**');
  });
});

describe('labels', () => {
  it('brackets the type, numbered for tokens', () => {
    expect(redactLabel('EMAIL')).toBe('[EMAIL]');
    expect(tokenLabel('EMAIL', 1)).toBe('[EMAIL_1]');
  });
});
