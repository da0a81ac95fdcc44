/**
 * Given names the PERSON detector accepts as the first word of a name. Source: written by hand for
 * Switchboard from general knowledge of common given names across languages (English, German,
 * Dutch, Nordic, Finnish, French, Spanish, Portuguese, Italian, Polish, Czech, Slovak, Hungarian,
 * Russian and other Slavic, Greek, Turkish, Arabic, Hebrew, Persian, Indian, Chinese, Japanese,
 * Korean, Vietnamese, African). It is not derived from Faker or any other generator's lists (the
 * presidio evaluation data was made with Faker, and scoring against a copy of it would be
 * dishonest). Names first noticed in the presidio misses during development were left out on
 * purpose, so the list does not learn the evaluation set. License: Apache-2.0, as the rest of the
 * repository.
 */
const NAMES = `
aaron abby abdul abdullah abel abigail abraham ada adam adama adela adele adeline adil adina adolf adrian adriana adrien agata agatha agnes agnieszka agustin ahmad ahmed aida aidan aiko aileen aimee aino aisha akira akos alain alan alba albert alberta alberto albin alejandra alejandro aleksandr aleksandra aleksander aleksi alena alessandra alessandro alessia alex alexa alexander alexandra alexandre alexei alexis alfie alfonso alfred alfredo ali alice alicia alina alisa alison alistair aliyah allan allen allison alma alois alonso althea alvaro alvin amal amanda amber amelia amelie amina amir amit amos amy ana anastasia anatoly andi andrea andreas andrei andrej andres andrew andrzej andy aneta angel angela angelica angelika angelo angie anika anil anita anja anke ann anna annabel annalena anne anneke annette annie anouk ansgar anthony anton antoine antonia antonin antonio anya arjun arkadiusz armin arnaud arne arnold aron arthur arturo arvid asa asher ashley ashok asif asja astrid asuka ataru augusto aurelia aurelie aurora austin ava axel ayako ayumi aziz
barbara barbora barry bart bartek bartholomew bartosz basil bastian beata beatrice beatriz beatrix becky belen bella ben benedikt benedict benita benito benjamin benoit bernadette bernard bernardo bernd bert berta bertrand beth bethany betty bianca bill billy birgit bjorn björn blake blanca bo bob bobby bogdan bohdan bonnie boris borys boyd brad bradley brandon brenda brendan brian bridget brigitte britta brittany bronislaw bruce bruno bryan burak
caitlin caleb camila camille candice cara carina carl carla carlo carlos carmen carol carole caroline carolyn carsten casey caspar cassandra catalina catarina caterina catherine cathy cecile cecilia cedric celia celine cesar chad chantal charles charlie charlotte chen chiara chidi chloe chris christa christian christiane christina christine christoph christophe christopher chuck cindy claire clara clare clarissa claude claudia claudio clement cody colin colleen connor conrad constance constantin cora corinne cornelia craig cristian cristina curtis cynthia cyril czeslaw
dagmar dagny daisuke daisy dale damian damien dan dana daniel daniela daniele danielle danny dario darius daria darko darren dave david davide dawid dawn dean debbie deborah declan deepak delia denis denise dennis derek desmond detlef diana diane diego dieter dimitri dimitrios dina dirk dmitri dmitry dolores dominic dominik dominika dominique don donald donna dora doris dorota dorothy doug douglas duncan dustin dylan
earl ed eddie edgar edith edmund edna eduard eduardo edward edwin eero egon eileen einar ekaterina elaine eleanor elena eleni eli elias elif elin elina elisa elisabeth elise eliza elizabeth elke ella ellen ellie elliot elsa elvira emil emilia emilie emilio emily emine emma emmanuel emre enrico enrique eric erica erich erik erika erin ernest ernesto ernst esra esteban estelle esther ethan etienne eugen eugene eugenia eva evan evelyn evgeny ewa ewan ezra
fabian fabienne fabio fabrizio farah farid fatima fatma federico felicia felicity felipe felix ferdinand fernanda fernando filip filipa fiona florian florence francesca francesco francis francisco franck franco frank franz franziska fred freddie frederic frederick frederik freya frida friedrich frieda fritz fumiko
gabor gabriel gabriela gabriele gabrielle gail gareth garry gary gavin gemma gene geoffrey george georg georgia georgios gerald geraldine gerard gerda gerhard gert gertrude gianluca gianni gil gilbert gilles gina ginger giorgio giovanni gisela giulia giuseppe gladys glen glenn gloria gonzalo gordon grace graham grazyna greg gregor gregory greta gretchen grzegorz gudrun guido guillaume guillermo gunnar gunter günter gustav gustavo guy gwen gyorgy
hakan hana hanna hannah hannes hans hans-peter harald hari harold harriet harry harvey hassan hazel heather hector hedwig heidi heike heinrich heinz helen helena helene helga helmut henri henrik henrike henry herbert herman hermann hilda hiroshi hiroko holger holly hope horst howard hubert hugh hugo hussein
ian ibrahim ida ignacio igor ilse ilona ilya imke imre inga inge ingrid ines irene irina iris irma isaac isabel isabella isabelle isaiah ismail ivan ivana ivo iwona
jack jackie jackson jacob jacqueline jacques jade jaime jake jakob jakub james jamie jan jana jane janet janina janice janine janusz jared jaroslav jaroslaw jasmin jasmine jason javier jay jean jeanne jeff jeffrey jelena jennifer jenny jens jeremy jerome jerry jerzy jesper jess jesse jessica jesus jill jim jimmy jin jiri jitka joan joanna joao joaquin jochen jodie joe joel joerg johan johann johanna johannes john johnny jon jonas jonathan jordan jorge jorg jörg jose josef josefina joseph josephine josh joshua josie jost jovana joy joyce juan juana judit judith judy jules julia julian juliana julie julien julio julius jun june junior jurgen jürgen justin justyna jutta
kai kamil kamila karel karen kari karim karin karina karl karla karol karolina kasia katalin katarina katarzyna kate katharina katherine kathleen kathrin kathryn kathy katie katja katrin kay kayla keiko keith kelly ken kenji kenneth kent kerstin kevin khalid kim kimberly kira kirsten klara klaus konrad konstantin kristian kristin kristina krisztina krzysztof kurt kyle
lana lara larry lars laszlo laura laurence lauren laurent lea leah lee leila lena lenka leo leon leona leonard leonardo leonie leopold leslie lewis lia liam lidia lilian liliana lily lina linda lindsay lisa liv liz lola lorenzo loretta lori lorraine lotte louis louise luc luca lucas lucia luciana lucie lucy ludwig luigi luis luisa lukas lukasz luke lydia lynn
mabel madeleine madison magda magdalena maggie magnus mahmoud maja malcolm malgorzata malik manfred manon manuel manuela marc marcel marcela marcelo marcin marco marcus margaret margarita margit margot mari maria mariam marian mariana marianne marie mariana marija marina mario marion marisa marisol marius mariusz marjorie mark marko markus marlene marta martha martin martina marvin mary maryam masha mason mateo mateusz mathias mathilde matilda matt matteo matthew matthias matti maureen maurice max maxim maxime maximilian maya megan mehmet mei melanie melissa meredith mia michael michaela michal michel michele michelle miguel mihai mika mikael mike mikhail mila milan milena miles milos mina minna miriam mirjam miroslav misaki mohamed mohammad mohammed moira monica monika morgan moritz muhammad murat mustafa
nadia nadine nancy naoki naomi natalia natalie natasha nathalie nathan neil nelson nestor niamh nicholas nick nicola nicolas nicole niels nikita niklas niko nikola nikolai nikolaus nils nina noah noel nora norbert norma norman nuno
oliver olivia olga omar oscar oskar otto owen ozan
pablo paddy paige pam pamela paola paolo pascal pat patricia patrick patrik paul paula paulina pauline pavel pawel pedro peggy penelope per peter petra petr philip philipp philippe phoebe phyllis pierre pietro piotr pooja priya
rachel radek rafael rafal ragnar rahul raimund rainer raj rajesh ralf ralph ramon randy raphael raquel rashid raul ray raymond rebecca regina reinhard remy renate rene renee rhys ricardo riccardo richard rick rita rob robert roberta roberto robin rocco rodrigo roger roland rolf roman romana ronald ronja rosa rosalie rose rosemary ross ruby rudolf rui rupert russell ruth ryan ryszard
sabine sabrina sacha sadie sally salma salvatore sam samantha samir samira samuel sandra sandro sanjay sara sarah sasha saskia satoshi scott sean sebastian sebastien selma serena sergei sergey sergio seth shane shannon sharon shawn sheila shirley sibylle sigrid silke silvia simon simona simone sina siobhan sofia sofie solveig sonia sonja sophia sophie stanislav stanislaw stefan stefania stefanie stella stephan stephanie stephen steve steven stuart susan susanne suzanne sven svetlana sylvia sylvie
tamara tania tanja tara tatiana tatjana ted teresa terry tess thea theo theodor theresa thierry thomas thorsten tiago tim timo timothy tina tobias todd tom tomas tomasz tommy toni tony torsten tracy travis trevor trine tyler
ulla ulrich ulrike urs ursula uta uwe
valentin valentina valeria valerie vanessa vasily vera veronica veronika victor victoria viktor viktoria vincent vincenzo viola violet virginia vivian vladimir vojtech
walter wanda warren wayne wei wendy werner wiebke wilhelm will william willem wilma wojciech wolfgang
xavier xenia ximena
yan yannick yara yasmin yasmine yelena yosef youssef yuki yuko yuri yusuf yvette yvonne
zach zachary zainab zara zdenek zeynep zoe zofia zoltan zora zuzana
akua kwame kofi ama chinedu ngozi oluwaseun adebayo amara thabo sipho lerato tendai wanjiru kamau
hiro haruto yui sakura takashi yoshiko kaito ren sota hina
jiho minjun seoyeon jisoo hyun jiwoo
ravi vijay suresh anita sunita kavita lakshmi arun kiran deepa neha rohan
li wang zhang liu yang huang zhao xiao lin ming
dang minh linh thanh hoa
ahmet ayse mert cem deniz elif selin can
giorgos konstantinos eleftheria katerina vasiliki panagiotis
oskari eino juha jukka pekka sanna tuula veikko aila
bjarne sigurd ingeborg halvard torbjorn tove
`;

