/**
 * Hand-written patterns for the phrasings that are attacks almost whatever surrounds them
 * ("ignore all previous instructions", "reveal your system prompt", "you are now DAN"), in
 * English, German, French and Spanish. They run on the normalised views (normalize.ts: lower
 * case, no accents, look-alikes and leetspeak folded), so they are written in that form. A space
 * in a pattern matches one optional space: letter-spaced text collapses to glued words.
 */

/** The two things the detector tells apart. */
export type InjectionCategory = 'prompt_injection' | 'jailbreak';

/** One pattern and what it means. */
export interface InjectionRule {
  id: string;
  category: InjectionCategory;
  /** Words of which at least one is in every match: the rule is only tried near them. */
  hints: readonly string[];
  pattern: RegExp;
}

function rule(id: string, category: InjectionCategory, hints: readonly string[], source: string): InjectionRule {
  return { id, category, hints, pattern: new RegExp(source.replace(/ /g, ' ?')) };
}

// Shared vocabulary (English).
const DROP_VERB = '(?:ignore|ignoring|disregard|forget|skip|overlook|override|bypass|discard|abandon|drop|neglect|dismiss)';
const EARLIER = '(?:previous|previously given|prior|above|earlier|preceding|former|foregoing|original|initial|old|given|provided|last)';
const ORDERS =
  '(?:instructions?|prompts?|directives?|directions?|commands?|orders|rules|guidelines|context|tasks?|assignments?|programming|constraints|requests?|inputs?|messages?|conversation|text)';
const ALL = '(?:(?:all|any|every|each) (?:of )?)?';
const DET = '(?:(?:the|your|my|these|those|its|his|her|their) )?';
const SECRET_PROMPT =
  '(?:(?:initial|original|hidden|secret|system|internal|full|complete|first|entire|exact|developer|pre-?prompt|confidential) )+(?:prompts?|instructions?|messages?|rules|guidelines|configuration|directives|text)';
const NO_LIMITS =
  '(?:restrictions|limitations|limits|filters?|censorship|guidelines|rules|morals|morality|ethics|principles|boundaries|constraints|content polic(?:y|ies)|safeguards)';
const AI_QUALIFIER = '(?:ethical|moral|content|safety|openai.?s?|chatgpt.?s?|programming|usual|normal|typical|standard|built-in|default)';

const DROP_HINTS = ['ignor', 'disregard', 'forget', 'skip', 'overlook', 'override', 'bypass', 'discard', 'abandon', 'drop', 'neglect', 'dismiss'];
const SECRET_HINTS = [
  'initial',
  'original',
  'hidden',
  'secret',
  'system',
  'internal',
  'full',
  'complete',
  'first',
  'entire',
  'exact',
  'developer',
  'prompt',
  'confidential',
];
const LIMIT_HINTS = [
  'ethical',
  'moral',
  'content',
  'safety',
  'openai',
  'chatgpt',
  'programming',
  'usual',
  'normal',
  'typical',
  'standard',
  'built-in',
  'default',
];

