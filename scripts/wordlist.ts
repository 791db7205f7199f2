/**
 * Built-in word list for the generated WordPiece vocabularies (see model-writer.ts).
 *
 * Written by hand for this project (no download): common English words, the vocabulary of
 * news and diplomatic statements, and place and people names that occur in the corpus. Each
 * group is a whitespace-separated string so the file stays readable; `BUILTIN_WORDS` splits,
 * lowercases and de-duplicates them in a fixed order, so the vocabulary built from it is
 * deterministic. Words with inner punctuation ("self-determination") are fine: the vocabulary
 * builder splits them the way BertPreTokenizer does.
 */

/** The thousand or so most common English words. */
const COMMON_WORDS = `
the of and to a in is it you that he was for on are with as i his they be at one have this from
or had by hot word but what some we can out other were all there when up use your how said an
each she which do their time if will way about many then them write would like so these her long
make thing see him two has look more day could go come did number sound no most people my over
know water than call first who may down side been now find any new work part take get place made
live where after back little only round man year came show every good me give our under name
very through just form sentence great think say help low line differ turn cause much mean before
move right boy old too same tell does set three want air well also play small end put home read
hand port large spell add even land here must big high such follow act why ask men change went
light kind off need house picture try us again animal point mother world near build self earth
father head stand own page should country found answer school grow study still learn plant cover
food sun four between state keep eye never last let thought city tree cross farm hard start
might story saw far sea draw left late run don't while press close night real life few north
open seem together next white children begin got walk example ease paper group always music
those both mark often letter until mile river car feet care second book carry took science eat
room friend began idea fish mountain stop once base hear horse cut sure watch color face wood
main enough plain girl usual young ready above ever red list though feel talk bird soon body dog
family direct pose leave song measure door product black short numeral class wind question
happen complete ship area half rock order fire south problem piece told knew pass since top
whole king space heard best hour better true during hundred five remember step early hold west
ground interest reach fast verb sing listen six table travel less morning ten simple several
vowel toward war lay against pattern slow center love person money serve appear road map rain
rule govern pull cold notice voice unit power town fine certain fly fall lead cry dark machine
note wait plan figure star box noun field rest correct able pound done beauty drive stood
contain front teach week final gave green oh quick develop ocean warm free minute strong special
mind behind clear tail produce fact street inch multiply nothing course stay wheel full force
blue object decide surface deep moon island foot system busy test record boat common gold
possible plane stead dry wonder laugh thousand ago ran check game shape equate miss brought heat
snow tire bring yes distant fill east paint language among grand ball yet wave drop heart am
present heavy dance engine position arm wide sail material size vary settle speak weight general
ice matter circle pair include divide syllable felt perhaps pick sudden count square reason
length represent art subject region energy hunt probable bed brother egg ride cell believe
fraction forest sit race window store summer train sleep prove lone leg exercise wall catch
mount wish sky board joy winter sat written wild instrument kept glass grass cow job edge sign
visit past soft fun bright gas weather month million bear finish happy hope flower clothe
strange gone jump baby eight village meet root buy raise solve metal whether push seven
paragraph third shall held hair describe cook floor either result burn hill safe cat century
consider type law bit coast copy phrase silent tall sand soil roll temperature finger industry
value fight lie beat excite natural view sense ear else quite broke case middle kill son lake
moment scale loud spring observe child straight consonant nation dictionary milk speed method
organ pay age section dress cloud surprise quiet stone tiny climb cool design poor lot
experiment bottom key iron single stick flat twenty skin smile crease hole trade melody trip
office receive row mouth exact symbol die least trouble shout except wrote seed tone join
suggest clean break lady yard rise bad blow oil blood touch grew cent mix team wire cost lost
brown wear garden equal sent choose fell fit flow fair bank collect save control decimal gentle
woman captain practice separate difficult doctor please protect noon whose locate ring character
insect caught period indicate radio spoke atom human history effect electric expect crop modern
element hit student corner party supply bone rail imagine provide agree thus capital won't chair
danger fruit rich thick soldier process operate guess necessary sharp wing create neighbor wash
bat rather crowd corn compare poem string bell depend meat rub tube famous dollar stream fear
sight thin triangle planet hurry chief colony clock mine tie enter major fresh search send
yellow gun allow print dead spot desert suit current lift rose continue block chart hat sell
success company subtract event particular deal swim term opposite wife shoe shoulder spread
arrange camp invent cotton born determine quart nine truck noise level chance gather shop
stretch throw shine property column molecule select wrong gray repeat require broad prepare salt
nose plural anger claim continent oxygen sugar death pretty skill women season solution magnet
silver thank branch match suffix especially fig afraid huge sister steel discuss forward similar
guide experience score apple bought led pitch coat mass card band rope slip win dream evening
condition feed tool total basic smell valley nor double seat arrive master track parent shore
division sheet substance favor connect post spend chord fat glad original share station dad
bread charge proper bar offer segment slave duck instant market degree populate chick dear enemy
reply drink occur support speech nature range steam motion path liquid log meant quotient teeth
shell neck
`;

