import { describe, expect, it } from 'vitest';
import type { PiiEntity } from '../config-schema.js';
import { createPiiEngine } from './index.js';

function found(text: string, entities: 'all' | PiiEntity[] = 'all', allow?: string[]): [string, string][] {
  return createPiiEngine({ entities, allow })
    .scan(text, 'user')
    .map((f) => [f.type, text.slice(f.start, f.end)]);
}

const typesIn = (text: string): string[] => found(text).map(([type]) => type);

describe('structured types', () => {
  it('finds emails', () => {
    expect(found('Write to jane.doe+news@mail.example.co.uk today')).toEqual([['EMAIL', 'jane.doe+news@mail.example.co.uk']]);
    expect(found('no address here: jane@localhost')).toEqual([]);
  });

  it('finds phones in international and national formats, with extensions', () => {
    for (const phone of [
      '(555) 555-1234',
      '555-555-1234',
      '555.555.1234',
      '555-555-1234 ext. 42',
      '+1 555 555 1234',
      '+44 20 7946 0958',
      '020 7946 0958',
      '+49 30 12345678',
      '+33 1 23 45 67 89',
      '+41 (0)71 526 99 04',
    ]) {
      expect(found(`Call me on ${phone} please`)).toEqual([['PHONE', phone]]);
    }
  });

  it('rejects phone-shaped numbers that are not phones', () => {
    expect(found('Your order #555-555-1234 ships tomorrow')).toEqual([]);
    expect(found('ISBN 978-3-16-148410-0 is the second edition')).toEqual([]);
    expect(found('Logged at 2024-03-15 10:22:31 by cron')).toEqual([]);
    expect(found('The total is $1,299.99 including tax')).toEqual([]);
    expect(found('Call 12345')).toEqual([]);
  });

  it('finds cards that pass Luhn, compact, spaced or dashed, and rejects a Luhn failure', () => {
    expect(found('card 4111111111111111 ok')).toEqual([['CREDIT_CARD', '4111111111111111']]);
    expect(found('card 4111 1111 1111 1111 ok')).toEqual([['CREDIT_CARD', '4111 1111 1111 1111']]);
    expect(found('amex 3782-822463-10005')).toEqual([['CREDIT_CARD', '3782-822463-10005']]);
    expect(found('order 4111 1111 1111 1112 shipped')).toEqual([]);
    expect(found('zeros 0000 0000 0000 0000')).toEqual([]);
  });

  it('finds IBANs compact and grouped, and rejects a bad checksum', () => {
    expect(found('IBAN DE89370400440532013000.')).toEqual([['IBAN', 'DE89370400440532013000']]);
    expect(found('pay GB82 WEST 1234 5698 7654 32 and thanks')).toEqual([['IBAN', 'GB82 WEST 1234 5698 7654 32']]);
    expect(found('IBAN DE88370400440532013000')).toEqual([]);
  });

  it('finds SSNs in issuable ranges; bare 9 digits only with an SSN word', () => {
    expect(found('SSN 123-45-6789')).toEqual([['US_SSN', '123-45-6789']]);
    expect(found('my social security number is 123456789')).toEqual([['US_SSN', '123456789']]);
    expect(found('tracking 123456789 in transit')).toEqual([]);
    for (const bad of ['000-12-3456', '666-12-3456', '912-12-3456', '123-00-4567', '123-45-0000']) expect(typesIn(`SSN ${bad}`)).not.toContain('US_SSN');
  });

  it('finds IPv4 and IPv6 addresses, but not version strings after a version word', () => {
    expect(found('from 192.168.10.20 today')).toEqual([['IP_ADDRESS', '192.168.10.20']]);
    expect(found('host fe80::1ff:fe23:4567:890a up')).toEqual([['IP_ADDRESS', 'fe80::1ff:fe23:4567:890a']]);
    expect(found('upgrade to version 1.2.3.4 now')).toEqual([]);
    expect(found('built v10.0.0.1')).toEqual([]);
    expect(found('bad 300.1.2.3 address')).toEqual([]);
    // Decision: a bare dotted quad is an address, since a version cannot be told apart without a word.
    expect(found('it was 1.2.3.4 then')).toEqual([['IP_ADDRESS', '1.2.3.4']]);
  });

  it('finds dates of birth near a birth word, and only the date', () => {
    expect(found('I was born on 12/03/1985.')).toEqual([['DATE_OF_BIRTH', '12/03/1985']]);
    expect(found('DOB: 1985-03-12')).toEqual([['DATE_OF_BIRTH', '1985-03-12']]);
    expect(found('Date of birth: March 12, 1985')).toEqual([['DATE_OF_BIRTH', 'March 12, 1985']]);
    expect(found('geboren am 12.03.1985')).toEqual([['DATE_OF_BIRTH', '12.03.1985']]);
    expect(found('The meeting is on 12/03/1985.')).toEqual([]);
  });

  it('finds passport ids after a passport word', () => {
    expect(found('My passport number is X1234567.')).toEqual([['PASSPORT', 'X1234567']]);
    expect(found('passport: 123456789')).toEqual([['PASSPORT', '123456789']]);
    expect(found('X1234567 is a part number')).toEqual([]);
  });
});

