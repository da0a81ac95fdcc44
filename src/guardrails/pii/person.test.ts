import { describe, expect, it } from 'vitest';
import { isGivenName, isLoneGivenName } from './given-names.js';
import { personDetector } from './person.js';
import type { Span } from './detector.js';

function names(text: string): string[] {
  const out: Span[] = [];
  personDetector.scan(text, out);
  return out.sort((a, b) => a.start - b.start).map((s) => text.slice(s.start, s.end));
}

describe('given-name gazetteer', () => {
  it('knows names from the generated list, accented spellings included, and keeps word names apart', () => {
    expect(isGivenName('ottilie')).toBe(true);
    expect(isGivenName('ottílie')).toBe(true);
    expect(isLoneGivenName('rosalind')).toBe(true);
    // In the generated list but English words: names only with a cue.
    expect(isGivenName('chase')).toBe(false);
    expect(isLoneGivenName('grace')).toBe(false);
    expect(isGivenName('tuesday')).toBe(false);
  });
});

describe('PERSON: lone given names', () => {
  it('finds a given name with no surname and no cue', () => {
    expect(names('Why is Ottilie so quiet today?')).toEqual(['Ottilie']);
    expect(names('Rosalind, can you check the invoice?')).toEqual(['Rosalind']);
    expect(names('I think Gwendolyn has the keys.')).toEqual(['Gwendolyn']);
    expect(names('Why is Ottílie late?')).toEqual(['Ottílie']);
  });

  it('finds every item of a list of given names, but not a firm named like a list of surnames', () => {
    expect(names('They had 3: Ottilie, Rosalind and Philippa.')).toEqual(['Ottilie', 'Rosalind', 'Philippa']);
    expect(names('She worked at Jones, Mitchell and Williams for a year.')).toEqual([]);
  });

  it('does not take a given name that starts a place or follows an article', () => {
    expect(names('He grew up near Shelly Park.')).toEqual([]);
    expect(names('Chapter 9 covers the Marshall Plan.')).toEqual([]);
  });
});

describe('PERSON: given names that are also words', () => {
  it('leaves them alone without a cue', () => {
    expect(names('Will you grant me access before May?')).toEqual([]);
    expect(names('Grace periods apply. Chase the lead, then mark it done.')).toEqual([]);
    expect(names('Hope this helps. Ask Claude to summarise the Ruby logs.')).toEqual([]);
    expect(names('We flew from Austin to Denver on Tuesday.')).toEqual([]);
  });

  it('finds them with a surname, a title, a name phrase or when spoken to', () => {
    expect(names('Grace Hollander signed the lease.')).toEqual(['Grace Hollander']);
    expect(names('My name is Chase.')).toEqual(['Chase']);
    expect(names('Please call Dr. Hope tomorrow.')).toEqual(['Hope']);
    expect(names("Don't go to town, Frank!")).toEqual(['Frank']);
    expect(names('Mark, could you send the report?')).toEqual(['Mark']);
  });
});

describe('PERSON: surnames', () => {
  it('joins family-name particles to the name', () => {
    expect(names('Jorrit van Dijk approved the change.')).toEqual(['Jorrit van Dijk']);
    expect(names('The form was signed by Ilse van den Broek.')).toEqual(['Ilse van den Broek']);
  });

  it('takes Mc, Mac and O’ prefixes and common endings, and leaves the possessive out', () => {
    expect(names("The lease names Yorick O'Halloran as tenant.")).toEqual(["Yorick O'Halloran"]);
    expect(names('Then Tamsin McAllister joined.')).toEqual(['Tamsin McAllister']);
    expect(names("We read Agnieszka Wróblewska's essay.")).toEqual(['Agnieszka Wróblewska']);
    expect(names('Awarded Salesperson of the Month twice.')).toEqual([]);
  });

  it('takes a name after a lower-case title or a "named him" phrase', () => {
    expect(names('please ask ms. Quillon to call back')).toEqual(['Quillon']);
    expect(names('She named him Quillon')).toEqual(['Quillon']);
  });

  it('takes an unknown word spoken to at the start of a request, but not an opener', () => {
    expect(names('Quillon, can I please speak to your manager?')).toEqual(['Quillon']);
    expect(names('Sorry, can I ask something?')).toEqual([]);
    expect(names('Honestly, could you check?')).toEqual([]);
  });

  it('takes a word before a possessive only people have, and the given name of a found full name elsewhere', () => {
    expect(names("It was a done thing between him and Quillon's kid.")).toEqual(['Quillon']);
    expect(names('Quillon spent a year as the assistant to Quillon T. Marrow.')).toEqual(['Quillon', 'Quillon T. Marrow']);
    expect(names("The Ocean's report is out.")).toEqual([]);
  });

  it('takes names in all-lower-case text only with a person cue', () => {
    expect(names('ottilie brandvold lives at 12 elm road')).toEqual(['ottilie brandvold']);
    expect(names('mr. quillon flew to oslo on friday')).toEqual(['quillon']);
    expect(names('the build takes 20 ms per run and stores logs')).toEqual([]);
  });
});