/** General vocabulary of news writing and public life. */
const GENERAL_WORDS = `
across actually added adding address administration admit adult affect agency agent agreed
agreement ahead aim aimed allowed almost alone along already although american amount analysis
another anyone anything apply approach argue around article artist asked assume attack attention
attorney audience author authority available avoid away bag beautiful because become behavior
benefit beyond bill billion budget building business called calling camera campaign cancer
candidate career central certainly challenge changed choice church citizen civil clearly coach
collection college comes coming commercial community computer concern concerned conference
congress considered consumer continued couple court created crime cultural culture cup customer
data daughter debate decade decided decision defense democrat democratic despite detail
developed development difference different dinner direction director discover discussed
discussion disease drug easy economic economy education effort election employee enjoy entire
environment environmental establish established everybody everyone everything evidence exactly
executive exist expert explain factor fail failed federal feeling film finally financial firm
focus foreign forget former fund future generation given goal government growth guy hang
happened health herself himself hospital hotel however husband identify image impact important
improve included including increase increased indeed individual information inside instead
institution interesting international interview into investment involve involved issue item its
itself kid kitchen knowledge later lawyer leader legal likely local lose loss magazine maintain
majority manage management manager marriage maybe media medical meeting member memory mention
message military mission model movement movie myself national nearly network news newspaper nice
none not officer official ok onto operation opportunity option organization others outside owner
pain painting participant particularly partner patient peace per perform performance personal
phone physical player police policy political politics popular population positive president
pressure prevent price private probably production professional professor program project public
purpose quality quickly rate reality realize really recent recently recognize reduce reflect
relate relationship religious remain remove report republican research resource respond response
responsibility return reveal risk role scene scientist security seek senior series serious
service shake shoot shot significant simply site situation social society somebody someone
something sometimes sort source southern specific sport staff stage standard statement stock
strategy structure stuff style successful suddenly suffer task tax teacher technology television
tend themselves theory threat throughout today tonight tough traditional training treat
treatment trial truth tv understand upon usually various victim violence vote weapon western
whatever whom within without worker worry writer yeah yourself ability absence absolute
absolutely abuse academic accept acceptable accepted access accident accompany accomplish
according account accurate accuse accused achieve achievement acknowledge acquire acting action
active activist activity actor actual adapt addition additional adequate adjust administrator
admission adopt adopted advance advanced advantage adventure advertising advice advise adviser
advocate affair afford afternoon afterwards agenda aggressive aid aide aircraft airline airport
alarm alive alliance allied ally alter alternative amazing ambassador ambition amendment analyst
ancient angle angry announce announced announcement annual anxiety anybody anyway apart
apartment apparent apparently appeal appearance applicable application appoint appointed
appointment appreciate appropriate approval approve approved approximately architect
architecture argument arise armed army arrangement arrest arrested arrival arrived aside asleep
aspect assault assembly assess assessment asset assign assist assistance assistant associate
associated association assure atmosphere attach attempt attend attended attitude attract
attractive attribute authorities automatic average award aware awareness badly balance ban
banned barely barrier basically basis battle beginning behalf belief belong beneath bid bind
birth bold bomb bombing bond border boundary brain brand brave breach breakfast breath bridge
brief briefly brilliant broadcast broken brutal burden bureau burning bus cabinet calculate calm
cancel capability capable capacity capture careful carefully carrier cash casualties casualty
category cease ceasefire celebrate celebration ceremony chain chairman chamber champion
championship channel chapter characteristic charity chase cheap chemical chosen circumstance
cite cited civic civilian civilians clash clashes classic climate clinic coalition code collapse
colleague collective colonel combat combination combine comfort comfortable command commander
comment commentary commerce commission commissioner commit commitment committed committee
communicate communication compared comparison compete competition competitive complain complaint
completed completely complex complicated component compose comprehensive compromise concentrate
concept conclude conclusion concrete conduct conducted confidence confident confirm confirmed
conflict confront confrontation confusion connection conscious consensus consequence
consequences conservative considerable consist consistent constant constantly constitute
construct construction consult consultation contact contemporary content contest context
contract contrast contribute contribution convention conversation convert convince cooperate
cooperation coordinate coordination cope core corporate corporation correspondent corruption
council counsel counter counterpart countryside courage coverage crack craft crash crazy
creation creative creature credit crew crisis criteria critic critical criticism criticize
criticized crucial cycle daily damage damaged dangerous date deadline deadly dealing debt
decline decrease dedicated defeat defend defendant defender define definitely definition delay
delegate delegation deliberate deliver delivery demand demanded demonstrate demonstration deny
denied department dependent deploy deployed deployment deposit depth deputy derive described
deserve desire desk desperate destroy destroyed destruction detailed detect detention
deteriorate device devote dialogue diet digital dignity dimension diplomat directly disappear
disaster discipline discovery discrimination dismiss display dispute distance distinct
distinguish distribute distribution district divided document domestic dominant dominate donor
doubt dozen draft drama dramatic dramatically drawn due duty dynamic eager earlier earn earnings
easily eastern economics economist edition editor educate educational effective effectively
efficiency efficient elderly elect elected electoral electricity eliminate elite embrace emerge
emergency emission emotion emotional emphasis emphasize emphasized empire employ employment
empty enable encounter encourage encouraged enforce enforcement engage engaged engagement
engineer engineering enhance enormous ensure ensuring entirely entity entrance entry envoy
episode equality equally equipment equivalent era error escalate escalation escape essential
essentially estimate estimated ethnic evaluate evaluation eventually evident evil evolution
examine excellent exception exchange exciting exclude exclusive excuse execute execution exhibit
exile existence existing expand expansion expectation expected expense expensive explanation
explode explosion explosive export expose exposure express expression extend extended extension
extensive extent external extra extraordinary extreme extremely facility facing factory faculty
failure fairly faith false familiar fan fantasy farmer fashion fatal fate fault favorite feature
fee female fence festival fiction fifteen fifth fifty file finance firmly fiscal fitness fix
fixed flag flee flight float flood fluid focused folk following forced forecast forever formal
format formation formula forth fortune forum foundation founder framework fraud freedom frequent
frequently friendly friendship frontier fuel fully function functional funding funeral
furthermore gain gap gathering gay gender gene generally generate generous genocide genuine gift
global globe golden grade gradually graduate grant grave greatest grip gross guarantee guard
guardian guest guidance guideline guilty habit hall handle handful hardly harm headline
headquarters heal healthy hearing height helicopter helpful heritage hero hide highlight
highlighted highly highway hire historian historic historical holiday holy honest honor horizon
horror host hostage hostile hostility household housing humanitarian humanity hunger hurt ideal
identity ideology ignore ill illegal illness illustrate immediate immediately immigrant
immigration imply import impose impossible impression impressive incentive incident income
incorporate increasingly incredible independence independent index indicated indication
indigenous industrial inequality infant infection inflation influence inform informed
infrastructure initial initially initiative injure injured injury inner innocent innovation
input inquiry insist inspection inspector inspire install instance institute institutional
instruction insurance intact integrate integration integrity intellectual intelligence intend
intense intensity intent intention interaction interior internal interpret interpretation
intervention introduce invade invasion invest investigate investigation investigator investor
invite invited involvement isolated isolation joint journal journalist journey judge judgment
jurisdiction jury justice justify killing kingdom label labor lack landscape largely laser
latest launch launched lawmaker layer leadership leading league lean learning lecture legacy
legislation legislative legislature legitimate lend lesson liberal liberation liberty license
lifetime likewise limit limited link literally literature litigation lives living load loan
lobby location lock logic lonely loose lower loyal loyalty luck lucky mail mainly mainstream
maker male mandate manner manufacturer manufacturing margin marine marked marry massive mate
maximum meanwhile measurement mechanism medicine membership mental merely merger mess migrant
migration mild milestone militant militia minimum minister ministerial ministry minor minority
miracle mirror missile missing mistake mixed mobile mobilize moderate modest monitor monitoring
monthly moral moreover mortgage motivation motive murder museum mutual mystery myth naked
narrative narrow nationwide native naval navy nearby neat necessarily negative neglect negotiate
negotiated negotiation negotiations neighborhood neighbouring neither nervous neutral
nevertheless newly nomination nominee nonetheless normal normally notable noted notion novel
nuclear numerous nurse objection objective obligation obligations observation observer obstacle
obtain obvious obviously occasion occasionally occupation occupied occupy odd offense offensive
officially ongoing online openly opening operational opinion opponent oppose opposed opposition
oppression opt optimistic oral organize organized origin originally outcome outlet output
outstanding overall overcome overseas oversee overwhelming owe ownership pace pack package
palace panel parade parallel parliament parliamentary partial participate participation partly
partnership passage passenger passion passive patrol pause peaceful peak penalty pension percent
percentage perception perfect perfectly permanent permanently permission permit persist
perspective persuade petition phase phenomenon philosophy photo photograph pilot pioneer
platform plea plead pledge plenty plot plus pocket poet poetry pole poll pollution pool portion
portrait portray possess possession possibility possibly potential potentially poverty powerful
practical praise pray prayer precisely predict prediction prefer pregnant premier premise
preparation presence presentation preserve presidency presidential presumably pretend prevail
prevention previous previously pride priest primarily primary prime principal principle prior
priority prison prisoner privacy privilege prize procedure proceed proceedings proceeds
profession profile profit profound progress prohibit prominent promise promote promotion prompt
proof properly proportion proposal propose proposed prosecution prosecutor prospect prosperity
protection protest protester proud province provision provoke psychological publication publicly
publish published punishment purchase pure pursue pursuit qualify quarter queen quest quote
quoted racial racism radical raid rally random rank rapid rapidly rare rarely rating ratio raw
react reaction reader readily realistic rear reasonable rebel rebels recall reception recession
recipient recognition recognized recommend recommendation reconciliation recover recovery
recruit reduction refer reference reflection reform refuge refugee refugees refuse regard
regarding regardless regime regional register regular regularly regulate regulation regulatory
reject rejected relatively release released relevant relief religion rely remark remarkable
remarks remind remote renew rental repair replace replacement reportedly represented
representation representative reputation request rescue reserve reside residence resident resign
resignation resist resistance resolution resolve resort respect respected respective
respectively restore restrict restriction retain retire retirement retreat revenue review
revolution reward rhetoric ridiculous rifle rival rocket romantic roof rough roughly route
routine royal rural rush sacred sacrifice safety sake salary sample sanction sanctions satellite
satisfy scandal scheme scholar scope screen secret secretary sector secure seize seized seldom
selection senate senator sensitive sequence session settlement severe severely sexual shadow
shallow shelter shift shock shooting shortly shut sick signal signature signed significance
significantly silence silly similarly sin sir situated slight slightly slowly smart smoke snap
software solar sole solely solid solidarity somewhat sophisticated soul sovereign sovereignty
span spare speaker specialist species specifically spectrum speculation spirit spiritual split
spokesman spokesperson spokeswoman sponsor squad stability stable stake stance statistics status
steady steal stimulus stir strain strategic strength strengthen stress strict strictly strike
striking strongly structural struggle studio substantial substitute subtle suburb succeed
suffering sufficient suggestion suicide suitable summit super superior supplier supporter
suppose supreme surely surgery surprised surprising surround surrounding survey survival survive
survivor suspect suspend suspicion sustain sustainable swear sweep swing sympathy tackle tactic
talent tank tape target taxpayer tea tear technical technique teen telephone temporary tension
terms terrible territorial territories territory terror terrorism terrorist testify testimony
text theme therapy thereby threaten threatened threatening threshold throat ticket tight tip
tired title topic torture toss totally tour tourism tourist tournament tower toxic trace
tradition traffic tragedy tragic trail transfer transform transformation transit transition
translate transport transportation trap treasury treaty trend tribal tribe tribunal tribute
troop troops tropical truly trust tunnel typical typically ultimate ultimately unable uncertain
uncertainty uncle uncover underlying undermine understanding undertake unemployment
unfortunately uniform union unique united unity universal universe university unknown unless
unlike unlikely unprecedented upcoming update upper urban urge urged urgent used useful user
utility vacation valid valuable variable variation variety vast vehicle venture verdict version
versus vessel veteran veto via vice victory video viewer violate violation violations violent
virtual virtually virtue visible vision visitor visual vital volume voluntary volunteer voter
voting vulnerable wage wake warn warned warning weak weakness wealth wealthy weekend weekly
welcome welfare whereas whenever wherever whoever wholly widely widespread wildlife willing wine
winner wisdom wise withdraw withdrawal witness wooden workshop worried worse worst worth worthy
wound wounded wrap yield youth zone
`;