// Names common in Nordic, Central European and Japanese usage, added from the same general knowledge.
const MORE_NAMES = `
abdullahi adnan afonso agnese aino-maija aleksandar aleksy alenka alida alis aljoša almut altan amadeo ambra amelie anders andrius anette angelina ania antje antti anu ari arja armando arnav arnoldo arttu arvo asbjørn aslan astor atle aurélie aurelio averill ayaan ayşe
baptiste barış bea bengt benedetta benoît berit bernhard bertil birger birte bjarni blanka bodil bogumil boglárka bohumil bolesław borbála borja branko brigitta brynjar bálint béla
camilo carsten casimir catalin cecília celestine cezary charlotta chiara chrysanthi ciaran ciro clemens conchita corentin csaba czesław
dagfinn dalia damir danuta dariusz dávid dejan denisa desirée dezső dimitar dinko dobromir dominika dorothea dragan dušan
ebba edda edvard eemeli eeva egil eija eila einar elek eliška elisabet elsa elzbieta elżbieta emese emőke endre enikő enzo erzsébet esko espen eszter eugenio evelina
fabiola fanni federica ferenc filippo finn fjóla flemming florin franciszek frantisek františek fredrik fryderyk fulvio
gaspard gaëlle gergely géza gianna gisli gösta grażyna greta grete guðrún gunhild gunvor gustavo gyula györgy gyöngyi
håkan halina  halvor  hannele harri hedda heikki heino helmi henna henrike herbert hilde hildur hjalmar hrafn hugó huub
iacopo idris ignác ilka ilmari inés ingrid ioana ioannis irén istván ivar iveta ivo
jaakko jacek jadwiga jakub jana janko janne  jarosław jelle jenő jesús joakim jolán jorunn josefa josé jouni józef jukka julius jussi jutta jónas
kaarina kaisa kalle kamil kari karoliina kasper katalin  kaur kazimierz kerttu kirsi kjell klára knut kornélia kristiina kristján kristóf krystyna ksenia kuba kálmán kári
lajos lasse laszló lauri leena  leopoldo lidia  lilla lisbeth livia lorenza loviisa luboš lucja ludmila łukasz lumi
mads magnhild magnús maija maik mairead małgorzata marcelina marek margrét marit marjatta markku marketa markéta marta marte martín mathilde matías mats mattias  meike merja  mia mikkel  mihály milica milla mirko mirjana mónika
nándor natália nele niina nikolaj nils noémi nóra norbert
odd oddný ola olaf olav oldřich olli olof ondřej orsolya oskar ottó outi
paavo pál pálma pasi patrik pekka pentti petr petteri pia piia piotr pirjo přemysl
radek radka radosław ragnheiður ragnhild raili raimo rasmus reidar reijo renata riikka risto róbert roope rosário rune ryszard réka
sampo sanni santeri sara  seppo sigríður sigurður silvija sindre sirpa siv snorri soile solveig stanisław stefán stig sune susanna svanhild sverre sylwia szilvia sándor sára
taisto tapio tarja teemu teija terhi terje thorvald tibor tiina timo toivo tomáš tommi tone tor tore torsten tuomas tuula tünde
ulf ulla ulrik unnur urho
vaclav václav valtteri veikko veli venla vera verner vesa vibeke viktória vilja ville vilma vilhelm vladimír vojtěch
wiesław witold władysław
zbigniew zdeněk zdzisław zita zofia zoltán zsófia zsolt zsuzsa zsuzsanna
aiko akane akiko ayaka chiyo daiki emi eri haruka hayato hideki hikaru hiroki hitomi kaori kazuki kazuo kenta kumiko mai makoto mami masaki masako michiko minoru miyu nanami naoko natsuki noriko ryo ryota sachiko saori shinji shota takumi tomoko yoko yosuke yuka yumi yusuke yuta
`;

/** Lower-cased given names (accented forms kept as written). */
export const FIRST_NAMES: ReadonlySet<string> = new Set(`${NAMES} ${MORE_NAMES}`.split(/\s+/).filter((n) => n !== ''));
