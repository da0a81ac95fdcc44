/**
 * A seeded, deterministic generator of labelled PII texts for scripts/eval-pii.ts, independent of
 * presidio (which was made with Faker): every type we detect in several formats inside varied
 * sentences, names and streets from lists written here (not the detector's gazetteer), and hard
 * negatives that look like PII but are not (Luhn failures, bad IBAN checksums, SSNs in unissued
 * ranges, version numbers, order ids, ISBNs, timestamps, prices, UUIDs, git SHAs, capitalised
 * non-names).
 */
import { seededRandom } from '../../src/core/seeded-random.js';
import type { LabelledSpan, LabelledText } from './pii-metrics.js';

type Rng = () => number;

const GIVEN = [
  'Amelia',
  'Bartholomew',
  'Cressida',
  'Dorian',
  'Esmeralda',
  'Fintan',
  'Gwendolyn',
  'Horatio',
  'Imogen',
  'Jasper',
  'Kasimir',
  'Leocadia',
  'Mirela',
  'Nikodem',
  'Ottilie',
  'Perpetua',
  'Quentin',
  'Rosalind',
  'Severin',
  'Thaddeus',
  'Ulrika',
  'Valdemar',
  'Wilhelmina',
  'Xanthe',
  'Yevgenia',
  'Zebulon',
  'Ingeborg',
  'Radomir',
  'Saoirse',
  'Tadeusz',
  'Anneliese',
  'Branimir',
  'Cosimo',
  'Desislava',
  'Evander',
  'Fiorella',
  'Gideon',
  'Hyacinth',
  'Ignatius',
  'Jolanta',
  'Kunigunde',
  'Lysander',
  'Mstislav',
  'Niamh',
  'Oisin',
  'Philippa',
  'Ruairi',
  'Sigrun',
];
const FAMILY = [
  'Abernathy',
  'Brankovic',
  'Castellanos',
  'Dunmore',
  'Eriksdottir',
  'Fairweather',
  'Grünewald',
  'Hollingsworth',
  'Iordanescu',
  'Jablonski',
  'Kowalczyk',
  'Lindqvist',
  'Montgomery',
  'Nakagawa',
  'Okonkwo',
  'Pemberton',
  'Quiroga',
  'Rasmussen',
  'Szymańska',
  'Thistlewood',
  'Underhill',
  'Vasilakis',
  'Whitcombe',
  'Yamaguchi',
  'Zielinski',
  'Achterberg',
  'Blackwood',
  'Carmichael',
  'Delacroix',
  'Esterhazy',
];
const STREET_NAMES = ['Juniper', 'Larkspur', 'Whitmore', 'Ashcombe', 'Brackenridge', 'Coldharbour', 'Fennimore', 'Glenhaven', 'Harrowgate', 'Kestrel'];
const US_SUFFIXES = ['Street', 'St.', 'Avenue', 'Ave', 'Road', 'Rd.', 'Lane', 'Boulevard', 'Drive', 'Court', 'Place', 'Terrace', 'Way'];
const US_CITIES: [string, string, string][] = [
  ['Springfield', 'IL', '62704'],
  ['Columbus', 'OH', '43215'],
  ['Portland', 'OR', '97205'],
  ['Austin', 'TX', '78701'],
  ['Madison', 'WI', '53703'],
];
const DE_STREETS = ['Lindenstraße', 'Mühlenweg', 'Schillerplatz', 'Bahnhofstraße', 'Kastanienallee'];
const EU_CITIES: [string, string][] = [
  ['10115', 'Berlin'],
  ['80331', 'München'],
  ['1011', 'Amsterdam'],
  ['75002', 'Paris'],
  ['28013', 'Madrid'],
];
const DOMAINS = ['example.com', 'mail.example.org', 'post.example.de', 'corp.example.net', 'example.co.uk'];

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const digits = (rng: Rng, n: number): string => Array.from({ length: n }, () => Math.floor(rng() * 10)).join('');
const chars = (rng: Rng, alphabet: string, n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(rng() * alphabet.length)]).join('');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function luhnComplete(body: string): string {
  for (let d = 0; d < 10; d++) {
    const candidate = body + d;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let v = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

function ibanWithCheck(country: string, bban: string): string {
  const numeric = (bban + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const ch of numeric) remainder = (remainder * 10 + Number(ch)) % 97;
  return country + String(98 - remainder).padStart(2, '0') + bban;
}

const group4 = (s: string): string => s.replace(/(.{4})(?=.)/g, '$1 ');

/** A value of one type and the text it is written as. */
interface Value {
  type: string;
  text: string;
}

const VALUES: Record<string, (rng: Rng) => string> = {
  EMAIL: (rng) =>
    `${pick(rng, GIVEN).toLowerCase()}${pick(rng, ['.', '_', ''])}${pick(rng, FAMILY).toLowerCase()}${rng() < 0.3 ? digits(rng, 2) : ''}@${pick(rng, DOMAINS)}`,
  PHONE: (rng) =>
    pick(rng, [
      () => `(${digits(rng, 3)}) ${digits(rng, 3)}-${digits(rng, 4)}`,
      () => `${digits(rng, 3)}-${digits(rng, 3)}-${digits(rng, 4)}`,
      () => `${digits(rng, 3)}.${digits(rng, 3)}.${digits(rng, 4)}`,
      () => `${digits(rng, 3)}-${digits(rng, 3)}-${digits(rng, 4)} ext. ${digits(rng, 3)}`,
      () => `+1 ${digits(rng, 3)} ${digits(rng, 3)} ${digits(rng, 4)}`,
      () => `+44 20 ${digits(rng, 4)} ${digits(rng, 4)}`,
      () => `020 ${digits(rng, 4)} ${digits(rng, 4)}`,
      () => `+49 30 ${digits(rng, 8)}`,
      () => `030 ${digits(rng, 7)}`,
      () => `+33 1 ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)}`,
      () => `06 ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)}`,
    ])(),
  CREDIT_CARD: (rng) => {
    const [prefix, length] = pick(rng, [
      ['4', 16],
      ['51', 16],
      ['55', 16],
      ['37', 15],
      ['6011', 16],
    ] as const);
    const number = luhnComplete(prefix + digits(rng, length - prefix.length - 1));
    if (length === 15) return rng() < 0.5 ? number : `${number.slice(0, 4)} ${number.slice(4, 10)} ${number.slice(10)}`;
    return pick(rng, [number, group4(number), group4(number).replace(/ /g, '-')]);
  },
  IBAN: (rng) => {
    const iban = pick(rng, [
      () => ibanWithCheck('DE', digits(rng, 18)),
      () => ibanWithCheck('GB', chars(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4) + digits(rng, 14)),
      () => ibanWithCheck('FR', digits(rng, 23)),
      () => ibanWithCheck('NL', chars(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4) + digits(rng, 10)),
      () => ibanWithCheck('ES', digits(rng, 20)),
    ])();
    return rng() < 0.5 ? iban : group4(iban);
  },
  US_SSN: (rng) =>
    `${String(1 + Math.floor(rng() * 665)).padStart(3, '0')}-${String(1 + Math.floor(rng() * 98)).padStart(2, '0')}-${String(1 + Math.floor(rng() * 9998)).padStart(4, '0')}`,
  IP_ADDRESS: (rng) =>
    rng() < 0.7
      ? `${1 + Math.floor(rng() * 223)}.${Math.floor(rng() * 256)}.${Math.floor(rng() * 256)}.${1 + Math.floor(rng() * 254)}`
      : rng() < 0.5
        ? Array.from({ length: 8 }, () => Math.floor(rng() * 65536).toString(16)).join(':')
        : `2001:db8::${Math.floor(rng() * 65536).toString(16)}:${Math.floor(1 + rng() * 65535).toString(16)}`,
  DATE_OF_BIRTH: (rng) => {
    const y = 1940 + Math.floor(rng() * 65);
    const m = 1 + Math.floor(rng() * 12);
    const d = 1 + Math.floor(rng() * 28);
    const month = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][m - 1]!;
    return pick(rng, [
      `${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}/${y}`,
      `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      `${month} ${d}, ${y}`,
      `${d} ${month} ${y}`,
      `${d}.${m}.${y}`,
    ]);
  },
  PASSPORT: (rng) =>
    pick(rng, [chars(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1) + digits(rng, 8), chars(rng, 'CFGHJKLMNPRTVWXYZ', 2) + digits(rng, 7), digits(rng, 9)]),
  API_KEY: (rng) =>
    pick(rng, [
      () => `sk-proj-${chars(rng, ALNUM, 48)}`,
      () => `sk-ant-api03-${chars(rng, ALNUM, 40)}`,
      () => `AKIA${chars(rng, UPPER_NUM, 16)}`,
      () => `ghp_${chars(rng, ALNUM, 36)}`,
      () => `github_pat_${chars(rng, ALNUM, 22)}_${chars(rng, ALNUM, 59)}`,
      () => `xoxb-${digits(rng, 11)}-${digits(rng, 12)}-${chars(rng, ALNUM, 24)}`,
      () => `AIza${chars(rng, ALNUM, 35)}`,
      () => `sk_live_${chars(rng, ALNUM, 24)}`,
      () => `glpat-${chars(rng, ALNUM, 20)}`,
      () => `hf_${chars(rng, ALNUM, 34)}`,
      () => `npm_${chars(rng, ALNUM, 36)}`,
      () => `SG.${chars(rng, ALNUM, 22)}.${chars(rng, ALNUM, 43)}`,
    ])(),
  SECRET: (rng) =>
    pick(rng, [
      () => `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOi${chars(rng, ALNUM, 30)}.${chars(rng, ALNUM, 43)}`,
      () => `-----BEGIN RSA PRIVATE KEY-----\n${chars(rng, ALNUM, 64)}\n${chars(rng, ALNUM, 40)}\n-----END RSA PRIVATE KEY-----`,
      () => `-----BEGIN OPENSSH PRIVATE KEY-----\n${chars(rng, ALNUM, 70)}\n-----END OPENSSH PRIVATE KEY-----`,
    ])(),
  URL_CREDENTIALS: (rng) =>
    `${pick(rng, ['postgres', 'https', 'mysql', 'redis', 'ftp'])}://${pick(rng, GIVEN).toLowerCase()}:${chars(rng, ALNUM, 12)}@${pick(rng, ['db.internal', 'cache.example.net', '10.1.2.3', 'files.example.com'])}${rng() < 0.5 ? `:${1000 + Math.floor(rng() * 9000)}` : ''}`,
  PERSON: (rng) => {
    const given = pick(rng, GIVEN);
    const family = pick(rng, FAMILY);
    return pick(rng, [`${given} ${family}`, `${given} ${family}`, `${given} ${chars(rng, 'ABCDEFGHJKLMNPRSTW', 1)}. ${family}`, given]);
  },
  STREET_ADDRESS: (rng) =>
    pick(rng, [
      () => `${1 + Math.floor(rng() * 9800)} ${pick(rng, STREET_NAMES)} ${pick(rng, US_SUFFIXES)}`,
      () => {
        const [city, state, zip] = pick(rng, US_CITIES);
        return `${1 + Math.floor(rng() * 9800)} ${pick(rng, STREET_NAMES)} ${pick(rng, US_SUFFIXES)}, ${city}, ${state} ${zip}`;
      },
      () => `${1 + Math.floor(rng() * 980)} ${pick(rng, STREET_NAMES)} ${pick(rng, US_SUFFIXES)} Apt ${1 + Math.floor(rng() * 40)}`,
      () => {
        const [zip, city] = pick(rng, EU_CITIES);
        return `${pick(rng, DE_STREETS)} ${1 + Math.floor(rng() * 120)}, ${zip} ${city}`;
      },
      () => `${1 + Math.floor(rng() * 80)} rue ${pick(rng, ['de la Paix', 'Victor Hugo', 'des Lilas', 'du Moulin'])}, 75002 Paris`,
      () => `Calle ${pick(rng, ['Mayor', 'del Prado', 'de Alcalá'])} ${1 + Math.floor(rng() * 200)}`,
      () => `${1 + Math.floor(rng() * 200)} ${pick(rng, STREET_NAMES)} Road, London SW1A 2AA`,
    ])(),
};

/** Sentences per type; {} is the value. Some name the type, some do not. */
const SENTENCES: Record<string, string[]> = {
  EMAIL: ['Write to me at {} if anything changes.', 'My email is {}.', 'cc {} on the thread please', 'Contact: <{}>', 'Reply-To: {}'],
  PHONE: ['Call me on {} after six.', 'My number is {}.', 'Phone: {}', 'You can reach the front desk at {} any time.', 'Text {} when you arrive'],
  CREDIT_CARD: ['Please charge card {} for the order.', 'My Visa is {} exp 09/27.', 'Card number: {}', 'I paid with {} yesterday.'],
  IBAN: ['Send the refund to IBAN {}.', 'Our account: {}', 'Please wire it to {} by Friday.'],
  US_SSN: ['My SSN is {}.', 'Social security number: {}', 'SSN {} on the form', 'It is {} as on my card.'],
  IP_ADDRESS: ['The server at {} keeps timing out.', 'Allow traffic from {} only.', 'Login attempt from {} was blocked.'],
  DATE_OF_BIRTH: ['I was born on {}.', 'DOB: {}', 'Date of birth: {}', 'His birthday is {}.'],
  PASSPORT: ['My passport number is {}.', 'Passport No. {}', 'passport: {}'],
  API_KEY: ['Here is the key: {}', 'export OPENAI_API_KEY={}', 'Use {} for the staging account.', 'token {} expires tomorrow'],
  SECRET: ['The token is {} (do not share).', 'Key file:\n{}\nThanks.', 'Authorization: Bearer {}'],
  URL_CREDENTIALS: ['Connect with {}/app', 'DATABASE_URL={}/prod', 'The mirror is {}/pub/'],
  PERSON: [
    'My name is {}.',
    'Please ask {} to call me back.',
    'Dear {},\nthanks for the update.',
    'This is Dr. {} speaking.',
    '{} will join the call at noon.',
    'I met {} at the conference.',
    'Signed, {}',
  ],
  STREET_ADDRESS: ['Ship it to {}.', 'My address is {}', 'We moved to {} last spring.', 'The office is at {}, second floor.', 'Deliver to: {}'],
};

// Texts with nothing to find that look like they might have something.
const HARD_NEGATIVES: ((rng: Rng) => string)[] = [
  (rng) => {
    const valid = luhnComplete(`4${digits(rng, 14)}`);
    return `Order ${group4(valid.slice(0, 15) + ((Number(valid[15]) + 1) % 10))} was shipped.`;
  },
  (rng) => {
    const valid = luhnComplete(`5${digits(rng, 14)}`);
    return `Card ${group4(valid.slice(0, 15) + ((Number(valid[15]) + 3) % 10))} is not valid, says the shop.`;
  },
  (rng) => {
    const iban = ibanWithCheck('DE', digits(rng, 18));
    return `The IBAN DE${String((Number(iban.slice(2, 4)) + 1) % 100).padStart(2, '0')}${iban.slice(4)} bounced.`;
  },
  (rng) =>
    `Test SSN ${pick(rng, ['000', '666', '900', '987'])}-${digits(rng, 2).replace(/^00$/, '12')}-${digits(rng, 4).replace(/^0000$/, '1234')} is not issuable.`,
  (rng) => `Form value ${digits(rng, 3).replace(/^[0689]/, '1')}-00-${digits(rng, 4)} was rejected.`,
  (rng) => `Upgrade to version ${1 + Math.floor(rng() * 9)}.${Math.floor(rng() * 20)}.${Math.floor(rng() * 9)}.${Math.floor(rng() * 99)} before Friday.`,
  (rng) => `Build v${Math.floor(rng() * 5)}.${Math.floor(rng() * 30)}.${Math.floor(rng() * 9)}.${Math.floor(rng() * 999)} fixed the crash.`,
  (rng) => `Your order #${digits(rng, 3)}-${digits(rng, 3)}-${digits(rng, 4)} ships tomorrow.`,
  (rng) => `Invoice no. ${digits(rng, 3)}-${digits(rng, 4)}-${digits(rng, 3)} is overdue.`,
  () => 'ISBN 978-3-16-148410-0 is the second edition.',
  (rng) =>
    `Logged at 2024-0${1 + Math.floor(rng() * 9)}-1${Math.floor(rng() * 9)} 1${Math.floor(rng() * 9)}:2${Math.floor(rng() * 9)}:0${Math.floor(rng() * 9)} by the cron job.`,
  (rng) => `The total is $${1 + Math.floor(rng() * 9)},${digits(rng, 3)}.${digits(rng, 2)} including tax.`,
  (rng) =>
    `Request id ${chars(rng, '0123456789abcdef', 8)}-${chars(rng, '0123456789abcdef', 4)}-4${chars(rng, '0123456789abcdef', 3)}-a${chars(rng, '0123456789abcdef', 3)}-${chars(rng, '0123456789abcdef', 12)} failed.`,
  (rng) => `Reverted commit ${chars(rng, '0123456789abcdef', 40)} on main.`,
  (rng) => `Tracking number ${digits(rng, 12)} shows it in transit.`,
  () => 'Microsoft Teams and Google Drive were down on Monday.',
  () => 'The Great Gatsby is on the reading list for New York Public Library members.',
  () => 'Please review the Quarterly Revenue Report before the Board Meeting.',
  () => 'Thanks again. Looking forward to Tuesday at the Grand Hotel.',
  () => 'Version 2 of the Data Processing Agreement is attached.',
  () => 'We flew from San Francisco to Buenos Aires via Mexico City.',
  (rng) => `Room ${100 + Math.floor(rng() * 400)} is booked for the Product Review.`,
  () => 'The meeting is in Building 5 next to the Main Lobby.',
  (rng) => `Chapter ${1 + Math.floor(rng() * 20)} covers the Marshall Plan and the Berlin Airlift.`,
  (rng) => `Set timeout=${digits(rng, 4)} and retries=3 in the config.`,
  () => 'The password must be at least 12 characters long.',
  () => 'Ask the Help Desk about Single Sign On.',
];

/** `count` labelled texts: about a quarter hard negatives, the rest one or two values each. */
export function generatePiiTexts(seed: number, count: number): LabelledText[] {
  const rng = seededRandom(seed);
  const types = Object.keys(SENTENCES);
  const texts: LabelledText[] = [];
  for (let n = 0; n < count; n++) {
    if (rng() < 0.25) {
      texts.push({ text: pick(rng, HARD_NEGATIVES)(rng), gold: [] });
      continue;
    }
    const parts: Value[] = [];
    const how = rng() < 0.3 ? 2 : 1;
    for (let k = 0; k < how; k++) {
      const type = pick(rng, types);
      parts.push({ type, text: VALUES[type]!(rng) });
    }
    let text = '';
    const gold: LabelledSpan[] = [];
    for (const part of parts) {
      const sentence = pick(rng, SENTENCES[part.type]!);
      const at = sentence.indexOf('{}');
      if (text !== '') text += ' ';
      const start = text.length + at;
      text += sentence.replace('{}', () => part.text);
      gold.push({ type: part.type, start, end: start + part.text.length });
    }
    texts.push({ text, gold });
  }
  return texts;
}

/** How many generator given names are also in a gazetteer: reported, since an overlap flatters recall. */
export function givenNamesIn(isKnown: (lower: string) => boolean): { shared: number; total: number } {
  return { shared: GIVEN.filter((g) => isKnown(g.toLowerCase())).length, total: GIVEN.length };
}