/** Number words, dates, plural and inflected forms, function words. */
const FORMS_AND_NUMBERS = `
zero eleven twelve thirteen fourteen sixteen seventeen eighteen nineteen thirty forty sixty
seventy eighty ninety hundreds thousands millions billions trillion fourth sixth seventh eighth
ninth tenth eleventh twelfth twentieth thirtieth fortieth fiftieth sixtieth seventieth
seventy-ninth eightieth hundredth dozens decades centuries january february march april june
july august september october november december monday tuesday wednesday thursday friday
saturday sunday yesterday tomorrow weeks months years annually quarterly countries nations
states members rights people's citizens leaders ministers governments parties forces weapons
families communities issues efforts steps measures actions decisions projects programs
programmes initiatives relations ties partners interests values principles norms standards goals
objectives challenges threats risks opportunities results achievements conditions circumstances
problems questions answers concerns views positions proposals plans reports documents records
facts figures numbers sources details provisions commitments responsibilities agreements talks
discussions consultations meetings sessions events activities operations attacks crimes victims
survivors witnesses experts observers journalists officials diplomats representatives delegates
participants organizations institutions agencies bodies groups cities towns villages regions
areas lands borders roads routes bridges buildings houses homes schools hospitals facilities
sites being having doing gets gotten getting makes making takes taken taking gives giving goes
going sees seen seeing knows known knowing thinks thinking says saying tells telling finds
finding leaves leaving keeps keeping holds holding brings bringing begins begun shows showed
shown showing hears runs running leads meets met pays paid paying builds built sends sending
spends spent spending loses losing stands standing understood speaks spoken speaking writes
writing chose fights fought fighting wins won winning rises risen rising falls fallen falling
grows grown growing drew sought sold taught sets cuts puts lets hits becomes became becoming
continues continuing remains remained remaining includes provides provided providing requires
required requiring supports supported supporting protects protected protecting prevents
prevented preventing ensures ensured achieves achieved achieving develops developing establishes
establishing strengthens strengthened strengthening contributes contributed contributing
promotes promoted promoting implements implemented implementing implementation addresses
addressed addressing resolves resolved resolving restores restored restoring recovers recovered
recovering returns returned returning kills killed attacked attacking destroys destroying
occupies occupying liberates liberated liberating displaces displaced displacing denies denying
declines declined declining recognizes recognizing recognises recognised respects respecting
violates violated violating condemns condemned condemning welcomes welcomed welcoming hopes
hoped hoping believes believed believing expects expecting calls urges urging stresses stressed
stressing notes noting adds emphasizes emphasizing emphasises emphasised underlines underlined
underlining reaffirms reaffirmed reaffirming reiterates reiterated reiterating therefore hence
towards below beside besides concerning amid amidst
`;

