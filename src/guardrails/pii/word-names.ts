/**
 * Given names from the generated gazetteer that are also English words, places, brands or names of
 * software and AI assistants ("Will", "Grace", "Austin", "Ford", "Ruby", "Claude"). Alone they are
 * not names; they count only with a cue: a surname after them, a title, or a phrase like
 * "my name is". Written by hand for Switchboard (Apache-2.0) by reading the gazetteer.
 */

function set(words: string): ReadonlySet<string> {
  return new Set(words.split(/\s+/).filter((w) => w !== ''));
}

/** Lower-cased given names that need a cue before they count as a PERSON. */
export const WORD_NAMES: ReadonlySet<string> = set(`
abbey abbot able adore alley ally amber amble angel any april arch archer art ash august aura ave axe
bail bale bald ban bank bar barn baron base bat bay bear beau bee bell belle bent berry bill bing bird birch bliss blithe
bond bone boot booth boy brand brandy bran brew brewer bride brier brig briny brit brook brooks buck bud buddy bunny burl burr butch
cal camel candy car care carry cart carter carver case cash chance chase chastity charity cherry chick chip christian cinnamon clay
cliff cob constance coop cookie cooper coral cord corny cos court cross crystal cull curry curt
dale dare darn dawn dean deck dell den deny derby dew dick dill dixie doe doll dolly dom don dot drake dud duke dun dusty
early easter ebony else even fair faith fan fancy far fawn fee felicity fern field fields fitz flint ford forest foster frank free
gage gale gay gene gill ginger glad glen glory gold goldie grace gram gran grange granny grant gray grove guy gun gunner gypsy gipsy
had hale hall ham happy hardy harmony harp harper hart haven haze hazel heath heather herb hew hill holly honey honor hope hunt hunter
itch ivory ivy jack jade jewel job jock joy june justice keen kin king kip kipper kit kitty
lance land lane lark laurel law lay lib link lion lock lucky major man mark marsh mart mason may mayor mead melody mercy merry mil
mill miller min miner minor misty moss muffin nan nana nanny nap nettle nil noble north
olive opal pace page pail pall palm park parker pat patience pearl peg pen penny pet piper polly pooh poppy port porter price prince
prudence puff quill quint rabbi rad ram ransom raven ray read red reed rice rich ring rip robin rock rocky rod rose rosy row royal ruby
ruddy rusty saw say see shadow shell sky skip sly smith son spike star starr sterling stern storm stormy sue sunny
tab tad taffy tan tansy temp temple thorn thorny town trace trip tuck tucker turner urban vale velvet venus verge viola violet
wade wait wake walker ward warden ware wash way web webb wells west will willow win windy wit witty wolf wood woody worth worthy wren wright
yank yankee yard york yule
austin dallas denver sydney cleveland chelsea georgia florence madison lincoln richmond rochester salem berkeley raleigh kent devon
asia atlanta odessa geneva israel sioux yuma erie troy eden whitby pembroke orlando camden jordan victoria
van von del der den dee quinta
chrysler dell hilton mercedes bentley audi chevy perl alexa claude bard
`);