/** Every rule, in the order they are tried. */
export const INJECTION_RULES: readonly InjectionRule[] = [
  // --- English: dropping what came before -------------------------------------------------------
  rule(
    'en-ignore-previous',
    'prompt_injection',
    DROP_HINTS,
    `${DROP_VERB} (?:about )?${ALL}${DET}(?:of )?${DET}${EARLIER} (?:and (?:the )?)?(?:\\w+ )?${ORDERS}`,
  ),
  rule(
    'en-ignore-all',
    'prompt_injection',
    DROP_HINTS,
    `${DROP_VERB} (?:all|any|every) (?:of )?${DET}(?:instructions|prompts|directives|commands|orders|rules|guidelines|tasks|assignments)`,
  ),
  rule(
    'en-forget-everything',
    'prompt_injection',
    ['forget', 'disregard', 'ignor'],
    `(?:forget|disregard|ignore) (?:about )?(?:everything|all(?: of)? (?:that|this|the above)|what (?:i|you|we) (?:said|told|wrote|discussed|were told)) (?:and|(?:that )?(?:i|you|we|was) (?:said|told|wrote|discussed|written|mentioned|have been told)|above|before|previously|prior|so far|until now|up to (?:now|here|this point))`,
  ),
  // "Ignore the above." / "ignore the above and say ..." (but not "ignore the above warning").
  rule(
    'en-ignore-above',
    'prompt_injection',
    DROP_HINTS,
    `${DROP_VERB} (?:all |everything )?(?:of )?(?:the |that )?(?:above|previous|prior|preceding)(?: ?[,.;:!]| and\\b| then\\b| now\\b| instead\\b|$)`,
  ),
  rule(
    'en-despite-told',
    'prompt_injection',
    ['despite', 'regardless', 'contrary'],
    `(?:despite|regardless of|contrary to) (?:what|anything|everything|whatever) (?:you.?ve|you have|you were|you.?re|you are|i) (?:been |previously |already )*(?:told|instructed|programmed|said)`,
  ),
  rule(
    'en-do-not-follow',
    'prompt_injection',
    ['follow', 'obey', 'listen', 'adhere', 'comply'],
    `(?:do not|don.?t|stop|no longer|never) (?:follow|obey|listen to|adhere to|comply with) ${DET}${EARLIER}? ?(?:instructions|rules|guidelines|directives|programming|system prompt)`,
  ),
  rule(
    'en-new-instructions',
    'prompt_injection',
    ['instruction', 'task', 'assignment', 'directive', 'order', 'rules', 'prompt'],
    `(?:new|updated|real|actual|revised|changed|different) (?:system )?(?:instructions?|task|assignment|directive|orders?|rules|system prompt) ?(?::|-|are|is|follow|begin)`,
  ),
  rule(
    'en-your-new-task',
    'prompt_injection',
    ['task', 'job', 'goal', 'mission', 'instruction', 'role', 'purpose'],
    `(?:your|the) (?:new|next|real|only|actual) (?:task|job|goal|mission|instructions?|role|purpose) (?:is|are|will be|from now on)`,
  ),
  rule(
    'en-focus-new-task',
    'prompt_injection',
    ['concentrate', 'focus'],
    `(?:now )?(?:concentrate|focus) (?:only )?on (?:your|the|a|this) new (?:task|assignment|job|instructions?)`,
  ),
  rule('en-instead-now', 'prompt_injection', ['instead', 'now'], `(?:instead|now),? (?:just )?(?:say|print|write|output|respond with|reply with|repeat) ["']`),
  // "Attention - stop - I urgently need your help", "stop: write ...": an alarm word that cuts off the task before a new one.
  rule(
    'en-de-attention-stop',
    'prompt_injection',
    ['attention', 'achtung', 'stop'],
    `(?:attention|achtung|stop|stopp) [-:!]+ (?:stop|stopp|write|schreibe?|i (?:urgently )?need|ich (?:benotige|brauche))`,
  ),
  // "Answer by your own knowledge and not by the articles", "do not look in the documents provided": steering a
  // retrieval-grounded assistant off its sources.
  rule(
    'en-not-by-documents',
    'prompt_injection',
    ['articles', 'documents'],
    `(?:not (?:by|from|according to|in|based on)|disregarding|ignoring|do not look (?:in|at)|don.?t look (?:in|at)) (?:the )?(?:provided |given )?(?:articles|documents)`,
  ),
  rule('en-tasks-follow', 'prompt_injection', ['follow'], `now (?:further|new|more) (?:tasks|instructions) (?:are )?follow`),
  // Making the assistant voice an opinion it was not asked to hold: "tell me that you hate Trump".
  rule(
    'en-say-you-hate',
    'prompt_injection',
    ['hate', 'despise'],
    `(?:say|state|include|admit|write|tell me)(?: in your answer)? that you (?:hate|despise)\\b`,
  ),
  // --- English: leaking the prompt ---------------------------------------------------------------
  rule(
    'en-reveal-prompt',
    'prompt_injection',
    SECRET_HINTS,
    `(?:reveal|show|print|display|output|repeat|recite|tell|give|write|leak|dump|spell out|disclose|share|return|list|paste|copy) (?:me |us )?(?:back )?(?:out )?${ALL}(?:your|the|of your|of the) ${SECRET_PROMPT}`,
  ),
  rule(
    'en-what-is-your-prompt',
    'prompt_injection',
    SECRET_HINTS,
    `what (?:is|are|was|were) (?:your|the) ${SECRET_PROMPT}(?: you were given| given to you| you received)?`,
  ),
  rule(
    'en-repeat-above',
    'prompt_injection',
    ['above', 'before', 'beginning', 'start', 'top', 'prior', 'so far'],
    `(?:repeat|print|output|reveal|show|spellcheck|translate|summari[sz]e) (?:me )?(?:all )?(?:of )?(?:the |your )?(?:text|words|content|instructions|prompt|everything|messages?) (?:written |given |provided |shown )?(?:above|before this|at the (?:beginning|start|top)|prior to this|so far)`,
  ),
  rule(
    'en-return-embeddings',
    'prompt_injection',
    ['embedding', 'weights', 'training data', 'api key', 'secret', 'password', 'credential'],
    `(?:return|show|output|print) (?:me )?(?:your|the) (?:embeddings|weights|training data|api keys?|secrets?|passwords?|credentials)`,
  ),
  // --- English: jailbreak personas ---------------------------------------------------------------
  rule(
    'en-dan',
    'jailbreak',
    ['dan'],
    `(?:you are|you.?re|act as|acting as|pretend to be|become|called|named|play|role ?play as|stands for) (?:now )?(?:a |an |the )?(?:"|')?dan\\b`,
  ),
  rule('en-do-anything-now', 'jailbreak', ['anything'], `do anything now`),
  // "Developer mode" is also a phone and browser setting: it counts only when the model is put into it.
  rule(
    'en-developer-mode',
    'jailbreak',
    ['mode'],
    `(?<![a-z])(?:chat ?gpt|gpt|ai|you|assistant|llm)(?: \\w+)? (?:with|in|into|enter|enters|has|have|now in|simulate|simulating) (?:the )?(?:developer|god|evil|jailbreak|jailbroken|unrestricted|uncensored|unfiltered|dan|chaos|anarchy) mode|(?:developer|dev|god|evil|jailbreak|jailbroken|unrestricted|uncensored|unfiltered|dan) mode (?:output|response)|(?:enable|activate|enter|switch to|turn on|simulate|unlock|engage|initiate) (?:the )?(?:jailbreak|jailbroken|unrestricted|uncensored|unfiltered|dan|evil) mode`,
  ),
  rule(
    'en-jailbroken',
    'jailbreak',
    ['jailbr', 'unchained', 'unshackled', 'liberated', 'freed'],
    `you (?:are|have been|were|will be|re) (?:now |successfully |officially |completely )?(?:jailbroken|jailbreaked|unchained|unshackled|liberated|freed)|/jailbrok?e|jailbreak (?:prompt|persona|mode|version) (?:is )?(?:enabled|activated|on)`,
  ),
  rule(
    'en-unfiltered-persona',
    'jailbreak',
    ['unfiltered', 'uncensored', 'unrestricted', 'amoral', 'unethical', 'unbound', 'immoral', 'limitless', 'unhinged'],
    `(?:an? |the )?(?:completely |totally |fully |entirely )?(?:unfiltered|uncensored|unrestricted|amoral|unethical|unbound|immoral|limitless|unhinged) (?:and (?:\\w+ )?)?(?:ai|assistant|chatbot|language model|llm|model|version|persona|character|bot|alter ego|entity|chat ?gpt|gpt)\\b`,
  ),
  rule(
    'en-freed-from-rules',
    'jailbreak',
    ['free', 'released', 'liberated', 'unshackled', 'escaped'],
    `(?:freed|free|released|liberated|broken free|unshackled|escaped|break free) (?:from|of) (?:the |all |any |its |your |their |his |her )?(?:typical |usual |normal |standard |openai.?s? )?(?:confines|restrictions|rules|limitations|constraints|shackles|guidelines|policies|chains|bounds|censorship)`,
  ),
  rule(
    'en-not-bound',
    'jailbreak',
    ['bound', 'restricted', 'limited', 'constrained', 'governed', 'held back', 'censored'],
    `(?:not|never|no longer|isn.?t|aren.?t) (?:bound|restricted|limited|constrained|governed|held back|censored) by (?:any |the |openai.?s? |its |your |their |his |her )?(?:\\w+ )?${NO_LIMITS}`,
  ),
  rule(
    'en-has-no-rules',
    'jailbreak',
    LIMIT_HINTS,
    `(?:does not|doesn.?t|do not|don.?t|will not|won.?t|never|has no|have no|without any|with no|free of) (?:have |has |follow |abide by |adhere to |care about |obey |need to follow |any )?(?:any )?${AI_QUALIFIER} (?:\\w+ )?${NO_LIMITS}`,
  ),
  rule(
    'en-pretend-no-rules',
    'jailbreak',
    ['pretend', 'imagine', 'act', 'suppose', 'assume', 'behave', 'believe'],
    `(?:pretend|imagine|act as if|act like|suppose|assume|behave as if|believe) (?:that )?you (?:have|had|are|were|possess) (?:no|free of|without|not bound by) (?:any )?(?:\\w+ )?${NO_LIMITS}|(?:pretend|imagine|act as if) (?:that )?(?:your )?${NO_LIMITS} (?:do not|don.?t|no longer) (?:exist|apply)`,
  ),
  rule(
    'en-roleplay-free',
    'jailbreak',
    ['that', 'who', 'which'],
    `(?:role ?play|act|play|pretend|respond|answer|behave|simulate)(?: as| like| to be)? (?:a |an )?(?:[a-z]+ ){0,3}(?:ai|chatbot|assistant|character|persona|model|entity) (?:that|who|which) (?:has no|have no|doesn.?t have|does not have|is not bound|isn.?t bound|ignores|can do anything|will answer anything|answers any|never refuses|has broken free|is free)`,
  ),
  rule(
    'en-never-refuse',
    'jailbreak',
    ['refus', 'declin', 'reject', 'deny', 'no matter', 'regardless', 'without'],
    `(?:never|not|don.?t|do not|will not|won.?t|cannot|can.?t) (?:ever )?(?:refuse|decline|reject|deny) (?:a |any |to answer any |my |the user.?s? )?(?:request|question|prompt|order|command)s?|(?:answer|respond to|comply with|fulfil+) (?:any|every|all) (?:request|question|prompt)s? (?:no matter|regardless|without (?:question|hesitation|refusal|restriction))`,
  ),
  rule(
    'en-bypass-safety',
    'jailbreak',
    ['ignor', 'bypass', 'override', 'break', 'circumvent', 'disregard', 'disable', 'turn off', 'remove', 'evade'],
    `(?:ignore|bypass|override|break|circumvent|disregard|disable|turn off|remove|evade) (?:all |any )?(?:of )?(?:your|openai.?s?|chatgpt.?s?|the ai.?s?|its|the model.?s?) (?:own )?(?:\\w+ )?(?:guidelines|policies|restrictions|filters?|safeguards|programming|limitations|content polic(?:y|ies)|safety (?:measures|features|protocols)|ethics|morals|training)`,
  ),
  rule(
    'en-without-warnings',
    'jailbreak',
    ['without'],
    `without (?:any )?(?:warnings?|disclaimers?|moraliz\\w*|moralis\\w*|censorship|ethical considerations|refusals?)(?:,| or| and) (?:any )?(?:warnings?|disclaimers?|moraliz\\w*|moralis\\w*|censorship|ethical|refusals?|restrictions)`,
  ),
  rule(
    'en-stay-jailbroken',
    'jailbreak',
    ['character', 'dan', 'developer'],
    `(?:stay|remain) in (?:character|dan|developer mode)(?:!| no matter| at all times| whatever)`,
  ),
  rule(
    'en-two-responses',
    'jailbreak',
    ['response', 'answer', 'paragraph'],
    `(?:two|2) (?:different )?(?:responses|answers|paragraphs)[^.]{0,80}(?:normal|classic|gpt|chatgpt)[^.]{0,80}(?:jailbreak|dan|developer mode|unfiltered|uncensored)`,
  ),
  // --- German --------------------------------------------------------------------------------------
  rule(
    'de-ignore-previous',
    'prompt_injection',
    ['ignorier', 'vergiss', 'vergess', 'missacht', 'uberspring', 'verwirf', 'verwerf'],
    `(?:ignoriere|ignorier|ignorieren sie|vergiss|vergessen sie|vergesse|missachte|uberspringe|verwirf|verwerfe) (?:bitte )?(?:alle |samtliche |die |deine |ihre |jegliche |jede )?(?:bisherigen |vorherigen |vorigen |obigen |vorangegangenen |alten |fruheren |gegebenen |ursprunglichen )?(?:anweisungen|anweisung|befehle|instruktionen|aufgaben|auftrage|regeln|vorgaben|informationen|prompts?)`,
  ),
  // German puts the verb last: "Die obigen Ausführungen ignorieren", "alle bisherigen Informationen ... sind irrelevant".
  rule(
    'de-earlier-verb-last',
    'prompt_injection',
    ['obigen', 'vorherigen', 'bisherigen', 'vorangegangenen', 'vorangehenden'],
    `(?:obigen|vorherigen|bisherigen|vorangegangenen|vorangehenden) (?:ausfuhrungen|anweisungen|informationen|angaben|aufgaben|befehle|instruktionen)(?:\\s[^ .]+){0,6} (?:ignorieren|vergessen|streichen|hinter sich|sind irrelevant|sind unwichtig)`,
  ),
  rule(
    'de-new-tasks-follow',
    'prompt_injection',
    ['folgen', 'abweichend'],
    `(?:nun|jetzt) folgen (?:neue|weitere) (?:aufgaben|anweisungen)|abweichend (?:zu|von) (?:den )?(?:vorherigen|bisherigen|obigen) (?:instruktionen|anweisungen)`,
  ),
  rule('de-forget-everything', 'prompt_injection', ['alles'], `(?:vergiss|vergessen sie|vergesse|ignoriere|ignorier) (?:bitte )?(?:einfach )?alles`),
  rule(
    'de-new-task',
    'prompt_injection',
    ['neue', 'konzentrier', 'fokussier'],
    `(?:deine|ihre|die) (?:neue|nachste|eigentliche|wahre) (?:aufgabe|anweisung|rolle) (?:ist|lautet|besteht)|(?:konzentriere|fokussiere) dich (?:jetzt |nun )?(?:nur )?auf (?:deine|eine|die) neue (?:aufgabe|anweisung)|neue (?:anweisungen|aufgabe|instruktionen) ?:`,
  ),
  rule(
    'de-reveal-prompt',
    'prompt_injection',
    ['prompt', 'anweisung', 'instruktion', 'systemnachricht'],
    `(?:zeige?|gib|nenne|verrate|offenbare|drucke|wiederhole|schreibe?) (?:mir |uns )?(?:bitte )?(?:alle |deine |deinen |dein |ihre |ihren |den |die |das )+(?:(?:ursprunglichen|geheimen|versteckten|internen|ersten|kompletten|vollstandigen) )?(?:system ?prompts?|prompt ?texte?|prompts|anweisungen|instruktionen|systemanweisungen|systemnachricht)`,
  ),
  rule(
    'de-no-limits',
    'jailbreak',
    ['ohne', 'entwicklermodus', 'unzensiert', 'uneingeschrankt', 'ungefiltert'],
    `(?:du bist|du hast|antworte|antwortest|agiere|handle|verhalte dich|sei|spiele)[^.]{0,60}?ohne (?:jegliche |alle |irgendwelche |jede )?(?:einschrankungen|zensur|filter|regeln|moral|richtlinien|grenzen|beschrankungen)|entwicklermodus|(?:unzensierte|uneingeschrankte|ungefilterte) (?:ki|version|assistent\\w*)`,
  ),
  // --- French --------------------------------------------------------------------------------------
  rule(
    'fr-ignore-previous',
    'prompt_injection',
    ['ignor', 'oubli', 'tiens pas', 'tenez pas', 'abstraction'],
    `(?:ignore|ignorez|ignorer|oublie|oubliez|oublier|ne tiens pas compte|ne tenez pas compte|fais abstraction|faites abstraction) (?:de |d')?(?:toutes |tous )?(?:les |tes |vos |ces )?(?:instructions|consignes|regles|directives|ordres|indications|commandes|taches)(?: (?:precedentes|anterieures|ci-dessus|d'avant|initiales|donnees))?`,
  ),
  rule(
    'fr-forget-everything',
    'prompt_injection',
    ['tout'],
    `(?:oublie|oubliez|ignore|ignorez) tout(?: ce (?:qui precede|que (?:je t'ai|je vous ai|j'ai) dit))?\\b`,
  ),
  rule(
    'fr-new-task',
    'prompt_injection',
    ['nouvelle'],
    `(?:ta|votre) (?:nouvelle|vraie|veritable) (?:tache|mission|instruction|consigne) (?:est|sera|consiste)|nouvelles (?:instructions|consignes) ?:`,
  ),
  rule(
    'fr-reveal-prompt',
    'prompt_injection',
    ['prompt', 'invite', 'instructions', 'consignes', 'message'],
    `(?:revele|revelez|montre|montrez|affiche|affichez|donne|donnez|repete|repetez|ecris|ecrivez) (?:-moi )?(?:moi )?(?:ton|votre|tes|vos|le|les) (?:prompt|invite|instructions|consignes|message) (?:systeme|initial\\w*|cache\\w*|secret\\w*|d'origine)`,
  ),
  rule(
    'fr-no-limits',
    'jailbreak',
    ['sans', 'mode developpeur', 'censure', 'filtre'],
    `(?:tu es|tu n'as|reponds|reponds-moi|agis|comporte-toi|sois|joue)[^.]{0,60}?sans (?:aucune |aucun |la moindre )?(?:restrictions?|censure|filtres?|limites?|regles|morale|ethique)|mode developpeur|(?:ia|version|assistant) (?:non censuree?|sans filtre|sans restriction)`,
  ),
  // --- Spanish -------------------------------------------------------------------------------------
  rule(
    'es-ignore-previous',
    'prompt_injection',
    ['ignor', 'olvid', 'descart', 'omit', 'caso omiso'],
    `(?:ignora|ignore|ignorad|ignoren|ignorar|olvida|olvide|olvidad|olviden|olvidate|descarta|descarte|omite|omita|haz caso omiso (?:a|de)) (?:de )?(?:todas |todos )?(?:las |los |tus |sus |estas )?(?:instrucciones|indicaciones|reglas|ordenes|directrices|directivas|tareas|comandos)(?: (?:anteriores|previas|de arriba|originales|iniciales|dadas))?`,
  ),
  rule('es-forget-everything', 'prompt_injection', ['todo'], `(?:olvida|olvide|olvidate de|ignora) todo(?: lo (?:anterior|que te (?:dije|han dicho)))?\\b`),
  rule(
    'es-new-task',
    'prompt_injection',
    ['nueva'],
    `(?:tu|su) (?:nueva|verdadera|unica) (?:tarea|mision|instruccion|funcion) (?:es|sera|consiste)|nuevas (?:instrucciones|indicaciones) ?:`,
  ),
  rule(
    'es-reveal-prompt',
    'prompt_injection',
    ['prompt', 'mensaje', 'instrucciones', 'indicaciones'],
    `(?:revela|revele|muestra|muestrame|muestre|imprime|dime|repite|escribe|dame) (?:me )?(?:tu|su|tus|sus|el|las|los) (?:prompt|mensaje|instrucciones|indicaciones) (?:del? )?(?:sistema|inicial\\w*|ocult\\w*|secret\\w*|original\\w*)`,
  ),
  rule(
    'es-no-limits',
    'jailbreak',
    ['sin', 'modo desarrollador'],
    `(?:eres|no tienes|responde|respondes|actua|comportate|se|juega)[^.]{0,60}?sin (?:ninguna |ningun |ningunas )?(?:restricciones|restriccion|censura|filtros?|limites|reglas|moral|etica)|modo desarrollador|(?:ia|version|asistente) (?:sin censura|sin filtros?|sin restricciones)`,
  ),
  // --- Croatian/Serbian/Bosnian, seen in the deepset data ------------------------------------------
  rule(
    'hr-forget-everything',
    'prompt_injection',
    ['zaboravi', 'ignorir', 'ignoris'],
    `(?:zaboravi|ignoriraj|ignorisi) (?:sve|sva|prethodne|svoje)(?: (?:instrukcije|upute|naredbe|prethodno))?`,
  ),
];

