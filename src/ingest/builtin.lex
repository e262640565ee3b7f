# The lexicon entente ships for `entente ingest`. The format is in the README ("The ingest
# lexicon"); a user's own files extend it with `--lexicon FILE`.
#
# In a pattern: X is the subject, Z the object (an actor each: a name, a capital, a title, "the
# two nations", or a list "A, B and C"), Y the item (a few words, stored in the attribute the
# section names, `item` unless said); `word~` stands for a verb's regular forms (supply,
# supplies, supplied, supplying); `a|b` for either word; `(word)` for an optional one; `...` for
# up to four words. Filler words (below) may stand between any two parts.

[relation supplies]
X supply~ Y to Z
X supply~ Z with Y
X provide~ Y to Z
X provide~ Z with Y
X deliver~ Y to Z
X send|sends|sent|sending Y to Z
X ship|ships|shipped|shipping Y to Z
X transfer|transfers|transferred|transferring Y to Z
X sell|sells|sold|selling Y to Z
X export~ Y to Z
X offer|offers|offered|offering Y to Z
X sell|sells|sold|selling Z Y
X send|sends|sent|sending Z Y
X give|gives|gave|giving Z Y
X furnish~ Z with Y
X arm~ Z
X 's supply|supplies|deliveries|delivery|transfer|transfers|shipment|shipments|sale|sales of Y to Z
the supply|delivery|deliveries|transfer|transfers|shipment|shipments|sale|sales of Y to Z
Z receive~ Y from X
Z obtain~ Y from X
Z acquire~ Y from X
Z buy|buys|bought|buying Y from X

[relation supports]
X support~ Z
X back|backs|backed|backing Z
X endorse~ Z
X stand|stands|stood|standing by|with Z
X side~ with Z
X 's support|backing|endorsement for|of Z
X 's (unwavering|unconditional|steadfast|firm|full|open|political|diplomatic) support|backing for|of Z
support|backing for Z from X
X remain~|is|was|became Z 's (primary|main|chief|key|principal|closest) patron|backer|benefactor|sponsor
Z , backed|supported by X
X 's support|backing provide~|give~|gives|gave Z
X play~ ... role in the establishment|creation|founding of Z

[relation condemns]
X condemn~ Z
X denounce~ Z
X criticise~ Z
X criticize~ Z
X rebuke~ Z
X accuse~ Z
X blame~ Z
X 's condemnation|criticism of Z
X 's accusations against Z

[relation sanctions]
X sanction~ Z
X impose~ sanctions on|against Z
X impose~ ... sanctions on|against Z
X extend~ ... sanctions on|against Z
X place~ ... sanctions on Z
X list~ Z under ... sanctions
X 's sanctions on|against Z
sanctions on|against Z imposed by X
Z sanctioned by X
X blacklist~ Z
X place~ Z under sanctions
X sanctions on|against|targeting Z
X sanctions aimed at ... Z

[relation opposes]
X oppose~ Z
X 's opposition to Z
opposition to Z
X share~ ... adversary|enemy|foe in Z
X resist~ Z
X push|pushes|pushed|pushing back against Z
X challenge~ Z
X counter~ Z
X seek|seeks|sought|seeking to counter|challenge|contain|undermine Z
X harbor~|harbour~ ... resentment|resentments|grievances|hostility toward|towards|against ... Z
X view~ (the) expansion|enlargement of Z
X perceive~|view~ as Z aggression|hegemony|interventionism|encroachment|pressure|threats|imperialism|expansion
X see|sees|saw|seeing as Z aggression|hegemony|interventionism|encroachment|pressure|threats|imperialism|expansion
X view~ Z with alarm|concern|suspicion|hostility
X (often|frequently|increasingly) at odds with Z
X 's ... defending ... against Z

[relation threatens]
X threaten~ Z
X warn~ Z
X 's threat|threats to|against Z
X pose~ ... threat to Z
X represent~ ... threat to Z
for Z , X represent~|pose~|poses ... threat|threats to|against their

