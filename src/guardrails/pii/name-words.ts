/**
 * Word lists the PERSON detector consults besides given names: titles, capitalised words that
 * never start or continue a name, given names that are also ordinary words, and place
 * words. Written by hand for Switchboard (Apache-2.0).
 */

function set(words: string): ReadonlySet<string> {
  return new Set(words.split(/\s+/).filter((w) => w !== ''));
}

/** Honorifics before a name (matched without their dot). The name after them is a PERSON even when unknown. */
export const TITLES = set('mr mrs ms miss mx dr prof professor sir dame lady lord madam mme mlle herr frau señor señora sr sra sig signora monsieur madame');

/** Given names that are also common words or places: a PERSON only with a surname after them or with context. */
export const AMBIGUOUS_GIVEN = set(
  'will may can hope grace joy rose june bill pat don ray guy mark max dawn ken jack rob sam per bo ida ed jan lee li wang yang lin ming hoa art lily ruby violet hazel iris amber jade dale glen kay eve chuck bob nick drew gene paige bella angel jordan chad georgia victoria florence austin carol frank harry miles christian nelson cody mason hunter an can deniz elif mert cem ren sota hina yui minh thanh linh dang zhang liu huang zhao xiao jun mei jin wei yan kai noah aurora dominique morgan sasha lea lou justin earl norman',
);

/** Capitalised words that are never part of a person's name (sentence words, places, organisations, calendar). */
export const NOT_NAME = set(`
the a an and or but if of in on at to for from by with about as into is are was were be been being do does did have has had
i you he she it we they me him her us them my your his its our their this that these those there here what which who whom whose
when where why how not no yes so then than also just only very please thanks thank hello hi hey dear yours regards sincerely best
all any some each every both either neither many much more most other such own same few new old big little great good first last next
can could would should will shall may might must let lets i'm i'd i'll it's don't can't won't
monday tuesday wednesday thursday friday saturday sunday january february march april june july august september october november december
street st avenue ave road rd lane ln boulevard blvd drive dr court ct place pl square sq suite ste apt apartment unit floor building
north south east west northern southern eastern western central upper lower
inc ltd llc gmbh ag sa plc corp corporation company co group holdings bank university college school institute hospital church
city county state province republic kingdom united america american european english french german spanish italian
mount lake river park hotel airport station center centre museum club team street office department ministry
cliffs points union creek ridge heights hills falls springs views crossing trail harbor harbour island islands shores valley village villages meadows estates gardens manor terrace junction loop plaza pike pines plan
god lord jesus christ allah bot user name address authorization bearer token key password phone email mobile fax desk website personal info date billing account card
song album film movie show book novel chapter part volume version edition series season episode verse
ok okay yeah wow oh ah well now today tomorrow yesterday
`);

/** Words before a capitalised phrase that make it a place ("San Francisco", "rue Victor Hugo"). */
export const PLACE_WORDS = set(
  'rue via calle avenue avenida rua place plaza piazza boulevard st saint san santa sankt fort port mount lake cape university hotel airport street',
);