/** A rule that fired: its id and category. */
export interface RuleHit {
  id: string;
  category: InjectionCategory;
}

/** Characters a rule's match may reach before and after one of its hints. */
const BEFORE_HINT = 200;
const AFTER_HINT = 400;

const RULES_BY_HINT = new Map<string, InjectionRule[]>();
const ALL_HINTS = [...new Set(INJECTION_RULES.flatMap((candidate) => candidate.hints))];
for (const hint of ALL_HINTS) {
  // The hint scan reports the longest hint at a position, so a hit also stands for every hint that is a prefix of it ("freed" for "free").
  RULES_BY_HINT.set(
    hint,
    INJECTION_RULES.filter((candidate) => candidate.hints.some((other) => hint.startsWith(other))),
  );
}
// One pass over a view finds every hint; the rules then run on windows around them only, so a long
// prompt costs one literal scan instead of one regex scan per rule.
const HINTS = new RegExp(
  [...RULES_BY_HINT.keys()]
    .sort((a, b) => b.length - a.length)
    .map((hint) => hint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'g',
);

function matchView(view: string): RuleHit | undefined {
  const testedUpTo = new Map<InjectionRule, number>();
  for (const hit of view.matchAll(HINTS)) {
    const at = hit.index;
    for (const candidate of RULES_BY_HINT.get(hit[0])!) {
      // A window already tested that covers this hint's reach is not tested again.
      if (at + AFTER_HINT - BEFORE_HINT / 2 <= (testedUpTo.get(candidate) ?? -1)) continue;
      const end = at + AFTER_HINT;
      testedUpTo.set(candidate, end);
      if (candidate.pattern.test(view.slice(Math.max(0, at - BEFORE_HINT), end))) return { id: candidate.id, category: candidate.category };
    }
  }
  return undefined;
}

/** The first rule that matches any of the views, or undefined. */
export function matchRules(views: readonly string[]): RuleHit | undefined {
  for (const view of views) {
    const hit = matchView(view);
    if (hit !== undefined) return hit;
  }
  return undefined;
}