describe('secrets', () => {
  it('finds vendor API keys', () => {
    const keys = [
      'sk-proj-abcDEF1234567890abcDEF1234567890',
      'sk-ant-api03-abcDEF1234567890abcDEF12',
      'AKIAIOSFODNN7EXAMPLE',
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'github_pat_11ABCDEFG0123456789abcdef',
      'xoxb-1234567890-abcdefghij',
      'AIzaSyA1234567890abcdefghijklmnopqrstuv',
      'sk_live_abcdefghijklmnop1234',
      'rk_live_abcdefghijklmnop1234',
      'glpat-abcdefghij1234567890',
      'hf_abcdefghijklmnopqrstuvwxyzABCDEF',
      'npm_abcdefghijklmnopqrstuvwxyz0123456789',
      'SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    ];
    for (const key of keys) expect(found(`use ${key} here`)).toEqual([['API_KEY', key]]);
  });

  it('finds random tokens only next to a key word; UUIDs and git SHAs alone are not keys', () => {
    expect(found('api_key: q8Zr2LxV9mKp4TbNw3Yc7HdJ')).toEqual([['API_KEY', 'q8Zr2LxV9mKp4TbNw3Yc7HdJ']]);
    expect(found('request 550e8400-e29b-41d4-a716-446655440000 failed')).toEqual([]);
    expect(found('reverted commit 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39 on main')).toEqual([]);
    expect(found('the token is extraordinarilylongwordwithoutdigits')).toEqual([]);
  });

  it('finds PEM private keys, closed or running to the end', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
    expect(found(`key:\n${pem}\nthanks`)).toEqual([['SECRET', pem]]);
    expect(found('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg')).toEqual([['SECRET', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg']]);
  });

  it('finds JWTs and password values (the value only)', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    expect(found(`Bearer ${jwt}`)).toEqual([['SECRET', jwt]]);
    expect(found('password=hunter2 and more')).toEqual([['SECRET', 'hunter2']]);
    expect(found('{"password": "correct horse battery"}')).toEqual([['SECRET', 'correct horse battery']]);
    expect(found('The password must be 12 characters long.')).toEqual([]);
  });

  it('finds credentials in URLs: scheme through host and port', () => {
    expect(found('DATABASE_URL=postgres://app:s3cret@db.internal:5432/prod')).toEqual([['URL_CREDENTIALS', 'postgres://app:s3cret@db.internal:5432']]);
    expect(found('see https://example.com/path')).toEqual([]);
  });
});

describe('names and addresses', () => {
  it('finds names by title, phrase and known given name', () => {
    expect(found('Hello, this is Dr. Wilhelmina Okafor.')).toEqual([['PERSON', 'Wilhelmina Okafor']]);
    expect(found('My name is Perpetua Quist')).toEqual([['PERSON', 'Perpetua Quist']]);
    expect(found('Please forward it to Emily Watson today.')).toEqual([['PERSON', 'Emily Watson']]);
    expect(found('Mr. Leiva flew home; Leiva was tired.')).toEqual([
      ['PERSON', 'Leiva'],
      ['PERSON', 'Leiva'],
    ]);
  });

  it('finds an unknown name spelled in an email address of the text', () => {
    expect(typesIn('Quirin Talbotte\nQuirinTalbotte@example.com')).toEqual(['PERSON', 'EMAIL']);
    expect(typesIn('Quarterly Report\nPhone: 555-201-7788')).toEqual(['PHONE']);
    expect(typesIn('Quarterly Report\nreports@example.com')).toEqual(['EMAIL']);
  });

  it('finds lower-case lists of known given names, not lists of words', () => {
    expect(found('they had 3: marta, adam and caleb.').map(([, v]) => v)).toEqual(['marta', 'adam', 'caleb']);
    expect(found('we bought apples, pears and plums.')).toEqual([]);
  });

  it('finds the speakers of a transcript with a known name among them', () => {
    expect(found('Ubul: What a day.\nNicole: Indeed.')).toEqual([
      ['PERSON', 'Ubul'],
      ['PERSON', 'Nicole'],
    ]);
    expect(found('Note: back up first.\nWarning: this deletes data.')).toEqual([]);
  });

  it('leaves capitalised non-names alone', () => {
    expect(found('Microsoft Teams and Google Drive were down on Monday.')).toEqual([]);
    expect(found('We flew from San Francisco to Buenos Aires via Mexico City.')).toEqual([]);
    expect(found('Please review the Quarterly Revenue Report before the Board Meeting.')).toEqual([]);
  });

  it('finds street addresses with unit, city, state and ZIP', () => {
    expect(found('Ship it to 1600 Pennsylvania Avenue NW Apt 4, Washington, DC 20500.')).toEqual([
      ['STREET_ADDRESS', '1600 Pennsylvania Avenue NW Apt 4, Washington, DC 20500'],
    ]);
    expect(found('Wir wohnen in der Lindenstraße 12, 10115 Berlin.')).toEqual([['STREET_ADDRESS', 'Lindenstraße 12, 10115 Berlin']]);
    expect(found('Envoyez-le au 12 rue de la Paix à Paris')).toEqual([['STREET_ADDRESS', '12 rue de la Paix']]);
    expect(found('The meeting is in Building 5 next to Chapter 7.')).toEqual([]);
    expect(found('Stop at the corner of 5th Avenue and Pine Street, please')).toEqual([['STREET_ADDRESS', 'the corner of 5th Avenue and Pine Street']]);
    expect(found('Mail it to USNS Mercy\nFPO AP 96672')).toEqual([['STREET_ADDRESS', 'USNS Mercy\nFPO AP 96672']]);
  });
});

describe('engine behaviour', () => {
  it('returns spans in UTF-16 indices with non-ASCII text before them', () => {
    const text = 'Grüße 👋 von Zoë: jürgen@example.de und 4111 1111 1111 1111';
    const findings = createPiiEngine({ entities: ['EMAIL', 'CREDIT_CARD'] }).scan(text, 'user');
    expect(findings.map((f) => text.slice(f.start, f.end))).toEqual(['jürgen@example.de', '4111 1111 1111 1111']);
    expect(findings[0]!.start).toBe(text.indexOf('jürgen'));
  });

  it('never returns overlapping spans, keeping the longer one', () => {
    const text = 'postgres://admin:pw@db.example.com:5432 and 123-45-6789 and me@example.com';
    const findings = createPiiEngine({ entities: 'all' }).scan(text, 'user');
    for (let i = 1; i < findings.length; i++) expect(findings[i]!.start).toBeGreaterThanOrEqual(findings[i - 1]!.end!);
    expect(findings.map((f) => f.type)).toEqual(['URL_CREDENTIALS', 'US_SSN', 'EMAIL']);
  });

  it('only reports the entities asked for, and never allowed values', () => {
    const text = 'support@acme.example or jane@example.com, SSN 123-45-6789';
    expect(found(text, ['EMAIL'])).toEqual([
      ['EMAIL', 'support@acme.example'],
      ['EMAIL', 'jane@example.com'],
    ]);
    expect(found(text, ['EMAIL'], ['support@acme.example'])).toEqual([['EMAIL', 'jane@example.com']]);
  });

  it('keeps the stream window small and covers the bounded detectors', () => {
    const engine = createPiiEngine({ entities: 'all' });
    expect(engine.kind).toBe('local');
    expect(engine.spans).toBe(true);
    expect(engine.maxSpanChars).toBeGreaterThanOrEqual(64);
    expect(engine.maxSpanChars).toBeLessThanOrEqual(100);
  });
});

describe('pendingFrom', () => {
  const engine = createPiiEngine({ entities: 'all' });

  it('holds an open PEM block from its BEGIN line', () => {
    const text = 'here it is\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn';
    expect(engine.pendingFrom!(text)).toBe(text.indexOf('-----BEGIN'));
    expect(engine.pendingFrom!(`${text}\n-----END OPENSSH PRIVATE KEY-----\nok`)).toBeUndefined();
  });

  it('holds a trailing token, email or URL run', () => {
    expect(engine.pendingFrom!('my key is sk-proj-abc123')).toBe('my key is '.length);
    expect(engine.pendingFrom!('mail jane.doe@exam')).toBe('mail '.length);
    expect(engine.pendingFrom!('see https://user:pa')).toBe('see '.length);
  });

  it('does not hold plain words or short runs', () => {
    expect(engine.pendingFrom!('hello')).toBeUndefined();
    expect(engine.pendingFrom!('it was extraordinarily')).toBeUndefined();
    expect(engine.pendingFrom!('I said hi.')).toBeUndefined();
    expect(engine.pendingFrom!('done ')).toBeUndefined();
  });

  it('does not hold tokens when no token-like entity is enabled', () => {
    expect(createPiiEngine({ entities: ['PHONE'] }).pendingFrom!('my key is sk-proj-abc123')).toBeUndefined();
  });
});
