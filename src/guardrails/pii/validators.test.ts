import { describe, expect, it } from 'vitest';
import { ibanLength, ibanValid, ipVersion, luhnValid, shannonEntropy, ssnValid } from './validators.js';

describe('luhnValid', () => {
  it('accepts test card numbers and rejects a changed digit', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('4111a11111111111')).toBe(false);
  });
});

describe('ibanValid', () => {
  it('accepts valid IBANs of several countries', () => {
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('FR1420041010050500013M02606')).toBe(true);
  });
  it('rejects a bad checksum, a wrong length and an unknown country', () => {
    expect(ibanValid('DE88370400440532013000')).toBe(false);
    expect(ibanValid('DE8937040044053201300')).toBe(false);
    expect(ibanValid('ZZ89370400440532013000')).toBe(false);
    expect(ibanLength('GB')).toBe(22);
    expect(ibanLength('US')).toBeUndefined();
  });
});

describe('ssnValid', () => {
  it('accepts an issuable number', () => {
    expect(ssnValid('123', '45', '6789')).toBe(true);
  });
  it('rejects area 000, 666 and 900-999, group 00 and serial 0000', () => {
    expect(ssnValid('000', '12', '3456')).toBe(false);
    expect(ssnValid('666', '12', '3456')).toBe(false);
    expect(ssnValid('900', '12', '3456')).toBe(false);
    expect(ssnValid('999', '12', '3456')).toBe(false);
    expect(ssnValid('123', '00', '4567')).toBe(false);
    expect(ssnValid('123', '45', '0000')).toBe(false);
  });
});

describe('ipVersion and shannonEntropy', () => {
  it('tells IPv4, IPv6 and non-addresses apart', () => {
    expect(ipVersion('192.168.1.10')).toBe(4);
    expect(ipVersion('2001:db8::1')).toBe(6);
    expect(ipVersion('256.1.1.1')).toBe(0);
  });
  it('scores random tokens above words', () => {
    expect(shannonEntropy('aaaaaaaa')).toBe(0);
    expect(shannonEntropy('q8Zr2LxV9mKp4TbN')).toBeGreaterThan(3.5);
  });
});