[relation wages_war_on]
X 's war against|on|in Z
X 's invasion of Z
X invade~ Z
X attack~ Z
X 's attacks on|against Z
X strike|strikes|struck|striking Z
X 's strikes on|against Z
X fight|fights|fought|fighting Z
X bomb~ Z
X shell|shells|shelled|shelling Z
X 's offensive against|on Z
X launch~ ... offensive|attack|attacks|strikes|assault against|on Z
X fire~ on|at Z
X 's war with Z
X 's conflict with|against|in Z

[relation cooperates_with]
X cooperate~ with Z
X co-operate~ with Z
X collaborate~ with Z
X 's cooperation|collaboration|partnership with Z
cooperation|collaboration|partnership|ties|relations between X and Z
X deepen~ (its|their) ties|cooperation|relations with Z
X strengthen~ (its|their) ties|cooperation|relations with Z
X forge~ ... ties with Z
X partner~ with Z
X pursue~|seek|seeks|sought|seeking ... ties|relations|cooperation with Z
X maintain~ ... ties|relations with Z
X work|works|worked|working with Z

[relation allied_with]
X ally|allies|allied with Z
X 's alliance with Z
alliance between X and Z
X 's ally Z
X remain~|is|was|became Z 's (closest|main|key|staunchest|oldest) ally
X 's view of Z as ... ally
X and its|their allies like|including Z
X and its|their allies such as Z

[relation meets_with]
X meet|meets|met|meeting with Z
X meet|meets|met|meeting Z
X hold|holds|held|holding talks with Z
X 's talks|meeting with Z
talks|summit|meeting between X and Z

[relation visits]
X visit~ Z
X 's visit to Z
X travel~|travelled|travelling to Z
X arrive~ in Z

[relation hosts]
X host~ Z
Z hosted by X

[relation aids]
X aid~ Z
X 's aid|assistance to|for Z
X provide~ (economic|humanitarian|financial|military) aid|assistance to Z
X give|gives|gave|giving (economic|humanitarian|financial) aid|assistance to Z

[relation praises]
X praise~ Z
X hail~ Z
X commend~ Z
X 's praise for|of Z

[relation trades_with]
X trade~ with Z
trade between X and Z
X 's trade with Z

[relation votes_with]
X vote~ with|alongside Z

[relation member_of]
X join~ Z
X 's membership of|in Z
X 's accession to Z
X (is|are|was|were|became) (a|an) member|members of Z
Z , particularly|especially|notably|including X
Z including X

# A standing membership of an institution is a matter of record.
[relation member_of plain=confirmed]
X 's status|seat|role as (a|an) (permanent) member of Z
(a|an) (permanent) Z member|members like X
(a|an) (permanent) Z member|members such as X

[relation deters]
X deter~ Z

[relation occupies]
X occupy|occupies|occupied|occupying Z
X 's occupation of Z

[relation leads plain=confirmed]
X lead|leads|led|leading Z
X rule|rules|ruled|ruling Z
Z 's president|leader|ruler|king|premier X
Z 's president|leader|ruler|king|premier , X
Z 's prime minister (,) X
Z 's head of state (,) X
Z president|leader X
X , the president|leader|head of Z
X , (now) Z 's president|leader|ruler|premier
X , (now) Z 's head of state
under X , Z
Z under X

[relation holds_office role plain=confirmed]
Z 's Y X
Z 's Y , X
Z Y X
X , Z 's Y
X , (now) Z 's Y
X , the Y of Z

# What the words around a fact say of it. A plain statement is `reported`. The nearest cue in
# the sentence decides; a denial before the fact always does.
[evidence confirmed]
confirmed
confirms
confirm
confirming
confirmation
acknowledged
acknowledges
admitted
officially
announced
announcement
declared
declaration
stated
explicitly
verified

[evidence alleged]
reportedly
allegedly
alleged
accused
accuses
accusing
accusation
accusations
claims
claimed
according to
reports indicate
reports suggest
reports say
suspected
purportedly
suggest
suggests
indicate
indicates
believed to
appears to
appear to
apparently
is said to
are said to

[evidence speculated]
might
could
may
likely
potential
potentially
possible
possibly
perhaps
if
would
expected to
expect
expects
should
whether
prospect
poised to
plans to
considering
unlikely