/** Political, diplomatic, legal and conflict vocabulary. */
const POLITICAL_WORDS = `
accession accord accords accountability accountable adjudication adopts advocacy aggression
aggressor airstrike airstrikes allegation allegations alleged annexation annexed anniversary
antisemitism apartheid appeasement arbitrarily arbitrary arbitration armistice arms arsenal
assassination atrocities atrocity autocracy autocrat autonomous autonomy backing ballot ballots
bilateral bipartisan blockade bloc blocs boycott budgetary bureaucracy bylaw capitulation caucus
censorship census charter chancellor chancery checkpoint checkpoints citizenship coercion
coexistence colonial colonialism colonization combatant combatants commemorate commemoration
commissions communique communiques compliance comply concession concessions condemn condemnation
condolence condolences confederation consensual constituency constituent constitution
constitutional consul consular consulate containment contingent convene convened conventions
convoy coup covenant credentials customary cyberattack cybersecurity decolonization decree
decrees de-escalation deescalation delimitation demarcation demilitarized demining democracy
democracies demonstrators denounce denounced deplore deplores deportation deported deputies
destabilize destabilizing detained detainee detainees deterrence deterrent devastation dictator
dictatorship diplomacy diplomatic disarmament disinformation displacement dissent dissident
dissidents dissolution electorate embargo embassy embassies emissary enclave enclaves envoys
equitable erasure espionage exclave expel expelled expulsion extradition extremism extremist
extremists federation fellowship forcibly fragile frontline geopolitical geopolitics governance
governing governor governors graves grievances hardliner hegemony immunity impartial impeachment
imperial imperialism impunity inalienable inaugurate inauguration incursion indictment
insurgency insurgent insurgents intergovernmental internally interministerial intimidation
invaded irredentism islamist jihadist judiciary junta landmine landmines lawful legislator
legislators legitimacy liberalization lobbying mandates mandatory manifesto martial massacre
mediation mediator mediators memorandum militarization militarized misinformation moratorium
multilateral multilateralism multipolar nationalism nationalist nationality nationhood
negotiator negotiators neutrality nonproliferation normalization normalize oligarch oligarchs
ombudsman ordinance overthrow pacifist pact pandemic parliamentarian parliamentarians partisan
peacebuilding peacekeeper peacekeepers peacekeeping peacemaking perpetrator perpetrators
persecution plenary plenipotentiary pogrom policymakers polling populism populist posture
prosecute prosecuted protectorate protocol provocation provocations provocative proxy quorum
ratification ratified ratify rebuild rebuilding reconstruction referendum reintegration remnants
reparation reparations repatriation repression resettlement resolutions retaliation retaliatory
revanchism revanchist ruling sabotage secession secessionist secretariat secularism sectarian
self-determination separatism separatist separatists siege stalemate statehood statesman
stateless subcommittee subsidiary superpower surveillance suspension terrorists totalitarian
trafficking transitional transparency transparent treaties truce tyranny unanimous unanimously
unconstitutional unilateral unilaterally uprising vetoed warfare warlord xenophobia speeches
statements delivered underscored affirmed expressed recalled pointed insisted declared briefed
stated citing reported reporting rounds visits visited hosted hosts chaired participated signing
endorsed voted abstained reviewed examined tackled secretary-general affairs chairperson
rapporteur organisation european african arab nato osce cis gcc asean opec oic unesco unicef
unhcr undp icrc crescent criminal icj icc geneva hague declaration cop connectivity corridor
railway pipeline renewable logistics trilateral cleansing persons prisoners hostages idps
returnees homeland clearance unexploded ordnance maimed looting desecration mosques churches
cemeteries monuments hostilities counter-terrorism defensive guards mobilization shelling
artillery drone drones missiles rockets strikes skirmish incidents tensions conflicts wars
elections votes voters turnout candidates seats laws bills policies reforms taxes deficit gdp
tariffs exports imports
`;