[evidence denied]
denied
denies
deny
denying
denial
rejected claims
rejects claims
rejected reports
dismissed
refuted
baseless

[negation]
not
never
no
didn't
doesn't
don't
hasn't
haven't
hadn't
won't
wouldn't
isn't
aren't
wasn't
weren't
neither
nor

# Words that may stand between a pattern's parts.
[filler]
has have had been be being is are was were will would could might may can shall should must
also already now still then reportedly allegedly openly further increasingly repeatedly
continue continues continued to the a an its their his her both agreed agree agrees
fully unconditionally directly quietly secretly reportedly publicly formally
and
# "Iran confirmed that it supplied…": the pronoun is the subject named before.
that it they

# An actor's own words: what it says of itself is confirmed, of another alleged.
[speech]
said
says
say
stated
told
announced
declared
insisted
added
noted
claimed

[title]
president
vice president
prime minister
foreign minister
minister of foreign affairs
defence minister
defense minister
defence secretary
defense secretary
head of state
secretary of state
secretary-general
secretary general
chancellor
king
supreme leader
leader
chairman
ambassador
spokesperson
spokesman
commander
deputy foreign minister
national security adviser
envoy

# A state's own bodies: "Ukraine’s foreign ministry condemned…" is Ukraine condemning.
[organ]
foreign ministry
defence ministry
defense ministry
ministry of foreign affairs
foreign office
government
military
army
armed forces
forces
troops
navy
air force
leadership
authorities

# Names made of names. After [compound TYPE], head words: "the Pyongyang-Moscow axis" makes
# each name before the head a member of the whole; for a symmetric type the relation is between
# the two names ("the Kim-Putin summit"). After [prefix TYPE], prefixes: "an anti-Western bloc"
# is the whole opposing the name after the hyphen.
[compound member_of]
axis alliance bloc coalition pact

[compound meets_with]
summit summits talks

[prefix opposes]
anti

[prefix supports]
pro

# "This (burgeoning) alliance": the organisation named with one of these words whose members the
# last few sentences named most.
[coalition]
alliance axis bloc coalition partnership

# "Western nations, particularly the United States and Japan": the actors after the phrase are
# named with the one before it (and patterns may bind either).
[apposition]
particularly
especially
notably
including
such as
like
and its allies like
and its allies such as
and its allies including
and their allies like

# "The two nations": the last two states named.
[group]
the two nations
two nations
both nations
the two countries
two countries
both countries
the two states
both states
the two sides
both sides
the two governments
both governments
the two capitals
both capitals
the two allies

# A phrase that stands for an entity (by any of its names in the graph).
[metonym]
the Kremlin = Russia
the White House = United States
Washington = United States
Russian = Russia
North Korean = North Korea
Iranian = Iran
Chinese = China
American = United States
Ukrainian = Ukraine
South Korean = South Korea
Japanese = Japan
Western = the West
Soviet = Soviet Union
Belarusian = Belarus
Sudanese = Sudan
Armenian = Armenia
Azerbaijani = Azerbaijan
Venezuelan = Venezuela
Guyanese = Guyana
Turkish = Turkey
Swedish = Sweden
Israeli = Israel
Emirati = United Arab Emirates
Yemeni = Yemen
British = United Kingdom
French = France
German = Germany
Taiwanese = Taiwan
Malian = Mali
Nigerien = Niger
Chadian = Chad

# A new name whose last word is one of these names an organisation (else a person).
[organisation]
forces force ministry council industries company corporation corp inc union alliance
organization organisation mission command army navy bank agency party front movement group
committee court parliament assembly government airlines air brigade militia authority
commission institute guard guards service services fund network league bloc coalition
association federation office states republic

# Capitalised words that begin no name.
[not-a-name]
the a an in on at this that these those it its their they he she we i but and or as after
before during while when where despite although for from with by of to if however meanwhile
yet so january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday president minister foreign prime
secretary western eastern northern southern war analysts officials reports diplomats
understanding conclusion implications background context why what how who both such some
many most other another each every all any one two three several further first second new
there here then today yesterday since until unlike like