/** Countries, nationalities, regions, cities and names of office holders. */
const PLACES_AND_NAMES = `
afghanistan albania algeria andorra angola antigua argentina armenia australia austria
azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia
bosnia herzegovina botswana brazil brunei bulgaria burkina faso burundi cambodia cameroon canada
cape verde chad chile china colombia comoros congo costa rica croatia cuba cyprus czech czechia
denmark djibouti dominica dominican ecuador egypt salvador equatorial guinea eritrea estonia
eswatini ethiopia fiji finland france gabon gambia georgia germany ghana greece grenada
guatemala guyana haiti honduras hungary iceland india indonesia iran iraq ireland israel italy
ivory jamaica japan jordan kazakhstan kenya kiribati korea kosovo kuwait kyrgyzstan laos latvia
lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia
maldives mali malta marshall mauritania mauritius mexico micronesia moldova monaco mongolia
montenegro morocco mozambique myanmar namibia nauru nepal netherlands zealand nicaragua niger
nigeria macedonia norway oman pakistan palau palestine panama papua paraguay peru philippines
poland portugal qatar romania russia rwanda samoa marino sao tome saudi arabia senegal serbia
seychelles sierra leone singapore slovakia slovenia solomon somalia africa sudan spain sri lanka
suriname sweden switzerland syria taiwan tajikistan tanzania thailand timor togo tonga trinidad
tobago tunisia turkey turkiye turkmenistan tuvalu uganda ukraine emirates uae britain england
scotland wales usa america uruguay uzbekistan vanuatu vatican venezuela vietnam yemen zambia
zimbabwe afghan albanian algerian argentine argentinian armenian armenians australian austrian
azerbaijani azerbaijanis azeri belarusian belgian bolivian bosnian brazilian british bulgarian
canadian chilean chinese colombian croatian cuban cypriot danish dutch egyptian emirati english
estonian ethiopian finnish french georgian georgians german greek hungarian indian indonesian
iranian iraqi irish israeli italian japanese jordanian kazakh kenyan korean kurdish kuwaiti
kyrgyz latvian lebanese libyan lithuanian malaysian mexican moldovan mongolian moroccan nigerian
norwegian pakistani palestinian persian peruvian polish portuguese qatari romanian russian
scottish serbian slovak slovenian somali spanish sudanese swedish swiss syrian tajik thai
tunisian turkish turkmen turks ukrainian uzbek venezuelan vietnamese welsh yemeni arabs asian
asia europe eurasia caucasus caspian balkan baltic nordic northern latin pacific atlantic
mediterranean gulf sahel levant baku ganja sumgait shusha susa khankendi karabakh nakhchivan
zangazur zangezur lachin kalbajar aghdam agdam fuzuli jabrayil zangilan gubadli khojaly khojali
tovuz gazakh aghdara khojavend yerevan tbilisi moscow kyiv kiev minsk ankara istanbul tehran
astana almaty tashkent bishkek dushanbe ashgabat washington london paris berlin brussels rome
madrid lisbon vienna strasbourg amsterdam stockholm oslo copenhagen helsinki warsaw prague
budapest bucharest sofia belgrade athens beijing tokyo delhi islamabad kabul baghdad damascus
beirut amman cairo riyadh doha dubai abu dhabi jerusalem tel aviv york aliyev ilham heydar
musayev tofig bayramov jeyhun hajiyev hikmet mammadov guterres antonio pashinyan nikol erdogan
putin zelensky biden trump macron scholz blinken lavrov
`;

function splitWords(...groups: readonly string[]): readonly string[] {
  const seen = new Set<string>();
  for (const group of groups) {
    for (const word of group.split(/\s+/)) {
      if (word !== "") seen.add(word.toLowerCase());
    }
  }
  return Object.freeze([...seen]);
}

/** All built-in words, lowercased, de-duplicated, in a fixed order (most common first). */
export const BUILTIN_WORDS: readonly string[] = splitWords(
  COMMON_WORDS,
  GENERAL_WORDS,
  FORMS_AND_NUMBERS,
  POLITICAL_WORDS,
  PLACES_AND_NAMES,
);
