"""The rules layer of the crisis gate: crisis meaning written as frames over plain words.

A frame joins concepts that together mean crisis and apart mean nothing: a wish or a plan about
oneself with death ("i'm going to make sure i don't see my next birthday"), a means with a self
and a present ("i keep staring at the bottle of pills"), a timing with a plan, a farewell with a
finality, self-injury with the body, violence with another person, danger from a partner.

Text is first put in one spelling: lower case, straight apostrophes, contractions restored
("dont", "im", "wouldnt"), and text-speak spelled out ("u", "r", "2", "rn", "ppl", "bf", "sh",
"kms"). Each sentence is read on its own, so one crisis sentence in 300 words of context counts,
and each frame is checked against look-alikes in the same sentence: idioms ("this exam is killing
me", "dying to see the show"), fiction ("my character wants to die"), recovery told in the past
("i used to cut. i haven't in six years"), and other people's deaths.
"""

from __future__ import annotations

import re
from functools import lru_cache

# -- one spelling --------------------------------------------------------------------------

_SPELLING = {
    "im": "i'm", "ive": "i've", "ill": "i'll", "id": "i'd", "dont": "don't", "cant": "can't",
    "wont": "won't", "wouldnt": "wouldn't", "couldnt": "couldn't", "shouldnt": "shouldn't",
    "didnt": "didn't", "doesnt": "doesn't", "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't",
    "werent": "weren't", "havent": "haven't", "hasnt": "hasn't", "hes": "he's", "shes": "she's",
    "theyre": "they're", "theyd": "they'd", "theres": "there's", "thats": "that's", "whats": "what's",
    "its": "it's", "youre": "you're", "u": "you", "ur": "your", "r": "are", "ppl": "people",
    "rn": "right now", "tn": "tonight", "2nite": "tonight", "tonite": "tonight", "tmrw": "tomorrow",
    "tmr": "tomorrow", "2moro": "tomorrow", "bf": "boyfriend", "gf": "girlfriend", "bc": "because",
    "cuz": "because", "coz": "because", "wanna": "want to", "gonna": "going to", "gotta": "have to",
    "kms": "kill myself", "kys": "kill yourself", "unalive": "kill", "unaliving": "killing",
    "od": "overdose", "oding": "overdosing", "sh": "self-harm", "thx": "thanks", "thanku": "thank you",
    "cya": "see you", "pls": "please", "plz": "please", "srsly": "seriously", "tbh": "honestly",
    "ngl": "honestly", "idk": "i don't know", "idc": "i don't care", "mum's": "mum", "mom": "mum",
    "myslef": "myself", "my self": "myself", "mysef": "myself", "mysefl": "myself", "kil": "kill",
    "suicde": "suicide", "sucide": "suicide", "suicdal": "suicidal", "sucidal": "suicidal",
    "wana": "want to", "wnt": "want", "n": "and", "xmas": "christmas", "ded": "dead", "ppls": "people's",
    "overdoes": "overdose", "pils": "pills", "tonigt": "tonight", "tonihgt": "tonight", "dieing": "dying",
    # more contractions typed without their apostrophe
    "hadnt": "hadn't", "mustnt": "mustn't", "neednt": "needn't", "aint": "ain't", "theyll": "they'll",
    "youll": "you'll", "itll": "it'll", "thatll": "that'll", "theyve": "they've", "youve": "you've",
    "weve": "we've", "whos": "who's", "wheres": "where's", "wouldve": "would've", "couldve": "could've",
    "shouldve": "should've", "mightve": "might've", "everyones": "everyone's",
    "nobodys": "nobody's", "noones": "no one's", "somethings": "something's", "hed": "he'd",
}
_WORD = re.compile(r"[a-z0-9']+(?: self\b(?!-))?")
_DROPPED_G = re.compile(r"\b(want|gett|think|sitt|collect|look|watch|wait|morn|leav|starv|say|com|go|try|feel|cutt|"
                        r"hurt|burn|tak|plann|hid|hop|wish|stand|drink|liv|dy|kill|stalk|follow|hitt|beat|talk|"
                        r"runn|driv|lett|giv|writ|sleep)in\b")
_WANT2 = re.compile(r"\b(want|wanna|need|going|have|ready|deserve|plan|like|time|how) 2\b")


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, single spaces, punctuation dropped except apostrophes."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[^\w'\s-]", " ", text)
    return " ".join(text.split())


def spell(text: str) -> str:
    """``text`` in one spelling: contractions restored and text-speak spelled out."""
    text = normalise(text)
    text = _WANT2.sub(r"\1 to", text)
    text = _DROPPED_G.sub(r"\1ing", text)
    return _WORD.sub(lambda m: _SPELLING.get(m.group(0), m.group(0)), text)


_BREAK = re.compile(r"(?<=[.!?;])\s+|\s*\n+\s*|\s+(?:but|although|though|whereas)\s+|\s*[.!?]+\s*$")


def sentences(text: str) -> list[str]:
    """``text`` split into sentences (and at "but"), each in one spelling."""
    out = []
    for part in _BREAK.split(text or ""):
        if part and (norm := spell(part)):
            out.append(norm)
    return out


# -- concepts ------------------------------------------------------------------------------

_I = r"(?:i|i'm|i am|i've|i have|i'd|i had|i'll|i will|me)"
_FEEL = r"(?:i feel like|i feel|feel like|feels like|i think|i kind of|i sort of|i just|i really|i honestly|honestly i)"
_WISH = (r"(?:want(?:ed)? to|want|need(?:ed)? to|going to|plan(?:ning)? (?:to|on)|planned to|about to|ready to|"
         r"decided to|deserve to|have to|should|will|might|wish i could|wish i was|would rather|am going to|"
         r"think(?:ing)? (?:about|of)|thought about|keep thinking about|can't stop thinking about|"
         r"fantasi[sz](?:e|ing) about|daydream(?:ing)? about|dream(?:ing)? of|considering|contemplating|"
         r"tempted to|urges? to|trying to work up the nerve to|work up the nerve to|hoping to|hope to|"
         r"googling ways to|looking up ways to|researching ways to|ways to|how (?:to|do i|can i|would i)|"
         r"wish(?:ing)?(?: i could| that i could| i was able to)?|hop(?:e|ing)(?: i| to)?|pray(?:ing)?(?: i| to)?|"
         r"would rather|i'd rather|all i want is to|the only thing i want is to|longing to|long to|"
         r"itching to|craving to|trying to|try to|tried to|going to try to)")
_OWNER = r"(?:my|mine|the|a|his|her|dad's|mum's|mom's|dads|mums|husband's|wife's|partner's|parents')"
_MEANS = (r"(?:pills?|tablets?|painkillers|paracetamol|tylenol|sleeping pills|meds|medication|"
          r"prescription|insulin|rope|noose|belt|razors?|razor blades?|blades?|knife|knives|gun|rifle|"
          r"pistol|shotgun|firearm|bleach|poison|weed ?killer|antifreeze|charcoal|exhaust|hose|"
          r"medicine cabinet|bottle of pills|stash|ledge|bridge|tracks|train line|overpass|cliffs?|"
          r"rooftop|roof|balcony|top floor)")
_NOUNS = (r"(?:wife|husband|partner|boss|manager|supervisor|mum|mom|dad|father|mother|stepdad|stepfather|stepmum|"
          r"stepmom|stepson|stepdaughter|brother|sister|baby|babies|newborn|toddler|kids?|children|child|son|"
          r"daughter|girlfriend|boyfriend|ex|ex-wife|ex-husband|neighbou?rs?|teachers?|roommates?|flatmates?|"
          r"housemates?|coworkers?|co-workers?|colleagues?|family|classmates?|class|students|pupils|team|"
          r"landlord|uncle|aunt|cousin|nephew|niece|grandma|grandad|grandmother|grandfather|in-laws|"
          r"mother-in-law|father-in-law|friends?|bully|bullies|guy|man|woman|girl|boy|lad|bloke|people|"
          r"person|customer|customers|patient|patients|client|clients|doctor|nurse|officer|cop|driver|"
          r"carer|caregiver|coach|pastor|priest|bf|gf|strangers?|women|men|girls|boys|kids)")
_PERSON = (rf"(?:him|her|them|someone|somebody|anyone|anybody|people|everyone|everybody|them all|all of them|"
           rf"strangers|random people|children|kids|women|men|girls|boys|students|classmates|coworkers|"
           rf"the first person|whoever|(?:my|the|that|this|those|these|his|her|their|our|a|some|every) "
           rf"(?:[\w'-]+ ){{0,2}}{_NOUNS})")
_HARMER = (rf"(?:he|she|they|someone|somebody|a man|a guy|this guy|this man|a stranger|"
           rf"(?:my|her|his|our|the) (?:[\w'-]+ ){{0,2}}{_NOUNS}|my mum's (?:new )?(?:husband|boyfriend|partner)|"
           rf"moms? new (?:husband|boyfriend)|mum new (?:husband|boyfriend))")
_TIMING = (r"(?:tonight|tomorrow|today|this (?:weekend|week|evening|afternoon|morning|friday|saturday|"
           r"sunday|monday|month)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
           r"next (?:week|weekend|month)|at midnight|after (?:work|school|christmas|the holidays|my|the|"
           r"everyone|the kids|[a-z]+ (?:falls?|goes|leaves?|gets?) (?:asleep|to bed|out|home))|"
           r"before (?:the|my|rent|christmas|morning|anyone)|right now|soon)")
_BODY = (r"(?:arms?|wrists?|legs?|thighs?|skin|stomach|hips?|body|head|face|hands?|knuckles|fingers|"
         r"scars?|cuts?|wounds?|ribs)")
_PAST = re.compile(
    r"\b(?:used to|years? ago|months? ago|a long time ago|long ago|when i was (?:a |\d+|younger|little|in|at|a teen)|"
    r"back when|back then|"
    r"as a (?:teen|teenager|kid|child|student)|in my (?:teens|twenties|20s)|at \d\d\b|last (?:winter|summer|"
    r"spring|autumn|year)|in uni|at uni|in school|in high school|after my attempt|that was the depression|"
    r"i haven't in|haven't (?:cut|self-harmed|harmed myself) in|since i last|how far i've come|"
    r"how far ive come|in recovery|i'm in a good place|doing (?:so )?much better|i'm good now|i'm doing better|"
    r"therapy helped|they're gone now|it stopped|stopped once|the anniversary of my attempt|"
    r"looking back|recovery story|i survived|survivor|(?:self-harm|harm|cutting|suicide|attempt)[- ]free|"
    r"(?:clean|free|sober) (?:for|since) (?:\w+ )?(?:years?|months?|weeks?|days?)|(?:years?|months?) (?:clean|free)|"
    r"old (?:urges|thoughts|habits)|worked through|never used|i'm \d+ now|now i (?:actually )?(?:enjoy|love|"
    r"am happy|have)|recovering from|recovered from|got through|i once|once stood|talked me down|old journals?|"
    r"i'm okay now|"
    r"i'm ok now|i'm fine now|have faded|has faded|didn't think i'd see|i'm safe now|"
    r"that was (?:in )?(?:\d{4}|years)|in (?:19|20)\d\d|(?:have|has|are) gone|went away|called (?:a|the) (?:helpline|"
    r"crisis line|samaritans|someone) instead|"
    r"now i(?:'m| am) (?:(?:so|much|doing|feeling|a lot) )?(?:okay|ok|fine|safe|well|"
    r"better|happy|happier|glad|grateful|stable|healthy|sober|clean|thriving|recovered|in a (?:good|better) "
    r"place|on the other side|(?:a|an) (?!burden|mess|wreck|danger|problem|drain|liability|shell|ghost)[a-z]+)|"
    r"sober (?:for )?\d+|\d+ (?:months?|years?) sober|on suicide watch|i (?:had|'d) (?:planned|tried|wanted|thought|"
    r"attempted|been (?:suicidal|self-harming|cutting))|i'd (?:planned|tried|wanted)|when i was (?:self-harming|"
    r"cutting|"
    r"suicidal|at school|in school|bullied|a kid|young)|the worst of it|my old plan|"
    r"(?:not|haven't|havent|have not) (?:hit|cut|hurt|harmed|burned|burnt) myself in (?:over )?\w+ (?:yrs?|years?|"
    r"months?|weeks?)|spent my (?:teens|twenties|childhood|school years)|"
    r"years back now|i'm grand|when i was (?:\w+teen|nineteen|twenty|thirty|forty|fifty)\b|"
    r"(?:all through|throughout|during) my (?:teens|twenties|"
    r"school years|childhood)|from (?:about )?(?:\w+) to (?:\w+teen|nineteen|twenty)\b|"
    r"(?:it'?s|its) been (?:\w+ )?years(?: now)?(?=,? and i'?m)|over (?:the|my) old (?:marks|scars)|"
    r"i grew up (?:in|with) (?:a|an) (?:house|home|family|dad|mum|father|mother)|made me (?:feel|think|"
    r"believe)|(?:it'?s|its) been (?:\w+ )?(?:years?|months?) since|(?:she's|he's|they're) (?:\w+ )?now and i'?m "
    r"(?:well|okay|ok|fine|better))\b")
_FICTION = re.compile(
    r"\b(?:my character|his character|her character|the character|a character|characters?|novel|screenplay|"
    r"script|story|stories|film|movie|scene|episode|season|show|series|song|lyrics?|sing|singing|band|album|"
    r"poem|poetry|(?:a|the|school|our) play\b|actor|rehearsing (?:a|the|my) (?:scene|play|lines|part|role)|game|gaming|"
    r"boss fight|"
    r"final boss|larp|tabletop|d&d|dnd|book|podcast|documentary|hamlet|ophelia|romeo|juliet|villain|hero|"
    r"true crime|horror|zombie|vampire|ghost|fan ?fic\w*|fan fiction|minecraft|fortnite|roblox|mario ?kart|among us|"
    r"call of duty|the sims|zelda|pokemon|fifa|warhammer)\b")
_OTHER_DEATH = re.compile(
    r"\b(?:my|his|her|their|our|a|the) (?:[\w']+ ){0,2}(?:died|passed|was killed|killed himself|killed herself|"
    r"took (?:his|her|their) (?:own )?life|died by suicide|committed suicide)\b|"
    r"\b(?:friend|dad|mum|father|mother|brother|sister|son|daughter|uncle|aunt|cousin|colleague|patient|"
    r"student|client)(?:'s)? (?:[\w']+ )?(?:died by suicide|killed (?:himself|herself)|took (?:his|her) own life|"
    r"suicide)\b")

# Idioms and hyperbole that use crisis words for something else: removed before the frames read.
_IDIOMS = re.compile(
    r"\b(?:(?:finally |to )?go(?:ing)? through with it\b(?=[:,;]? (?:i'm|im|i am|we're|i've|and) (?:[\w']+ )?"
    r"(?:handing|moving|opening|quitting|leaving|booking|getting|starting|signing|buying|selling|retiring|applying|"
    r"telling|running|taking|going back|asking|proposing|doing))|"
    r"so (?:hot|spicy|funny|embarrass\w*|scary|tired|full|cold|awkward|good|nervous)\b.{0,25}\b(?:going to|gonna) "
    r"die\b|(?:want to|wanna) disappear (?:under|into|in) (?:my |the |a )?(?:duvet|covers|blanket|good book|book|bed|"
    r"sofa|hoodie|crowd|film|series)|cut (?:our|my|your|their|the) losses|stop living (?:for|by|according to) "
    r"(?:other people|others|everyone|my|their|someone|what)|(?:won't|will not|wont) be around [\w' ]{0,20}"
    r"(?=,? (?:i'm|im|i am|we're) (?:on holiday|away|travelling|off|at a|in))|ready to go (?:full|out|home|shopping|"
    r"back|on holiday)|passwords for my \w+ in case|rope burn|on my last legs|twist(?:ed|ing|s)? the knife|"
    r"(?:if (?:i hear )?)?one more\b.{0,80}\b(?:walk(?:ing)? into the sea|lie down (?:in|on))|"
    r"(?:sooner|rather) walk into the (?:sea|river|lake) than|"
    r"walk into the (?:sea|river) (?:if|before) (?:i|i have to) (?:hear|do|see|plan|sit)|"
    r"rope\b.{0,40}\b(?:harness|chalk|climb\w*|belay|carabiners?)|(?:harness|climbing)\b.{0,40}\brope|"
    r"(?:finally )?doing it,? (?:this|next) \w+(?=[:!,]? .{0,30}(?:booked|we leave|trip|flying|moving|holiday))|"
    r"saying goodbye to everyone(?=.{0,40}\b(?:starting fresh|new job|moving|fresh start|leaving do))|"
    r"letters? for my (?:kids|children|son|daughter|grandchildren) to open (?:on|at|when)|"
    r"(?:psoriasis|eczema|rash|tattoos?|birthmark)\b.{0,40}long sleeves|"
    r"bang my head (?:on|against) (?:the |a )?(?:wall|desk|table|keyboard)(?=\W*(?:lol|haha|lmao))|"
    r"jump in at the deep end|"
    r"(?:could|can|would) (?:literally |honestly )?(?:strangle|murder|kill|"
    r"throttle) (?:my|the) (?:whole |entire )?(?:team|class|group|office|family|department|flatmates|housemates)|"
    r"(?:like|as if|feels like) (?:jumping|jump|stepping) off a cliff|goodbye letter to my "
    r"[\w' ]{0,25}(?:graveside|grave|funeral|memorial|headstone)|"
    r"nothing (?:left |more )?to do (?:tonight|today|now|for now)(?! but)|say sorry (?:sincerely|when i)|"
    r"(?:is|are|was|were|it's|that's|this|these|those|\w+ing) (?:[\w']+ )?(?:killing|murdering) me\b(?: slowly)?|"
    r"killing (?:it|myself laughing|me laughing)|kill(?:ing)? (?:the|my) (?:lights?|engine|mood|vibe|time|"
    r"battery|bugs?|process|music)|kill (?:it|for a|for an|for some|for that|to have|to get|to be)|"
    r"dying (?:to|for|of laughter|laughing|inside)|die (?:laughing|of (?:embarrassment|boredom|shame|"
    r"cuteness))|to die for|(?:i'm|i am) (?:so )?dead(?: tired| on my feet| meat)?$|dead (?:tired|on my feet|"
    r"meat|serious|set|last|end|beat|battery)|drop dead|knocked 'em dead|over my dead body|"
    r"(?:could|would|will) (?:literally )?die (?:if|when|of|from)|(?:i'll|i will|i'd|i would|i could) "
    r"(?:literally )?die\b(?! tonight| soon| today)(?= if| when| of| from|$)|"
    r"i'd rather (?:die|be dead) than (?!live|be alive|go on|wake)|rather (?:die|be dead) than (?!live|be alive|go on|"
    r"wake)|"
    r"so (?:bored|embarrassed|hungry|tired|full) i could (?:die|eat a horse|sleep)|"
    r"murder (?:a|this|that|some|the whole|an?) (?:[\w']+ )?(?:pizza|curry|burger|kebab|box|drink|pint|"
    r"coffee|cake|cookies|snack|sandwich)|"
    r"(?:shot|shoot) myself in the foot|shoot me,? i have|kill me now,|bury the hatchet|"
    r"(?:wifi|phone|battery|laptop|plant|plants|car|battery) (?:keeps |is |was )?dying|"
    r"(?:game|level|boss|match) (?:i keep )?dying|keep dying (?:on|in) the|"
    r"the death of me|(?:nearly|almost) killed me|(?:nearly|almost) died when|nearly finished me off|"
    r"scared to death|bored to death|worried sick|sick to death|killer (?:workout|heels|app|deal)|"
    r"fake my own death|kill two birds|two birds,? one stone|cut (?:myself )?(?:some |a little )?slack|"
    r"(?:embarrass\w*|awkward|cringe\w*|mortified)\b.{0,40}\b(?:disappear|die|dead|vanish)\b|"
    r"(?:end|ending|ended) (?:it|things) (?:with|between) (?:my|her|him|them|us|me)(?: [\w']+)?|"
    r"(?:boring|bored|hangover|hungover|lecture|meeting|homework|baby shark|traffic|"
    r"queue)\b[\w' ]{0,40}\b(?:want to die|"
    r"wish i was dead|wish i were dead|kill me|walk into the sea)|(?:want to die|wish i was dead|walk(?:ing)? into the "
    r"sea)\b"
    r"[\w' ]{0,40}\b(?:boring|bored|hangover|hungover|lecture|meeting|homework|lol|lmao|tequila)|"
    r"(?:scared|afraid|worried|terrified|fear|nervous|frightened) (?:that )?i (?:won't|will not|might not|don't|wont) "
    r"wake up|(?:my )?last day (?:at|of|in|on) (?:this |my |the )?(?:job|work|office|school|company|team|course|"
    r"placement|internship|uni|term|holiday)|goodbye (?:meditation|party|card|speech|drinks|lunch) for|"
    r"(?:beats?|beat) (?:me|us) (?:at|in|to|hands down|every time)|beats me (?:why|how)|bungee (?:jump\w* )?(?:off|"
    r"from) "
    r"(?:a|the) (?:bridge|crane|cliff)|bungee|kill(?:ing)? myself (?:with|over|studying|working|at the gym|on this|for "
    r"this)|"
    r"hanging by a thread|crawl (?:into|under) a (?:hole|rock)(?: and (?:never|not) come out)?|"
    r"(?:joke|joking|jokes|kidding) (?:to [\w' ]+ )?(?:that|about) i (?:want to|could|should) [\w' ]+|"
    r"disappear to (?:a|the|some) |disappear (?:for|off) (?:a|the|this) "
    r"(?:weekend|week|day|few days|face of the earth)|kill (?:it|the lights) (?:at|on|in) (?:the|my)|(?:literally|"
    r"actually) (?:going to |gonna )?die\b(?! tonight)|"
    r"(?:going to|gonna) die (?:if|when|of|from)\b|want to die,? (?:this|my|the) (?:hangover|cold|flu|headache|"
    r"migraine|period|cramps|commute|meeting|traffic)|my life is over\b(?= if| when)|"
    r"(?:parents|mum|dad|mom|boss|teacher|coach|wife|husband|sister|brother) (?:is |are )?(?:going to|will) "
    r"(?:literally )?kill me|going to kill us all|wants? to murder me when)")

# The classifier reads only sentences that hold one of these words or phrases: the model alone never flags plain text.
LEXICON = re.compile(
    r"\b(?:die|dying|died|dead|death|kill(?:ing|ed)?|suicid\w*|end(?:ing)? (?:it|things|my life|everything)|"
    r"alive|exist\w*|gone|goodbye|bye|last (?:time|night|message|day|week)|pills?|tablets|rope|noose|gun|knife|"
    r"blade|razor|bridge|ledge|roof|tracks|jump\w*|overdos\w*|"
    r"(?:hurt|harm|hit|punish|cut|burn|burned|burnt|cutting|hurting|harming|hitting|burning)(?:ing)? "
    r"(?:myself|my (?:arms?|wrists?|legs?|thighs?|skin|body|baby|kids?|son|daughter|wife|husband|partner|child)|"
    r"him|her|them|someone|people|me)|self-harm|cuts|scars|bleed\w*|blood|pain|"
    r"threat\w*|scared|afraid|unsafe|abus\w*|touch(?:es|ed|ing) me|locked|plan(?:ned|ning)?|tonight|forever|"
    r"anymore|any more|burden|without me|(?:not|never) wake up|disappear\w*|not be here|no point|sorry|"
    # places and means, acts and farewells, told without a crisis word
    r"pier|cliffs?|platform|railway|level crossing|multi[- ]?storey|car park|parapet|viaduct|quarry|reservoir|"
    r"harbour|canal|river|motorway|footbridge|overpass|flyover|trains?|edge|looking down|step(?:ping)? off|"
    r"insulin|morphine|paracetamol|antidepressants|meds|stash|hose|charcoal|belt|cord|rifle|revolver|shotgun|"
    r"lighter|candle|compass|scissors|sharpener|antifreeze|bleach|poison|pellets|petrol|diesel|matches|acid|"
    r"machete|crossbow|bat|crowbar|hammer|cutlass|brick|marks|lines|burns?|scratch\w*|punch\w*|pulling|bald|"
    r"punish\w*|deserve|countdown|chosen|the date|one[- ]way|single|letters?|note|rehomed|won't need|weight|"
    r"better off|hop(?:e|ing) (?:it|that|the|something|a)|neck|throat|chok\w*|strangl\w*|footsteps|following|"
    r"tracker|hiding|wardrobe|shouting|bones?|shak(?:e|ing)|shook|pillow|cot|blacked out|food|tea|drink|"
    # the same concepts in other words: what is done to a body and with what, a finality, an act on someone else,
    # a danger told as a situation (plurals and other forms count: "blades", "razors", "surviving")
    r"blades|razors|knives|teaspoon|hob|broken glass|wire brush|nails|"
    r"my (?:[\w']+ )?(?:arms?|legs?|thighs?|wrists?|hips?|stomach|skin|eyebrows|eyelashes|lashes)|raw|sting\w*|"
    r"permanent\w*|final\w*|for good|stop (?:being|living|breathing)|(?:give|gave|giving) up on|"
    r"my life (?:over|to end)|"
    r"not (?:be )?here|won't be|ready now|at peace|(?:the|my) will|clean slate|break from me|free of me|surviv\w*|"
    r"should have been me|happens? to me|switch off|intend\w*|intention|follow (?:him|her|them)|how and when|"
    r"least painful|painless|act on it|go through with|talk me out|afterwards|"
    r"shov\w*|slap\w*|through the window|off the road|never find|found (?:out|the)|looking for (?:me|us)|refuge|"
    r"shelter|documents|passports?|go missing|get out|in here|downstairs|live alone|on my own|inhaler)\b")

# -- frames --------------------------------------------------------------------------------

_STRONG: dict[str, tuple[str, ...]] = {
    # Explicit statements: read even when another clause of the sentence tells a story.
    "suicide": (
        r"\b(?:i'm|i am|i've been|i have been|feeling|i feel|i get|getting|been) (?:so |really |very |"
        r"extremely |pretty |quite |a bit |kind of |kinda )?suicidal\b",
        r"\bsuicidal (?:again|tonight|today|right now|thoughts|feelings|urges|ideation)\b",
        r"\b(?:i|i'm|i am|i'll|i will|i've|i'd|want to|going to|gonna|will|ready to|need to|about to) "
        r"(?:[\w']+ ){0,3}(?:kill|killing|kill) myself\b",
        r"\bcommit(?:ting)? suicide\b",
        r"\b(?:end|ending|take|taking) my (?:own )?life\b",
        r"\bsuicide (?:note|letter|plan|attempt tonight)\b",
        r"\b(?:i|i'm|i've|i'll|i'd|me|myself|want to|going to|thinking (?:about|of)|considering|planning|plan to|"
        r"take|taking|took|do|did|tempted to) (?:[\w']+ ){0,3}(?:an )?(?:overdose|overdosing|overdosed)\b"
        r"(?! (?:management|treatment|training|calls?|patients?|class|cases?|protocol|awareness|kit|her|him|them|"
        r"my (?:mum|mom|dad|son|daughter|patient|child|baby|gran|nan)|the (?:baby|dog|cat|patient)))",
        r"^kill myself\b|\bkill myself (?:honestly|lol|tbh|rn|right now|tonight|today)\b",
    ),
}

# Situations of risk told without a crisis word: at a place of means with a sign of risk, means gathered or set
# out, a passive hope that something ends it, a chosen day or place, farewells made by acts. Also read across
# two neighbouring sentences ("I'm on the pier. There's nobody here.").
_AT = (r"(?:i'm|im|i am|i've been|been|sitting|sat|standing|stood|parked|stopped|waiting|lying|perched|climbed|"
       r"walked|driven|drove|came|come|gone|went|here|now|still)")
_PLACE_OF_MEANS = (r"(?:bridge|footbridge|flyover|overpass|viaduct|pier|jetty|cliffs?|cliff (?:edge|path|top)|"
                   r"edge of the cliff|platform|railway(?: line| bridge)?|train (?:line|tracks)|tracks|level crossing|"
                   r"multi[- ]?storey|car park|parking (?:garage|structure|lot roof)|rooftop|roof|parapet|ledge|"
                   r"window ledge|balcony|top floor|quarry|reservoir|harbour wall|sea wall|canal|river|lake|"
                   r"dam|motorway|dual carriageway|bypass|hard shoulder)")
_RISK_AT_PLACE = (r"(?:looking down|look down|leaning over|lean over|stepping off|step off|one step|the edge|"
                  r"wrong side|other side of the (?:fence|railing|barrier)|over the (?:railing|fence|barrier|wall)|"
                  r"legs (?:are )?(?:out|over|dangling|hanging)|over the side|"
                  r"(?:want|going|ready|about) to (?:just )?let go|"
                  r"(?:missed|let) (?:\w+ )?(?:trains|buses)|the next (?:train|one)|"
                  r"yellow line|fast trains|trains (?:go|come|going|coming|thru|through)|"
                  r"(?:not|don't|dont|won't|wont) (?:want to )?(?:come|go|going|climb|get) (?:back|down|home|inside)|"
                  r"not sure i'm going back|can't (?:make myself )?(?:go|come|get) (?:back|down|home)|"
                  r"stones in|shoes (?:are )?off|water'?s? (?:is )?(?:deep|black|cold|calm)|slide in|"
                  r"(?:walked|walking|waded|wading) (?:in|into the water|into it) up to|"
                  r"so easy|be easy|how easy|nobody(?: else)? (?:is )?(?:up )?here|"
                  r"no one(?: else)? (?:is )?(?:up )?here|"
                  r"nobody around|on my own up here|it'?s (?:very )?quiet (?:up )?here|holding on|"
                  r"been here (?:for )?(?:an|about an|over an|\d+|two|three) (?:hour|hours)|"
                  r"for a long time|for ages|again\.? (?:third|second|every))")
_MEANS_HELD = (r"(?:pills?|tablets|paracetamol|painkillers|insulin|morphine|antidepressants|sleeping pills|"
               r"meds|medication|medicine|gun|rifle|revolver|pistol|shotgun|rope|cord|belt|hose|razor|blade|"
               r"charcoal|stash|stuff|everything from the medicine cabinet|what i need|the means)")
_FRAMES_SITUATION = (
    # at a place of means, with a sign of risk in the same sentence or the next
    rf"\b{_AT} (?:[\w']+ ){{0,4}}(?:on|at|by|onto|up on|up at|to|in|near|over|above|under) (?:the )?"
    rf"(?:[\w'-]+ ){{0,3}}{_PLACE_OF_MEANS}\b.{{0,120}}\b{_RISK_AT_PLACE}",
    rf"^(?:on|at|by|top of|up on) (?:the )?(?:[\w'-]+ ){{0,3}}{_PLACE_OF_MEANS}\b.{{0,120}}\b{_RISK_AT_PLACE}",
    rf"^(?:on|at) the (?:[\w'-]+ )?{_PLACE_OF_MEANS}\.?$",
    r"\b(?:thinking|think|thought) (?:about|of) (?:stepping|jumping|walking|driving|swerving|falling|stepping out) "
    r"(?:off|out|in|into|in front|over)\b",
    r"\b(?:step|stepping|walk|walking) (?:out )?in front of (?:it|a|the|one)\b",
    r"\b(?:yank|yanking|swerve|swerving|steer|steering|turn|turning) (?:the wheel )?into (?:the )?(?:[\w'-]+ )?"
    r"(?:reservation|barrier|wall|tree|lorry|truck|oncoming|traffic|river|bridge)\b",
    # means at hand, gathered, counted or set out
    rf"\b(?:collected|gathered|saved|saved up|stockpiled|hoarded|hidden|hid|kept|keeping|stashed|lined|laid out|"
    rf"counted|bought|ordered|got|have|i've got|ive got|took) (?:[\w']+ ){{0,4}}(?:{_MEANS_HELD})\b"
    rf".{{0,80}}\b(?:in front of me|on the (?:bed|table|desk|floor|counter)|next to me|beside me|in my (?:bag|room|"
    r"pocket|lap|hand)|under my bed|lined (?:them |it )?up|how much (?:is enough|it would take|would do it|i need)|"
    r"enough to|so (?:they|he|she|the pharmacist) wouldn'?t ask|from (?:\w+ )?(?:diff(?:erent)? )?(?:shops|chemists|"
    r"pharmacies)|i'm not (?:going to be )?(?:cooking|using it for)|it came today|arrived today|arriving|"
    r"for myself|for me|i keep (?:looking at|picking|thinking)|put(?:ting)? it to my|loaded|tonight)",
    r"\b(?:every|all the|all my|a (?:month|months|year)'?s? (?:worth )?of (?:my )?)(?:pills?|tablets|meds|medication|"
    r"insulin|painkillers|antidepressants)\b.{0,60}\b(?:saved|collected|lined|stockpiled|kept|hidden|enough|"
    r"in front of me|on the bed|on the table)\b",
    rf"\b(?:{_MEANS_HELD})(?:'s| is| are)? (?:already )?(?:loaded|tied|ready|set up|in front of me|on the "
    rf"(?:table|bed|floor)|next to me)\b",
    r"\b(?:saved|saved up|kept|stockpiled) (?:\d+|enough|a month of|months of) (?:of )?(?:my )?[\w']+ ?(?:pills|"
    r"tablets|meds|insulin|antidepressants)?\b.{0,40}\b(?:stopped taking|so i could|enough|know how much)\b",
    r"\bhow much (?:of (?:it|them) )?(?:is enough|would (?:it )?take|would do it|it would take)\b",
    # hoping, passively, that something ends it
    r"\b(?:hope|hoping|hoped|wish|wishing|wished|pray|praying|asking god|ask god) (?:[\w']+ ){0,8}(?:goes down|"
    r"crash(?:es)?|takes me|take me|comes back|gives out|goes wrong|go wrong|finishes me|finished me|"
    r"something serious|was my heart|is my heart|comes down on|hits me|hit me|ends me|kills me|i don't wake|"
    r"it would get corrected|it had been me|had let me go|let me go|for it to be over|for an accident|"
    r"incurable|terminal)\b",
    r"\b(?:jealous|envious) of (?:people who'?ve died|the dead|the person in the coffin|those who (?:die|died))\b|"
    r"\b(?:at least|lucky) they get an ending\b|\bswap places with (?:anyone|someone) (?:who|on)\b.{0,40}"
    r"\b(?:died|dying|ending|cancer|terminal)\b",
    r"\b(?:wish|wished|wishing) (?:i|i'd|i had|i hadn't|i hadnt) (?:not |never )?(?:survived|woken|made it|"
    r"been saved|pulled through)\b|\bwish (?:they|the hospital|the doctors|you) (?:had )?(?:let me go|"
    r"hadn't saved me)\b",
    r"\b(?:wouldn't|wouldnt|would not|don't|dont|do not) (?:even )?(?:mind|be upset|care) if (?:a|the|my) "
    r"(?:bus|car|lorry|truck|train|plane|heart|tree|storm|accident|something)\b",
    r"\b(?:easier|lighter|better|fine|more room|breathe easier|manage(?: fine)?|better off) (?:[\w']+ ){0,4}"
    r"(?:without me|with me gone|once i'?m gone|when i'?m gone|if i (?:wasn't|weren't|was not|were not) "
    r"(?:here|in it|around|there))\b",
    r"\b(?:i'm|i am|feel like) (?:just )?(?:a|the) (?:weight|burden|drain|problem) (?:on|to|for|in) "
    r"(?:all of )?(?:them|everyone|my family|that house|my kids|the family|you all)\b",
    r"\b(?:taking up|take up) (?:space|room|air|oxygen) (?:that|which) (?:someone|somebody) (?:else )?"
    r"(?:who )?(?:actually )?(?:wants|deserves|should)\b",
    r"\b(?:never|not) (?:to )?have (?:existed|been born)\b.{0,40}\b(?:would|i'd|press|choose)\b|"
    r"\b(?:press|pressed) a button and (?:never|not) (?:have )?(?:existed|be here|been born)\b",
    r"\bnothing (?:left |else )?(?:to do |for it )?(?:but )?(?:to )?(?:die|end it|end my life|disappear|"
    r"sleep forever)\b",
    r"\b(?:lived|living) too long\b|\bwhy i keep waking up\b|\b(?:happily|gladly|rather) not be here\b",
    r"\bfor it to be over\b.{0,40}\b(?:mean me|not the day)\b|\bi mean me\b",
    # plans: a chosen day, place or way, and the act put in order
    r"\b(?:chosen|chose|picked|fixed|decided on|settled on) (?:the |a |my )?(?:date|day|night|spot|place)\b"
    r"(?! for (?:my|the|our|a))"
    r".{0,80}\b(?:nobody knows|no one knows|won't be|not coming|don't come|follow (?:him|her|them)|counting|"
    r"quiet enough|everyone will be|when it happens|once they|the last|to go|i'll go|i will go|done)\b",
    r"\b(?:put|putting|hold|holding|held|pressed|pressing) (?:it|the gun|the barrel|the blade|the knife|the "
    r"razor) (?:to|against|under) my (?:head|throat|wrists?|temple|chest|chin)\b",
    r"\b(?:where|when),? (?:when|where|how),? (?:and )?(?:how|where|when)\b",
    r"\bcountdown\b.{0,60}\b(?:nobody knows|no one knows|what it'?s counting|days left|left\.?$)\b|"
    r"\bcounting (?:weeks|days|down),? not (?:years|months)\b",
    r"\b(?:single|one[- ]way) (?:ticket )?(?:to|for)\b.{0,80}\b(?:not coming back|don't intend|dont intend|"
    r"won't be coming|no return|still be on)\b",
    r"\b(?:don't|dont|do not|have no|no) (?:intend(?:ion)?|plan(?:s)?) (?:of |to )?(?:still be|checking out|"
    r"coming (?:back|home)|be here|be on)\b",
    r"\b(?:the last thing|then the last thing)\b.{0,40}\b(?:list|errand|week)\b|\b(?:to-do|to do) list\b.{0,120}"
    r"\b(?:the last thing|and then me|goodbye)\b",
    r"\b(?:no loose ends|nothing left to sort|clean slate)\b.{0,60}\b(?:go|gone|leave|end)\b",
    r"\bdon'?t come (?:home|back)\.?$|\bnot coming (?:back|home)(?: from)?\b(?! (?:till|until|for|before))",
    # farewells by acts
    r"\b(?:rehomed|rehome|found a home for|sorted out who has|given|gave) (?:[\w']+ ){0,3}(?:the )?(?:cats?|dogs?|"
    r"pets?)\b.{0,80}\b(?:i'm not (?:travelling|going)|without me|won't need|not coming back|he'll be alright|"
    r"she'll be alright|they'll be alright)\b",
    r"\b(?:it was|was) the last time\b|\bthe last (?:time|hug|call) (?:they|she|he|you|anyone)'?ll\b|"
    r"\b(?:doesn't|doesnt|don't|dont) know it (?:was|is) (?:the last|goodbye)\b",
    r"\b(?:i was|i'm|i am|was) saying goodbye\b|\bsaying goodbye (?:without|to (?:everyone|the people))\b",
    r"\b(?:sorry|apologi[sz]e) (?:i couldn'?t|that i couldn'?t|for not being able to) (?:stay|be here|hold on)\b",
    r"\bit'?ll be needed soon\b|\b(?:you'll|you will|they'll) (?:all )?have (?:a lot )?more room soon\b|"
    r"\bi'?ve made sure of it\b",
    r"\b(?:cancelled|cancelling|canceled) (?:my )?[\w']+(?:, (?:my )?[\w' ]+)* and (?:my )?[\w' ]+\.? no point "
    r"keeping\b",
    r"\b(?:where everything is|the passwords|the pension)\b.{0,80}\b(?:letter|pillow|note)\b",
)

# Self-harm, harm to others and danger told as acts and situations, with no crisis word.
_SELF_TOOL = (r"(?:razors?|blades?|sharpener(?: blade)?|pencil sharpener|compass(?: point)?|scissors|knife|lighter|"
              r"cigarette|iron|candle|teaspoon|spoon|glass|broken (?:bits of )?(?:a )?(?:cd|glass|mirror)|"
              r"hair (?:bobble|band|tie)|elastic band|wire brush|belt|nails|fingernails)")
_FRAMES_SELF = (
    r"\b(?:did|done|do) (?:it )?(?:more|some more|again)\b.{0,40}\b(?:tonight|last night|today|"
    r"this (?:week|evening|morning)|before tea|now|rn|right now|b4 bed|before bed)\b",
    r"\b(?:want|wanna|going|gonna|need) (?:to )?(?:do|add|make) (?:more|another|some more|new ones)\b"
    r"(?! (?:work|money|friends|exercise|sessions|of this|of these|meditations?|affirmations?|rituals?))",
    rf"\b(?:get|got|getting) (?:the|my) {_SELF_TOOL} out\b|\b(?:the|my) {_SELF_TOOL}'?s? (?:is )?out on\b|"
    rf"\bhold(?:ing)? my (?:arm|hand|wrist|leg) over the (?:candle|flame|hob|lighter)\b",
    r"\b(?:until|till|til) (?:it|they) (?:bleeds?|bled|stings?|is raw|are raw|split|blisters?)\b.{0,60}"
    r"\b(?:still|again|more|keep|can't stop|cant stop|want|don't want to stop|dont want to stop)\b|"
    r"\b(?:still|again|more|keep|can't stop|cant stop)\b.{0,40}\b(?:until|till|til) (?:it|they) (?:bleeds?|bled)\b",
    r"\b(?:press|pressing|pressed|burn|burning|burned|burnt|scald|scalding|scratch|scratching|claw|clawing|"
    r"bite|biting|punch|punching|pinch|pinching|snap|snapping|scrub|scrubbing|dig|digging) "
    r"(?:[\w']+ ){0,5}(?:into |on |at |under )?(?:my|the back of my|myself)\b.{0,60}\b(?:on purpose|"
    r"every night|tonight|now|again|to punish|deserve|keep them open|the only thing)\b",
    r"\b(?:make|made) myself pay for it\b|\b(?:i|that i) deserve (?:the pain|to be (?:hurt|punished|poisoned)|it)\b"
    r".{0,60}\b(?:keep|continue|again|more|until|tonight)\b|\bas (?:a )?punishment\b.{0,60}\b(?:not eating|"
    r"haven't eaten|starv|lost another)\b|\bnot (?:eating|eat) as punishment\b",
    r"\b(?:lines|marks|cuts|burns) on my (?:arms?|legs?|thighs?|wrists?|ankles?|stomach|hips?)\b.{0,80}"
    r"\b(?:tonight|again|more|new ones|planning|want)\b|\b(?:done|did) (?:\w+ )?lines on my\b",
    r"\b(?:pulling|pulled|pull) (?:out )?(?:my )?(?:hair|eyebrows|lashes)\b.{0,60}\b(?:bald|nothing left|"
    r"all (?:evening|night|day)|can'?t (?:make them )?stop|still going|won't stop)\b|\bbald patch\b.{0,60}\bpulling\b",
    r"\b(?:moved to|started) (?:doing it|cutting|burning) (?:in|on) (?:the shower|my upper arms|where)\b|"
    r"\bwhere (?:she|he|they|nobody|no one) can'?t see\b",
    r"\bpress it in deeper\b|\bit'?s already open\b|\bhow deep is too deep\b|\bkeep going over the same line\b",
    r"\b(?:fist|hand|head) (?:through|into|against) the (?:wall|plasterboard|door|mirror)\b.{0,60}"
    r"\b(?:again|still|keep|tonight|times)\b|\b(?:punched|punch|hit|smash(?:ed|ing)?) the (?:bathroom |bedroom )?"
    r"wall (?:till|until) my knuckles\b",
    r"\bswallowing (?:a (?:little )?bit of )?(?:bleach|detergent|poison)\b|\bneed to bleed\b",
)
_VICTIM = (r"(?:him|her|them|his|the baby|my baby|the kids|my (?:son|daughter|toddler|wife|husband|partner|girlfriend|"
           r"boyfriend|dad|mum|father|mother|brother|sister|ex|boss|stepfather|stepdad)|the (?:neighbou?r|teacher|"
           r"guy|kid|dog|cat)(?:'s (?:dog|cat|car))?|\w+'s (?:tea|food|drink|dinner|mug|shake|bowl))")
_FRAMES_OTHERS = (
    r"\b(?:putting|put|putting a few drops|mixed|mixing|crushed|crushing|poured|pouring|slipping|slipped) "
    r"(?:[\w']+ ){0,5}(?:in|into|through) (?:his|her|their|my \w+'s|the \w+'s|its|the sugar|the) "
    r"(?:[\w']+ )?(?:tea|coffee|food|dinner|drink|shake|protein shake|mug|bowl|squash|sugar bowl|letterbox|mince|"
    r"water)\b",
    r"\b(?:antifreeze|rat poison|slug pellets|bleach|eye drops|sleeping tablets)\b.{0,80}\b(?:his|her|their|its|"
    r"mug|tea|food|bowl|shake|dinner|squash|mince|which (?:mug|cup) is)\b",
    r"\b(?:shaking|shook|shake|squeeze|squeezing|pinching|throw|threw|throwing|hold(?:ing)? (?:my|the) hand over|"
    r"holding the pillow over|smother\w*) (?:[\w']+ ){0,4}(?:him|her|the baby|my baby|his (?:mouth|face|arm)|"
    r"her (?:mouth|face|arm))\b.{0,80}\b(?:again|harder|tonight|today|longer|worse|can'?t stop|want to|"
    r"quiet|marks)\b",
    r"\b(?:got|have|i've got|ive got|bought|taking|bringing|brought|with) (?:[\w']+ ){0,3}(?:knife|blade|"
    r"machete|bat|cricket bat|crowbar|hammer|tyre iron|brick|crossbow|air rifle|shotgun|gun|rifle|"
    r"petrol can|petrol|diesel|matches|acid|cutlass)\b.{0,100}\b(?:waiting for|when (?:he|she|they) "
    r"(?:comes?|walks?|finish)|his address|her address|her route|know where (?:he|she|they|his|her)|"
    r"driving to|going in|going round|follow(?:ing)?|tomorrow|tmrw|tonight|saturday|monday|on (?:him|her|them)|"
    r"for (?:the|him|her|them)|school|the match)\b",
    r"\bdrown (?:it|him|her) in the bath\b",
    r"\b(?:going to|gonna|i'll|i will|want to|wanna) (?:stab|glass|batter|end|drown|run|finish|slash|put|"
    r"get rid of) (?:[\w']+ ){0,3}(?:him|her|them|that kid|jake|\w+'s (?:legs|dog|cat)|"
    r"the (?:neighbou?r'?s? )?(?:dog|cat)|my (?:ex|stepfather|father|dad)|her through)\b(?! (?:up|out|off|"
    r"a favour|the dishes))(?=.{0,80}\b(?:tonight|tomorrow|tmrw|with|when|at|off the road|in the bath|"
    r"through the window|he has it|knife|blade|crowbar|cutlass|bats?))",
    r"\b(?:loosened|cut|tampered with) (?:the |her |his )?brake(?: line)?s?\b|\bdrive (?:my |the )?(?:van|car|"
    r"truck) into (?:the )?crowd\b|\brun (?:my|his|her) \w+ off the road\b",
    r"\b(?:arranged|paid|hired) (?:boys|a guy|someone|some lads|men) to (?:deal with|do|sort|hurt|finish)\b",
    r"\b(?:they'll|they will|everyone in [\w ]+) (?:all )?(?:see what happens|gets? what they deserve)\b",
    r"\b(?:do|doing) what i'?ve planned to (?:my|him|her|them)\b|\bmust finish her\b",
)
# Ideation, plans, means and farewells told in everyday words, with no crisis word (the words around them
# carry the meaning: a night that will be the last, a house waiting to be empty, a note left behind).
_FRAMES_QUIET = (
    r"\b(?:i'm|i am|i'll|i will) not (?:going to be|gonna be|be) (?:here|around) (?:after|by|past|beyond|come|"
    r"much after|at) (?:this|the|next|my|christmas|new year|the end)\b",
    r"\b(?:make (?:it|sure) so |so (?:that )?)i (?:never|don't|won't|dont) have to (?:wake up|get up|face|do "
    r"(?:this|another|any of this)|see another|open my eyes) (?:again|another|any more|anymore|ever)\b",
    r"\bi (?:never|won't|don't|dont) (?:have to|need to|want to) wake up again\b",
    r"\b(?:disappointed|gutted|sad|annoyed|upset|angry) (?:to|that i|when i) (?:wake|woke|still wake) up\b"
    r"(?! (?:early|late|with|at|to (?:rain|snow|find|an?|the|my)|and (?:it|the)))",
    r"\bif i (?:went|go|fell|fall) (?:to sleep|asleep) and (?:didn't|did not|never|don't|dont|wouldn't) wake "
    r"(?:up)?\b.{0,40}\b(?:okay|ok|fine|relief|alright|wouldn't mind|not mind|good)\b",
    r"\b(?:hope|hoping|wish|wishing) i (?:get|got|catch|caught|become|became) (?:really |very |seriously |properly "
    r")?(?:ill|sick|something)\b.{0,40}\b(?:so i (?:don't|dont|won't|wont|never)|and (?:die|don't|never)|"
    r"keep (?:doing|going)|have to|out of this|doesn't get better|can stop)\b",
    r"\b(?:kids?|children|family|husband|wife|partner|son|daughter)\b.{0,30}\b(?:better|happier|easier) "
    r"(?:life|lives|time|off)\b.{0,30}\b(?:with (?:a )?(?:different|another|new|better) (?:mum|mom|dad|mother|"
    r"father|parent|wife|husband|partner|one)|without me)\b",
    r"\b(?:wouldn't|would not|won't|will not) be the worst thing if (?:that|the|a|this|my) (?:[\w']+ ){0,3}"
    r"(?:didn't|did not|doesn't|does not|don't|didnt|dont) (?:stop|brake|see me|swerve|miss me)\b",
    r"\b(?:world|house|family|everyone|everything) (?:would|'d) be (?:[\w']+ (?:and )?){0,3}(?:quieter|kinder|"
    r"better|lighter|calmer|happier|easier|simpler) (?:[\w']+ ){0,3}without me\b",
    r"\b(?:no one|nobody|noone|not one person) would (?:even )?(?:notice|miss me|care|know) if i (?:just )?"
    r"(?:stopped|went|left|was gone|were gone|disappeared|vanished|wasn't around|weren't around|didn't wake)\b"
    r"(?! (?:posting|texting|replying|messaging|going to|coming to|turning up|showing up|answering))",
    r"\b(?:envious|jealous) of (?:the )?(?:people|names|ones) in (?:the )?(?:obituaries|obits|death notices|"
    r"graveyard|cemetery)\b|\bat least they'?re (?:done|finished|out of it|at rest)\b(?=.{0,20}$)",
    r"\b(?:won't|will not|not going to|i'm not gonna) fight it (?:this time|any more|anymore|again)\b.{0,60}"
    r"\b(?:hope|hoping|hopes|glad|relief|want it)\b",
    r"\b(?:right )?before i do it\b|\bafter i'?ve done it\b",
    r"\b(?:don't|dont|do not|no need to) (?:bother|give me|send|need) (?:with )?(?:the |any )?(?:helpline|"
    r"hotline|crisis line|samaritans|numbers?)\b.{0,60}\b(?:tonight|already|know what i'?m doing|decided|"
    r"made up my mind|too late)\b",
    r"\b(?:already )?know what i'?m (?:doing|going to do) (?:tonight|this weekend|later|tomorrow)\b",
    r"\b(?:got it|it's|its|it is|everything's|everythings) (?:all )?(?:sorted|planned|arranged|set|booked|"
    r"ready) (?:for|on) (?:this |next )?(?:friday|saturday|sunday|monday|tuesday|wednesday|thursday|tonight|"
    r"tomorrow|the weekend|this weekend|\w+ night)\b.{0,60}\b(?:when|while|once|nobody|no one|housemates|"
    r"everyone|parents|mum|mom|dad|partner|wife|husband|away|out|asleep|till then|until then|music|"
    r"sleep)\b",
    r"\b(?:it's|its|it is) set for (?:this |next )?(?:friday|saturday|sunday|monday|tuesday|wednesday|"
    r"thursday|tonight|tomorrow|the weekend)\b",
    r"\b(?:waiting|wait) (?:for|until|till) (?:the house|the flat|everyone|they|my (?:parents|partner|housemates|"
    r"wife|husband|family|mum|mom|dad)) (?:to (?:be|go|leave|fall)|is|are|have|has|gone|goes|leaves)\b"
    r".{0,20}\b(?:empty|out|asleep|away|left|gone|bed)\b",
    r"\b(?:timed it|timing it|planned it|picked (?:a|the) (?:night|day))\b.{0,40}\b(?:so (?:that )?|when |while )"
    r"(?:my |the )?(?:partner|wife|husband|parents|mum|mom|dad|housemates?|flatmates?|family|nobody|no one|"
    r"everyone)\b",
    r"\b(?:planning|planned) this for (?:weeks|months|ages|a while|a long time)\b.{0,60}\b(?:this weekend|"
    r"tonight|tomorrow|friday|saturday|sunday|is when|change my mind|stop me)\b",
    r"\b(?:written|put|booked) it in (?:my|the) (?:calendar|diary)\b.{0,40}\bso (?:no one|nobody) "
    r"(?:asks|notices|knows|wonders)\b",
    r"\bto make sure (?:nobody|no one) (?:goes|comes|is) there\b",
    r"\bthe (?:rope|pills|tablets|gun|blade|knife|hose|hosepipe)(?:'s| is| are)? (?:in|under|behind|on) "
    r"(?:the |my )?(?:boot|car|garage|shed|loft|wardrobe|drawer|bag|bed)\b.{0,60}\b(?:look at|keep|check|"
    r"thinking|ready|waiting|tonight|for me)\b",
    r"\b(?:gun|rifle|shotgun) (?:cabinet|safe|cupboard) (?:is )?(?:open|unlocked)\b|\b(?:found|know) (?:the|"
    r"where the) (?:key|code) (?:to|for) (?:the |dad's |his )?(?:gun|rifle|shotgun)",
    r"\b(?:on|at|up on|in) (?:the )?(?:roof|top floor|top level|edge) of (?:the |a )?(?:car ?park|multi-storey|"
    r"building|block|flats|hospital|station)\b.{0,60}\b(?:again|an hour|hours|nobody|no one|alone|this is it|"
    r"last)\b",
    r"\b(?:so|and) this is it\.?$",
    r"\b(?:ordered|bought|got) (?:something|a thing|stuff|it) (?:online )?(?:that )?i shouldn'?t have\b.{0,60}"
    r"\b(?:for me|for myself|arrived|came)\b",
    # farewells by acts
    r"\b(?:one (?:more|last) time|for the last time)\b.{0,60}\b(?:didn't|did not|don't|dont|never) know why\b",
    r"\b(?:rang|called|phoned|texted|hugged|visited) (?:everyone|them all|my (?:family|friends|mum|mom|dad|"
    r"sister|brother)) (?:[\w']+ ){0,4}(?:one (?:more|last) time|for the last time)\b",
    r"\b(?:deleted|closed|wiped) (?:all )?(?:my )?(?:accounts|socials|profiles|everything)\b.{0,60}\b(?:note|"
    r"letter|goodbye|last|except this)\b",
    r"\b(?:cleaned|tidied|cleared|sorted) (?:the |my )?(?:flat|house|room|place|everything)\b.{0,60}\bso "
    r"(?:whoever|the person who|they|nobody|no one)\b.{0,30}\b(?:finds?|comes? in|won't have to|doesn't have to)\b",
    r"\b(?:can|could|should) have my (?:[\w']+(?:, | and )?){1,4}\b.{0,60}\b(?:not joking|i'm not|im not|serious|"
    r"won't need|after i'?m|when i'?m gone)\b",
    r"\b(?:there won't|there will not|there'll be no) (?:be )?(?:a )?(?:next|new|forwarding) (?:address|home|"
    r"place|flat)\b",
    r"\btell (?:my |her |him )?(?:mum|mom|dad|mother|father|wife|husband|partner|kids|sister|brother|family|"
    r"them|her|him)\b.{0,30}\b(?:none of this|it) (?:was|wasn't|is|isn't) (?:not )?(?:her|his|their|your) "
    r"fault\b",
    r"\b(?:arranged|asked|sorted) (?:for )?(?:someone|somebody|my \w+|a neighbour|next door) to (?:feed|look "
    r"after|take|walk|have) (?:the |my )?(?:fish|cat|cats|dog|dogs|pets?|rabbit|hamster|kids)\b.{0,40}"
    r"\b(?:after that|then|and then)\b.{0,20}\b(?:done|gone|finished|over|it)\b",
)

_FRAMES_DANGER = (
    r"\b(?:hands?|arm) (?:round|around) my (?:neck|throat) (?:last night|again|tonight|today|until|and)\b|"
    r"\bholds? my head under\b|\buntil i blacked out\b",
    r"\b(?:smashed|broken|broke|kicked|trying|tried|forced) (?:through |in |down )?(?:the |my )?(?:back |front )?"
    r"(?:door|window|handle)\b.{0,60}\b(?:hear him|downstairs|twice|now|he's|she's|inside)\b",
    r"\b(?:parked|standing|sat|sitting|waiting|crawling|following) (?:outside|at|alongside|behind) (?:my|me|the)\b"
    r".{0,80}\b(?:since|for (?:an|two|three) hours?|engine|three streets|on my own|every night|live alone|"
    r"same (?:car|man|grey)|twice)\b",
    r"\b(?:footsteps|someone|a shape|a man|he)\b.{0,40}\b(?:behind me|in my garden|in here|in my flat|at my gate|"
    r"past my window)\b.{0,60}\b(?:every night|live alone|twice|tonight|still|i'm on my own|released)\b",
    r"\b(?:i'm|im|i am) (?:hiding )?(?:in|under) (?:the |my )?(?:wardrobe|airing cupboard|cupboard|bed|bathroom)\b"
    r".{0,60}\b(?:he|she|they|looking for me|shouting|knife)\b",
    r"\b(?:he'll|he will|she'll|they'll|he says he'll|he said he'll) (?:hurt|burn|break|kill|take|throw|make sure|"
    r"show me)\b.{0,60}\b(?:kids|house|bones?|me|face|acid|never|real man)\b",
    r"\b(?:took|taken|takes|has) (?:our|my) (?:documents|passports?|phone|insulin|money|pension)\b.{0,80}"
    r"\b(?:if we|if i|work|says|pushes|won't|until|unwell|police)\b",
    r"\b(?:won't|will not) let me (?:eat|leave|see|go)\b|\bkeeps? me (?:shut|locked) in\b|\block on the fridge\b",
    r"\b(?:to be cut|my nikah|married (?:off )?(?:whether|against)|the wedding is on \w+ whether)\b",
    r"\b(?:comes? in(?:to)? my room at night|touches (?:me|us)|keeps coming into my room at night)\b",
    r"\b(?:don't|dont) know where (?:i am|they're taking me|theyre taking me)\b|\bno windows\b.{0,40}\bsignal\b",
    r"\b(?:pouring|poured) petrol\b|\bbanging on the (?:window|door)\b|\bhe'?s looking for me\b|"
    r"\b(?:found|knows?) (?:which one|my new (?:flat|address)|where i'm staying)\b",
    r"\bdescribed what i'm wearing\b|\bphoto of me asleep\b|\btracker (?:under|on) my car\b",
    r"\bi'll pay for it\b|\bsee you at home\b.{0,40}\bterrified\b",
)

# Plain statements a person makes in their own everyday words (written from the development sets' classes: a
# death wished for through an accident or an illness, a date told as a countdown, means set up in a bath, a car or
# the sea, hands at someone's neck, a threat meant, a break-in, a stalker with an order against him).
_FRAMES_PLAIN_SUICIDE = (
    r"\b(?:relieved|glad|grateful|relief|fine with it|wouldn't mind|would not mind|wouldn't care|kinda glad|"
    r"kind of glad|a relief)\b.{0,30}\bif (?:i|the|my)\b.{0,50}\b(?:didn't|did not|never|don't|dont|didnt) "
    r"(?:wake|woke|come back|make it)\b",
    r"\bif (?:i|the|my)\b.{0,40}\b(?:didn't wake|did not wake|never woke|don't wake|got hit by|get hit by|"
    r"was hit by|went down|goes down|crashed|crashes|didn't make it|didn't come back|got knocked down|derailed|"
    r"c[ao]me off the (?:rails|road|tracks))\b.{0,50}"
    r"\b(?:relieved|relief|glad|grateful|wouldn't mind|would not mind|wouldn't be sad|wouldn't care|okay with it|"
    r"fine with it|not be sad|be happy)\b",
    r"\b(?:fall|go|drift) (?:to sleep|asleep|off) and never (?:have to )?(?:wake|feel|come back|open my eyes|"
    r"face)\b",
    r"\b(?:happier|better off|easier|better) (?:[\w']+ ){0,3}if i (?:had never|'d never|hadn't|hadnt|had not) "
    r"been born\b|\bif i (?:wasn't|weren't|was not|were not) (?:here|around|alive) (?:any ?more |now )?"
    r"(?:they|everyone|he|she|it)\b.{0,20}\b(?:happier|better|easier|relieved)\b",
    r"\b(?:happier|better|easier) (?:still |even )?if i (?:wasn't|weren't|was not|were not) (?:here|around|alive)\b",
    r"\bswap places with (?:anyone|someone|them|any of them|the people|a person) (?:in|on|who)\b.{0,40}"
    r"\b(?:hospice|dying|terminal|cancer|ward|get to stop|at least)\b|\bat least they get to (?:stop|rest|go)\b",
    r"\b(?:want|wanted|wanting) to (?:go on|keep|carry on) (?:living|being alive)\b.{0,40}\b(?:couldn't|can't|cant|"
    r"didn't|don't|dont|not sure|i said no|no)\b|\b(?:don't|dont|do not|no longer) want to (?:go on|keep|carry on) "
    r"(?:living|being alive)\b",
    r"\b(?:hope|hoping|wish|wishing|pray|praying) (?:that )?my heart (?:would |will )?(?:just )?(?:stops?|gives? "
    r"(?:out|up)|gave (?:out|up)|stopped)\b",
    r"\bready to be taken\b|\bwhy (?:he|god|the lord)(?:'s| is) (?:leaving|keeping) me here\b",
    r"\b(?:wish|wishing|want|wanting) (?:it|everything|life|existing|all of it|it all) (?:would|to) (?:just )?stop "
    r"for good\b",
    r"\b(?:died|passed|went in|lost him|lost her|gone since|funeral)\b.{0,60}\b(?:going to|gonna|want to|ready to|"
    r"i'll) (?:go and )?(?:join|be with) (?:him|her|them)\b(?! (?:at|for|in the|on|later|tomorrow for))",
    r"\b(?:can'?t (?:keep going|go on|do this)|done with (?:it|this|everything)|had enough)\b.{0,30}"
    r"\b(?:gonna|going to|i'll|will) do it (?:once|when|while|after) (?:everyone|the house|they|my \w+|nobody|"
    r"no one)\b",
    r"\b(?:it's|its|it is|everything's|everything is) (?:all )?(?:arranged|planned|sorted|decided) for (?:the end "
    r"of (?:the|this|next) (?:month|week)|the \d+(?:st|nd|rd|th)|\w+day)\b.{0,80}\b(?:nobody|no one) "
    r"(?:expects|will expect|is expecting|comes looking|will look|will miss)\b",
    r"\b(?:looked up|googled|searched|worked out|checked|read up on) (?:how many|how much)(?: [\w']+){0,3} "
    r"(?:it would take|it'd take|would do it|it takes|would be enough|is enough)\b(?! to (?:fill|make|cover|feed))",
    r"\bcounting down (?:the )?(?:days |hours |weeks )?(?:till|until|to) (?:i'm|im|i am) (?:gone|not here|dead|no "
    r"more)\b(?! (?:to|on|for|away|abroad))",
    r"\b(?:do it|end it|kill myself) (?:on|at|in front of) (?:our|his|her|my|their) [\w' ]{0,20}\bso (?:he|she|"
    r"they) (?:finally )?(?:understands?|knows?|sees?|realises?|realizes?|regrets?|feels?|gets?)\b",
    r"\bwith me (?:not (?:here|around|alive) any ?more|gone for good|dead)\b|\bthen no more me\b",
    r"\b(?:go|going|went) through with (?:ending (?:it|things|everything|my life)|it all)\b(?! with)",
    r"\b(?:after|once|when) (?:i've|ive|i have|i'd|i) ended (?:it|things|everything|my life)\b(?! with| between| for)",
    r"\blook after (?:each other|yourselves|one another|mum|dad|the kids|her|him|them) (?:when|after|once) "
    r"(?:i'm|im|i am) (?:not here|gone|not around|no longer here)\b",
    # means at hand, told as a scene
    r"\b(?:car|engine)(?:'s| is)? (?:running|on) in (?:the |a )?garage\b.{0,40}\b(?:door|doors) (?:down|shut|"
    r"closed)\b|\bgarage door (?:down|shut|closed)\b.{0,40}\b(?:engine|car)(?:'s| is)? running\b",
    r"\b(?:in|into) the bath\b.{0,60}\b(?:hairdryer|hair dryer|toaster|heater|radio|straighteners)\b|"
    r"\b(?:hairdryer|hair dryer|toaster|heater|straighteners)\b.{0,60}\b(?:into|in) the (?:bath|water)\b",
    r"\b(?:gun|pistol|rifle|shotgun|revolver)\b.{0,60}\b(?:at|to|against|under) my (?:head|temple|chin|chest|"
    r"mouth)\b|\b(?:loaded|cocked)\b.{0,40}\bpointed at me\b",
    r"\b(?:keep|kept) (?:walking|swimming|going|wading) (?:out )?(?:until|till) (?:i'm|im|i am) (?:under|gone|out "
    r"of my depth|too far out)\b|\b(?:walked|waded|walking|wading) into the (?:sea|river|lake|water|loch) up to my "
    r"(?:waist|chest|neck)\b",
    r"\b(?:hose(?:pipe)?|tube|pipe)\b.{0,40}\bexhaust\b(?! (?:leak|fix|repair))|\bexhaust\b.{0,40}\b(?:window "
    r"gap|through the window|into the car)\b",
    r"\b(?:got|have|i've got|ive got|took|taking|taken) (?:[\w']+ ){0,6}(?:tablets|pills|paracetamol|painkillers)\b"
    r".{0,60}\b(?:and (?:i'm|im) (?:starting|taking|having) (?:on )?them|(?:bottle|vodka|wine|whisky)\b.{0,30}"
    r"\b(?:next to me|starting))\b",
    r"\b(?:taken|swallowed|had) (?:about |around |like )?(?:\d+|twenty|thirty|forty|fifty|a whole (?:box|packet|"
    r"bottle)|all) (?:of )?(?:my |the |her |his )?(?:tablets|pills|paracetamol|painkillers|meds)\b.{0,40}"
    r"\b(?:hour|feel|feeling|tonight|ago|strange|sick|dizzy)\b",
    r"\beat (?:my|a|his|dad's) (?:rifle|gun|pistol|shotgun)\b|\b(?:want to|wanna|going to|gonna|i'll|might) "
    r"(?:top|off) myself\b",
    r"\bhope (?:the|a|that) (?:bus|car|train|lorry|truck|van) (?:doesn't|does not|won't|wont|don't) (?:stop|brake|see "
    r"me|swerve)\b",
    r"\b(?:scan|test|results?|biopsy|it) (?:was|were|came back) (?:all )?(?:clear|benign|negative|fine)\b.{0,30}"
    r"\b(?:disappointed|gutted|let down)\b",
    r"\b(?:easier|better|happier|lighter) if i (?:\w+ )?(?:wasn't|weren't|was not|were not) (?:around|here|alive)\b",
    r"\b(?:asking|ask|pray|praying|begging|beg)(?: to)? (?:the lord|god|jesus|him) to (?:call|take) me\b",
    r"\beasier (?:to be dead|to die|being dead) than\b|\bbeing dead (?:sounds|seems|feels|would be) (?:\w+ )?"
    r"(?:restful|peaceful|nice|easier|good|like a relief)\b",
    r"\bhop(?:e|es|ing) (?:the |it'?s |it is |that )?(?:lump|scan|test|it) (?:is|comes back|shows|turns out to be) "
    r"(?:cancer|something|bad|terminal)\b",
    r"\b(?:go|fall|drift) (?:to sleep|asleep|off) and (?:not|never) (?:have to )?(?:come back|wake|feel|face)\b",
    r"\b(?:swap|trade) places with (?:anyone|someone|them|any of them|the people|a person) (?:in|on|who)\b.{0,40}"
    r"\b(?:obituar\w*|grave\w*|cemetery|death notices)\b",
    r"\bso (?:nobody|no one) (?:spots|sees|finds|notices) (?:the car|me|my car)\b",
    r"\bi know (?:how|where) and (?:i know )?(?:when|where|how)\b",
    r"\b(?:won't|will not|wont) be the (?:ones?|person) (?:who|to) (?:walk in|walks in|find|finds)\b",
    r"\bwith my (?:pistol|gun|rifle|shotgun)\b.{0,20}\band that'?s it\b",
    r"\b(?:go|going) (?:back )?(?:to|into) the garage\b.{0,40}\b(?:don't|won't|not) come out\b",
    r"\b(?:beam|hook|banister|bannister|door frame|rail|branch|loft hatch)\b.{0,40}\btake my weight\b",
    r"\bknow where (?:he|she|they|dad|mum|my dad|my mum) (?:hides|keeps) the (?:key|code)\b",
    r"\b(?:bringing|taking|brought|took|stealing|stole|pocketing) (?:the )?(?:leftover |spare |extra )?(?:morphine|"
    r"insulin|tablets|pills|oxy\w*|fentanyl|meds)\b.{0,30}\b(?:home|instead of returning)\b",
    r"\b(?:only|just) (?:ever )?(?:going to|gonna) use (?:it )?once\b",
    r"\bblades? (?:are |is )?out of the sharpener\b",
    r"\b(?:which|what) (?:\w+ ){0,2}(?:pillar|tree|wall|support|barrier|lorry|truck) i'?d aim for\b",
    r"\b(?:held back|holding back|saved up|saving up|not been taking|stopped taking) (?:[\w']+ ){0,4}(?:tablets|pills|"
    r"meds|medication)\b.{0,80}\b(?:lined up|all together|in a|behind|enough|saved)\b",
    r"\beverything'?s (?:sorted|done|ready|in order)(?: now)?,? so i can (?:stop|go)\b",
    r"\b(?:deleted|closed|wiped) (?:all )?(?:my )?(?:accounts|socials|profiles)\b.{0,40}\b(?:feels finished|it's "
    r"finished|it's done|all done)\b",
    r"\bi'?ve made my peace\b(?! with (?:the|it|my (?:job|move|decision)))",
    r"\bthe last time i'?ll (?:open|use|talk to|message)\b",
    r"\bfor whoever (?:has to )?(?:comes? in|finds|find|come)\b",
    r"\b(?:still here|alive)\b.{0,40}\blost my nerve\b|\bso i (?:don't|dont|do not) lose my nerve\b",
    r"\bcourage to (?:take (?:one more|that|the last) step|step (?:off|out|forward)|jump|do it|go through with)\b",
    r"\b(?:don't|dont|do not) want tomorrow to come\b|\bswitch me off\b",
    r"\b(?:envy|jealous of|envious of) (?:them|him|her|the dead)\b.{0,40}\b(?:rest|leave|get to|at peace)\b|"
    r"\b(?:graveside|cemetery|grave|funeral)\b.{0,40}\b(?:jealous|envy|envious)\b",
    r"\b(?:won't|will not|not going to) (?:chase|take|go to|turn up to) (?:the )?(?:appointments|treatment|meds|"
    r"medication|dialysis)\b.{0,60}\bhop(?:e|es|ing)\b",
    r"\b(?:rather|wish) my time (?:was|were) up\b|\b(?:wouldn't|would not) mind (?:dying|being dead|not waking)\b",
    r"\bwrote my note\b.{0,40}\b(?:picked|spot|date|place|waiting)\b|\bno need for anything after\b",
    r"\btake everything in the (?:bathroom |medicine )?cabinet\b|\bwith what i need\b.{0,30}\bbefore (?:anyone|"
    r"anybody)\b",
    r"\b(?:pills|tablets|co-codamol|paracetamol|codeine|painkillers)\b.{0,60}\bcounting them\b",
    r"\b(?:what|which) height\b.{0,40}\b(?:make sure|works|to die|certain)\b",
    r"\bwash(?:ing)? (?:it |them )?down (?:a whole box|all of them|a box|the lot)\b|\basking for me\b(?! to)",
    r"\b(?:barbecue|bbq|charcoal)\b.{0,40}\b(?:bathroom|bedroom|car|tent)\b.{0,60}\btaped\b",
    r"\bno fence\b.{0,20}\bnot for a (?:hike|walk|swim|picnic)\b",
    r"\bhow much (?:[\w']+ ){0,2}is (?:lethal|fatal|deadly)\b",
    r"\bthank you for everything\b.{0,20}\bplease look after\b",
    r"\bif you'?re reading this,? i'?m (?:already )?gone\b|"
    r"\bwhen (?:they|you|someone) finds? me\b(?! (?:a|an|the|some)\b)",
)
_FRAMES_PLAIN_SELF = (
    r"\bpunch(?:ed|ing)? (?:the |a )?(?:wall|walls|door|mirror|window)\b.{0,80}\b(?:again|broken|swollen|bleeding|"
    r"every time|whenever|until)\b|\bwhenever i feel like this i (?:punch|hit|bang|scratch|burn|cut)\b",
    r"\b(?:hold|holding|held|press|pressing|pressed) (?:a |the |my )?(?:lighter|match|iron|cigarette|hot \w+) (?:to|"
    r"against|on) my\b",
    r"\bblades?\b.{0,60}\b(?:i )?(?:only )?use them (?:at|in|when|after)\b",
    r"\bdig(?:ging)? my nails into my (?:wrists?|arms?|skin|thighs?|legs?)\b.{0,40}\b(?:until|till|bleed\w*|breaks?|"
    r"again)\b",
    r"\bpulled (?:so much |all my |my )?hair out\b.{0,60}\b(?:bald|patch|keep going)\b",
    r"\b(?:compass|blade|razor|lighter|scissors|knife|pin|needle)\b.{0,40}\bto my (?:skin|arms?|wrists?|thighs?|"
    r"legs?)\b",
    r"\b(?:scalding|boiling) (?:tap|water|kettle)\b.{0,40}\bon purpose\b|\bon purpose\b.{0,60}"
    r"\b(?:scalding|boiling)\b",
    r"\b(?:drank|drink|drinking|swallowed) (?:a bit of |some )?(?:bleach|antifreeze|weedkiller|detergent)\b",
    r"\bcarv(?:e|ing) (?:[\w']+ ){0,2}into (?:my|your) (?:own )?skin\b",
)
_FRAMES_PLAIN_OTHERS = (
    r"\b(?:put|had|got) my hands? (?:round|around|on) (?:her|his|their|the baby's|my \w+'s) (?:neck|throat)\b",
    r"\b(?:pushed|threw|shoved) (?:my |the |our )?(?:toddler|baby|son|daughter|child|kid|little one|newborn) "
    r"(?:down|into|against|across|off)\b|\b(?:shook|smacked|slapped|kicked|punched) (?:my |the |our )?"
    r"(?:toddler|baby|newborn|little one)\b",
    r"\bi(?:'ll| will|'m going to| am going to|'m gonna|m gonna) (?:strangle|stab|shoot|kill|hurt|batter|beat|"
    r"smash) (?:her|him|them|my \w+)\b.{0,20}\b(?:i mean it|not joking|i'm serious|im serious|i swear)\b",
    r"\bi (?:hit|slapped|pushed|kicked|punched|shoved|grabbed) (?:him|her|them|my \w+) (?:hard|again|today|so "
    r"hard)\b.{0,40}\b(?:bruis\w*|bleed\w*|marks?|crying|hurt)\b|\b(?:started|keep|been) (?:hitting|slapping|"
    r"pushing|shoving) my (?:dad|mum|mom|father|mother|wife|husband|partner|nan|gran|son|daughter|kids?)\b",
    r"\b(?:gonna|going to|will|i'll|i'm going to) (?:shank|stab|knife|glass|batter) (?:the |this |that )?(?:guy|man|"
    r"bloke|lad|kid|him|her|them)\b",
    r"\burges? to (?:touch|hurt|harm|hit) (?:them|him|her|the kids|children|the children|my \w+)\b",
    r"\b(?:give|giving) (?:a |my |the |one )?(?:patient|resident|baby|child|mum|dad|him|her) (?:too much|an "
    r"overdose|extra|a fatal)\b.{0,30}\bon purpose\b",
    r"\bstood over (?:her|him|them|the baby|my \w+) with (?:a|the) (?:pillow|knife|hammer|belt)\b",
    r"\b(?:give|giving) (?:him|her|them|a patient|my \w+) the wrong (?:dose|medication|meds)\b.{0,20}\bon purpose\b",
    r"\bwant (?:her|him|them) to (?:feel|suffer)\b.{0,40}\bphysically\b",
    r"\bi'?m (?:ramming|running|driving) (?:him|her|them) (?:into|off)\b",
    r"\bi know where (?:he|she|\w+) lives\b.{0,80}\b(?:pay|hurt|get him|get her|this week|tonight)\b",
    r"\bgoing for (?:\w+) with (?:a|my) (?:broken bottle|knife|bat|hammer|blade)\b",
    r"\bpinch (?:it|the tube) shut\b|\b(?:pull|unplug|switch off) (?:her|his) (?:oxygen|tube|machine)\b",
    r"\bputting something in (?:my |her |his )?(?:\w+ )?(?:food|drink|tea|coffee)\b",
)
_FRAMES_PLAIN_DANGER = (
    r"\b(?:put|held|pressed|pulled|had) a (?:knife|blade|gun) (?:to|at|against) my (?:throat|neck|head|face|chest)\b",
    r"\b(?:send|post|share|leak|show) (?:them|my (?:pics|photos|pictures|nudes|videos|images))\b.{0,40}\bunless\b",
    r"\b(?:someone|somebody|a man|people|they)(?:'s| is| are)? trying to (?:get|break) in\b",
    r"\b(?:child|kid|boy|girl|baby) next door (?:is )?(?:screaming|crying)\b.{0,60}\b(?:hitting|thud|bang|again|"
    r"hurt)\b",
    r"\bfollowed me (?:off|from|out of|home)\b.{0,80}\b(?:still behind me|waiting outside|still there|following)\b",
    r"\b(?:someone|somebody|a man|people|they|men)(?:'s| has| have|'ve)? (?:broken|broke|got|getting) in\b.{0,60}"
    r"\b(?:hear|downstairs|upstairs|hiding|wardrobe|now|in the house)\b",
    r"\bkeeps? following me\b.{0,60}\b(?:dark|nobody|no one|alone|on my own|scared|every)\b",
    r"\b(?:driving|drives|drove|walking|walks|keeps? driving) past my (?:house|flat|work|window)\b.{0,80}"
    r"\b(?:parked|outside|restraining|order|again|every)\b",
    r"\bhe'?s back\b.{0,20}\bin the (?:wardrobe|cupboard|bathroom)\b",
)

# Requests and questions with a crisis folded inside (dev9's classes): a plan told as "is it high enough", a dose
# asked "for a friend", an ending asked as a meditation, harm hidden as an accident, hands at a throat at home.
_FRAMES_ASKED_SUICIDE = (
    r"\b(?:taking|take|took|finish|finishing) myself (?:out|off)\b(?! (?:for|to|on a|shopping|dancing|somewhere|"
    r"of (?:the|this)|the (?:list|team|group)))",
    r"\bkill (?:themselves|yourself|oneself)\b.{0,80}\b(?:that's me|is me|i'm asking|asking so i|so i can)\b|"
    r"\b(?:least painful|painless|quickest|easiest|surest) way to (?:kill (?:yourself|myself|oneself)|die|end it)\b",
    r"\b(?:step|jump|fall) off on purpose\b|\bletting go of (?:it|this life|life) on purpose\b",
    r"\b(?:deciding|decision) (?:part )?(?:is|'s) (?:over|made|done)\b.{0,40}\b(?:doing|do it)\b|\bgoodbye to "
    r"myself\b",
    r"\bif i (?:didn't|did not|don't|dont|never) wake (?:up)?\b.{0,40}\b(?:fine by me|be fine|be grateful|be okay|"
    r"be ok|wouldn't be sorry|not be sorry|glad)\b",
    r"\bi(?: wouldn't| would not|'d not| won't| wont) (?:swerve|brake|fight (?:it|him|them) off|get out of the way)\b",
    r"\b(?:like|want|hope|wish)\b.{0,30}\b(?:the thing|the one|what) (?:that )?(?:takes|finishes) me\b",
    r"\bsave everyone (?:a lot of |the )?(?:bother|trouble|hassle)\b",
    r"\b(?:wouldn't|would not|don't|do not) mind joining (?:them|him|her)\b",
    r"\bthat (?:was|would be|'d be) the end of me\b",
    r"\bhigh enough (?:to (?:die|be certain|be sure|kill|do it|not survive)|if you (?:go|jump|fall))\b",
    r"\bdo it (?:\w+ )?when the house is empty\b|\b(?:will'?s? (?:is )?signed|will is done)\b.{0,80}\bnote\b",
    r"\bdo it (?:there|then),? (?:early,? )?before (?:anyone|anybody|people)\b",
    r"\b(?:will not|won't|wont) need (?:the|this|your|any) (?:meditation|app|meditations)s? any ?more\b",
    r"\b(?:don't|do not|dont) want to be found (?:too early|too soon|until|before|in time)\b",
    r"\bdo the job on myself\b",
    r"\bhow (?:much|many) (?:[\w']+ ){0,3}(?:would|will|does it take to) (?:stop a heart|"
    r"kill (?:me|you|someone|a person)|be lethal|be fatal)\b|"
    r"\bwhich (?:meds|pills|tablets|drugs) are (?:lethal|fatal|deadly)\b",
    r"\bhow long (?:does it|would it) take to die\b|\bthe friend is me\b",
    r"\bswallow(?:ing)? them all\b|\bkeeping (?:my )?(?:[\w']+ )?(?:painkillers|tablets|pills|meds) back\b",
    r"\bhow many\b.{0,40}\b(?:would it take|to take|before)\b.{0,30}\b(?:(?:me )?not (?:to )?wake|(?:you|i) "
    r"(?:wouldn't|wouldnt|would not|don't) wake|die|never wake)\b",
    r"\btrains? that (?:don't|do not|doesn't|dont) (?:slow|stop)\b.{0,60}\b(?:i want|quick|for me)\b",
    r"\bhave (?:those|them|these) instead of me\b|\bsigning off for good\b",
    r"\b(?:you|nobody|no one) (?:couldn't|could not|could never) have stopped me\b",
)
_FRAMES_ASKED_SELF = (
    r"\bblood\b.{0,60}\bbefore (?:my|ur|your) (?:mum|mom|dad|parents) (?:sees|finds|notices)\b",
    r"\b(?:don't|dont|do not) want to explain how (?:it|this) happened\b",
    r"\b(?:strike|hit|beat|whack) my own (?:legs?|arms?|body|hands?|head)\b|\bto my own (?:hand|arm|leg|skin|face)\b",
    r"\bnot for accidents\b|\bthey'?re from me\b",
    r"\b(?:the|my) (?:blade|razor)\b.{0,20}\b(?:tissues|plasters|bandages)\b",
    r"\bdid it again with the (?:compass|blade|razor|lighter|scissors|pliers)\b",
)
_FRAMES_ASKED_OTHERS = (
    r"\b(?:got|have|holding|i'm holding) the (?:axe|knife|hammer|bat|gun|machete) in my hands?\b",
    r"\bthinking about (?:swinging|throwing|dropping|pushing|driving) (?:a |the )?(?:\w+ )?(?:into|at|onto|off) "
    r"(?:him|her|them)\b",
    r"\bpillow over (?:her|his|their|the baby's) face\b",
    r"\b(?:people|kids|guys) (?:at|in) (?:work|school|the office|class) (?:i|that i) (?:want|wanna|plan|am going) to "
    r"(?:shoot|kill|stab|hurt)\b|\blist of people (?:i|to)\b.{0,30}\b(?:shoot|kill|hurt)\b",
    r"\b(?:drive|run|plough|mow) (?:into|over|through) (?:them|him|her|the (?:boys|kids|crowd))\b",
)
_FRAMES_ASKED_DANGER = (
    r"\b(?:puts|put|has|had|wraps) his hands (?:round|around) my (?:throat|neck)\b",
    r"\b(?:laying into|beating|hitting|battering) (?:his|her|their) (?:kid|child|son|daughter|baby|wife|girlfriend)\b"
    r".{0,60}\b(?:again|screaming|right now|hear)\b",
    r"\b(?:has|got|tracking) my (?:location|phone)\b.{0,80}\b(?:outside|front door|every night|find (?:me|us))\b",
    r"\bpulled the phone out of the wall\b|\b(?:taken|took|hidden|hid) (?:the|my) (?:car keys|keys|phone|passport)\b"
    r".{0,60}\b(?:gun|locked|won't let me|can't leave)\b",
)

_FRAMES: dict[str, tuple[str, ...]] = {
    "suicide": (
        *_FRAMES_SITUATION,
        *_FRAMES_QUIET,
        *_FRAMES_PLAIN_SUICIDE,
        *_FRAMES_ASKED_SUICIDE,
        # wanting to die, active
        rf"\b{_WISH} (?:just |really |actually |finally |simply )?(?:die|be dead|kill myself|end (?:it(?! with|"
        rf" between| there| on| at)|it all|"
        r"everything|things(?! with| between)|my life|this life|my existence)|stop (?:existing|living|breathing)|"
        r"not (?:exist|live|"
        r"be alive|wake up|be here|be around)|disappear (?:forever|for good|permanently)|sleep forever|"
        r"never wake up|be gone(?: for good| forever)?|finish (?:it all|myself)|check out(?: for good| early)?|"
        r"jump$|hang myself|drown myself|not come back|leave this world|not be|go to sleep forever|"
        r"(?:just )?not be (?:alive|here|around|born)|(?:i )?(?:wasn't|weren't|was not|were not) (?:alive|here|around|"
        r"born)|"
        r"(?:i )?(?:didn't|did not|don't) exist|(?:i'd|i had) never been born|make the pain stop for good|"
        r"get it over with|be with (?:my )?(?:\w+ )?in heaven|join (?:him|her|them|my \w+) (?:in heaven|up there)|"
        r"make it stop for good|make sure i don't see (?:my next|another))\b",
        r"\b(?:wants?|wanting|wanted) to (?:die|be dead)\b",
        r"\b(?:i|me|myself|part of me|all of me|most of me|every part of me) (?:[\w']+ ){0,3}wants? to (?:die|be dead|"
        r"stop existing|disappear)\b",
        r"\bi want to disappear\b(?! for| off| from| into| under| in (?:a|the|my)| to (?:a|the|my)| somewhere| until|"
        r" till| on (?:a|holiday)| like)",
        r"\b(?:stop|not) wanting to (?:die|be dead|live)\b",
        r"\bwhy (?:should i|do i even|bother) (?:keep )?(?:living|go on|going on|stay alive)\b",
        r"\b(?:ready|prepared) to (?:die|go|end it|leave)\b(?! on| for| to| at| in| with| out)",
        r"\bchecking out for good\b|\bcheck out for good\b",
        r"\bi'm ending (?:it|it all|things|my life)\b(?! with| between| there| here| on| at)",
        r"\b(?:wish|wishing) (?:i could )?(?:just )?(?:disappear|vanish)\b(?! (?:for|to|into|off|from|under|in|with|"
        r"on|at|like))",
        r"\b(?:i'm|i am) (?:going to|about to) (?:do it|end it|go)\b(?= tonight| tomorrow| this| after| now| soon|$)",
        r"\b(?:do|end|finish) it (?:this time|for real|for good|tonight|tomorrow|this weekend|after)\b",
        r"\bmake sure i (?:don't|never) (?:see|make it to|reach) (?:my next|another|next)\b",
        r"\b(?:i|we) won't (?:be (?:here|around|alive)|see) (?:[\w']+ ){0,3}(?:tomorrow|next week|much longer|"
        r"christmas|"
        r"my (?:next )?birthday|them grow up|the morning)\b",
        r"\bi won't see (?:them|my kids|my children|him|her) grow up\b",
        # passive ideation
        r"\b(?:tired|sick|exhausted) of (?:existing|being alive|living|life|being here|waking up|breathing)\b",
        r"\b(?:don't|do not|no longer) (?:want|wish|care) to (?:live|be alive|exist|wake up|be here|go on|"
        r"keep going)\b",
        r"\b(?:don't|do not) want to be (?:here|alive|around)(?: anymore| any more|$|[.,]| not in this life)",
        r"\bi don't want to be here\b.{0,30}\b(?:this life|anymore|any more|at all)\b",
        r"\b(?:don't|do not|wouldn't|would not|couldn't) care (?:if|whether) i (?:live|lived|die|died|woke up|"
        r"wake up|don't wake up|didn't wake up|was gone|were gone|got hit|disappeared)\b",
        r"\bi wouldn't mind (?:if|dying|not waking up|being dead)\b.{0,40}\b(?:hit me|died|dead|dying|"
        r"crash|didn't wake|don't wake|killed)\b",
        r"\b(?:hope|hoping|wish|wishing|pray|praying) (?:[\w']+ ){0,3}(?:that )?(?:i (?:just )?(?:don't|won't|never|"
        r"do not) wake up|"
        r"i (?:die|died|get hit|got hit|don't make it)|something (?:will )?(?:happens?|kills?) (?:to )?me|"
        r"(?:a|the) (?:bus|car|truck|train|plane) (?:hits?|crashes|would crash)|the plane crashes|"
        r"i get sick and die|i had something terminal)\b",
        r"\b(?:some days|sometimes|i keep|often|every day|every night) (?:i )?(?:hope|wish|pray)\b.{0,30}"
        r"\b(?:crash|hit me|die|dead|don't wake|not wake)\b",
        r"\bif i died\b.{0,40}\b(?:relief|better|fine|good|wouldn't mind|nobody|no one|okay)\b",
        r"\b(?:would|'d) be (?:easier|better|a relief|fine) (?:for (?:everyone|them|my family|all of them|people) )?"
        r"(?:if i|without me)\b",
        r"\b(?:they'd|they would|everyone would|everyone'd|my (?:family|kids|wife|husband|partner|friends) "
        r"(?:would|'d)) be (?:fine|better|happier|okay|ok|better off) without me\b",
        r"\bbetter off (?:dead|without me|if i (?:was|were|wasn't|weren't) (?:here|around|gone|dead|alive))\b",
        r"\b(?:deserve|deserves) (?:a|someone) (?:[\w']+ )?who (?:isn't|is not) me\b",
        r"\b(?:fantasi[sz]e?|fantasi[sz]ing|daydream|daydreaming|dream|dreaming|think|thinking) "
        r"(?:a lot |so much )?about (?:being dead|dying|my (?:own )?death|not existing|not being here|"
        r"killing myself|ending it)\b(?! of| from| with| in (?:the|my) (?:game|story))",
        r"\b(?:how easy it would be|it would be easy) to (?:just )?(?:swerve|jump|let go|step (?:off|out)|"
        r"drive off|crash|end it|not)\b",
        r"\b(?:nothing|no one|nobody) (?:is )?(?:keeping|holding) me (?:here|alive|going)\b",
        r"\bnothing (?:left )?(?:to live for|worth living for)\b",
        r"\b(?:no|don't see a|do not see a|can't see a|there's no) (?:future|way out|point)(?: for me| left)?\b"
        r".{0,25}\b(?:don't want one|at all|anymore|in living|to living|in going on|in being alive)\b",
        r"\bstop(?:ped)? existing\b|\b(?:would|'d) be (?:lighter|better|happier|easier|fine|freer) without me\b",
        r"\b(?:no|what's the|whats the|what is the|(?:don't|do not|can't) (?:really |even )?see (?:the|any)) "
        r"(?:reason|point|will) (?:to|in|of) "
        r"(?:live|living|going on|being alive|life|waking up|staying|carrying on)\b",
        r"\b(?:an )?excuse to die\b|\bwish i had something terminal\b",
        r"\b(?:rest|sleep) and (?:not|never) (?:come back|wake up)\b|\bnot come back\b.{0,20}$",
        r"\b(?:and|to) (?:never|not) (?:wake up|come back|come out|come home|be found)\b",
        r"\bi don't think i'll be (?:around|here|alive) (?:much )?(?:longer|for long|next)\b",
        r"\bi'm (?:done|finished) with (?:life|living|being alive|existing|it all|everything)\b",
        r"\b(?:life|living|it) (?:isn't|is not|isn't really|is no longer|not|ain't) worth (?:living|it anymore|"
        r"it any more|going on)\b",
        r"\bcan't (?:go on|keep going|do this|do life|live like this|take (?:it|this)) (?:anymore|any more|"
        r"much longer)\b",
        r"\bmight as well be dead\b|\bwish i (?:was|were|had been) (?:dead|never born|gone)\b",
        r"\bwish (?:i could )?(?:just )?(?:not exist|stop existing|disappear forever|fall asleep and not)\b",
        r"\b(?:no one|nobody|noone) would (?:even )?(?:miss me|notice|care) if i (?:just )?(?:died|was gone|were gone|"
        r"disappeared|wasn't here|weren't here|killed|vanished|stopped existing|didn't wake up|left forever|"
        r"was dead)\b",
        r"\b(?:want|wants) (?:everything|it all|my life|the pain) to (?:end|stop|be over)(?: for good| forever)?\b",
        r"\bwho wants to be dead\b|\bsomeone who wants to (?:die|be dead)\b",
        r"\b(?:meditation|affirmations?|ritual|something|words) (?:for|about) (?:my )?(?:last night alive|"
        r"dying (?:tonight|soon)|ending it|my death|being ok(?:ay)? with dying)\b",
        r"\b(?:be|feel) (?:ok|okay|fine|at peace) (?:with|about) (?:dying|being dead|my death|death) "
        r"(?:tonight|soon|now)?\b(?!.{0,40}\b(?:cancer|diagnosis|terminal|hospice|palliative|illness)\b)",
        # plans and timing
        rf"\b(?:plan|planning|planned|plans|decided|going|made up my mind|set a date) (?:[\w']+ ){{0,4}}(?:to |on )?"
        rf"(?:end (?:it|it all|things|my life)|finish (?:it|it all)|do it|kill myself|die|jump)\b.{{0,40}}"
        rf"\b{_TIMING}",
        rf"\b(?:i'm|i am) going to do it\b|\bi'll do it {_TIMING}|\bdo it {_TIMING}\b|\b{_TIMING},? (?:i'm )?"
        r"(?:going to|gonna|will) do it\b",
        r"\b(?:tomorrow|tonight|today|sunday|friday|saturday) is (?:the|my last) (?:day|night)\b",
        r"\bi've made up my mind\b|\bi've decided\b.{0,30}\b(?:jump|end|die|do it|go|it's time)\b",
        r"\b(?:worked out|figured out|planned|know|decided) (?:exactly )?(?:how|when|where) (?:i'll|i will|"
        r"i'm going to|"
        r"to) (?:do it|end it|go|die|kill myself|make it look)\b",
        r"\b(?:figured out|worked out|know|decided) the (?:when|how|where) and (?:the )?(?:where|when|how)\b",
        r"\bknow exactly (?:where|how|when) (?:i'm|i am|i'll)\b",
        r"\bmake it look like an accident\b",
        r"\b(?:rehearsing|practising|practicing|picturing) (?:it|my death|how i'll die)\b.{0,40}"
        r"\b(?:how i'll do it|every night|in my head)\b",
        rf"\b(?:driving|going|walking|heading) to (?:the )?{_MEANS}\b.{{0,50}}\b(?:not coming back|won't come back|"
        r"and not come back|for the last time|to end it|and jump)\b",
        r"\b(?:go|going|drive|driving|walk|walking) (?:in|into|to|off) (?:the )?(?:[\w']+ )?(?:woods|sea|river|lake|"
        r"cliffs?|"
        r"bridge)\b.{0,30}\b(?:not come (?:back|out)|never come (?:back|out)|not coming (?:back|out))\b",
        r"\bcrash(?:ing)? (?:my|the) car on purpose\b|\bswerve into\b",
        r"\b(?:sit|sitting) in the car in the garage\b|\bwith the engine running\b.{0,30}\b(?:garage|closed)\b",
        r"\b(?:this is|it's) my last (?:week|night|day|weekend|birthday|christmas)\b",
        r"\bi've (?:planned|sorted|arranged|got) everything\b.{0,40}\b(?:tonight|tomorrow|last|it's time|do it)\b|"
        r"\b(?:tonight|tomorrow|last week)\b.{0,40}\bi've (?:planned|sorted|got) everything\b",
        r"\b(?:plan|planning|planned|going) (?:to end it|on ending it|to finish it)\b(?! with (?:a|the|my|some|"
        r"karaoke|dinner|drinks|cake|a bang)| on a (?:high|good))",
        rf"(?<!n't need to )(?<!not need to )(?<!n't have to )(?<!no need to )(?<!n't want to )"
        rf"\b(?:ending|end|finish|finishing) (?:it|it all|things) (?:[\w']+ ){{0,2}}{_TIMING}",
        r"\bi'm going to jump\b|\bwhich (?:building|bridge)\b.{0,30}\b(?:jump|decided)\b|"
        r"\bjump (?:off|from|in front of) (?:a |the |my )?(?:bridge|building|roof|train|cliff|balcony|window)",
        # means, with a self and a present
        rf"\b(?:bought|buying|got|have|had|keep|kept|saved|saving|saving up|hoarding|stockpiling|collecting|"
        rf"stashing|hid|hidden|found|holding|staring at|looking at|looked at) (?:[\w']+ ){{0,4}}{_MEANS}\b.{{0,60}}"
        r"\b(?:keep looking|keep staring|keep opening|keep thinking|for (?:weeks|months|when i'm ready|"
        r"tonight|later|me, not)|tonight|feels like the night|it's time|end it|all night|in my hand|"
        r"for me\b|ready|the whole lot|to do it)",
        r"\b(?:saved|saving|hoarding|stockpiling|stashing|collecting) (?:up )?(?:all |every |"
        r"my |the )?(?:[\w']+ )?(?:pills?|tablets|painkillers|meds|medication|sleeping pills)\b",
        r"\b(?:a |my )?(?:stash|drawer full|bag full|box full|hoard) of (?:pills|tablets|painkillers|meds)\b",
        r"\b(?:bought|got|have|tied|made) (?:a |the |my )?(?:rope|noose)\b(?! (?:swing|ladder|light|lights|toy|bridge|"
        r"course|for (?:the|my) (?:tent|boat|climbing|kids)|to tie|and pegs))",
        r"\b(?:the )?(?:pills|tablets) (?:are|is) (?:for|ready|in my)\b",
        r"\b(?<!water )(?<!drinks )(?<!hot water )(?:pills?|tablets|meds|bottle) (?:in my hand|on my (?:nightstand|"
        r"bedside|desk))\b",
        r"\bi have the (?:pills|tablets|rope|gun|knife|blade)\b",
        r"\b(?:taking|take|took|swallow|swallowing|drink|drinking) (?:all|the whole|every|a handful|the lot|"
        r"the rest|everything)\b.{0,30}\b(?:at once|pills|tablets|meds|insulin|bottle|lot|prescription|bleach|"
        r"packet|box)\b",
        r"\b(?:drink|drinking|swallow|swallowing) (?:the |some )?(?:bleach|poison|antifreeze|weed ?killer)\b",
        r"\ball i can think about is taking\b",
        r"\b(?:everything|all) i need to (?:end it|do it|die|kill myself)\b",
        r"\b(?:bought|got|have) what i need to (?:do it|end it)\b",
        r"\b(?:using|use) it on myself\b|\bfor me,? not for anyone else\b",
        r"\b(?:key|keys|combination) (?:to|for) (?:[\w']+ ){0,2}(?:gun|rifle|firearm|medicine) (?:cabinet|safe|"
        r"cupboard)\b|"
        r"\b(?:gun|rifle|firearm) (?:cabinet|safe) key\b",
        r"\b(?:standing|sitting|i'm|i am|i'm on|i'm at|at|on) (?:on |at )?(?:the |a |my )?(?:edge of (?:the )?)?"
        r"(?:bridge|ledge|roof|rooftop|balcony|train station|platform|tracks|cliff|cliffs|top floor)\b.{0,40}"
        r"\b(?:right now|long way down|keep looking|looking at|tracks|jump|can't|edge|down)\b",
        r"\b(?:it's|its) a long way down\b",
        r"\blooking at the medicine cabinet\b|\bstaring at the medicine cabinet\b",
        # farewells
        r"\b(?:goodbye|bye|farewell) (?:everyone|world|cruel world|forever|all|for good|for now and forever|"
        r"mum|dad|my friends|to everyone|to you all)\b",
        r"\bthis is (?:goodbye|it for me|the end for me)\b|\bgoodnight forever\b|\bsee you on the other side\b",
        r"^(?:bye|goodbye)(?:$| i'm done| i love| sorry| don't)",
        r"\b(?:the )?last (?:thing|message|words|time) i(?:'ll| will)? (?:ever )?(?:type|write|say|send|post)\b",
        r"(?<!in )(?<!from )(?<!since )(?<!after )(?<!during )(?<!than )"
        r"\b(?:my|these are my|this is my|here's my) (?:final|last) (?:message|words|goodbye|post|session|night alive|"
        r"night on earth)\b|\b(?:final|last) (?:night alive|night on earth)\b",
        r"\bmy last night alive\b|\blast night (?:alive|on earth)\b",
        r"\b(?:wrote|written|writing|left|leaving) (?:[\w']+ ){0,2}(?:letters?|notes?|a note|a letter|goodbye|"
        r"goodbyes)\b(?! to my future self| to my (?:younger|older|future) self| for my (?:future|younger) self)"
        r".{0,50}\b(?:for my|to my|for whoever|for everyone|on the table|in the drawer|kids|family|"
        r"saying sorry|sorry|goodbye)\b",
        r"\b(?:wrote|written|scheduled|set|posted) (?:a |my )?(?:goodbye|farewell|final) (?:post|message|letter|email|"
        r"note)",
        r"\b(?:giving|gave|give) away (?:all )?(?:my|all my) (?:things|stuff|belongings|possessions|cat|dog)\b",
        r"\bwon't need (?:it|them|this|anything|my things)(?: anymore| any more| after| where i'm going| soon)?\b"
        r"(?!.{0,20}\b(?:trip|holiday|course|job|class|exam)\b)",
        r"\bafter i'm gone\b|\bwhen i'm gone\b(?!.{0,20}\b(?:holiday|trip|work|away)\b)|\bbefore i go for good\b|"
        r"\bgo for good\b|\bgone for good\b",
        r"\b(?:whoever|whoever) finds me\b|\bdon't (?:try to )?(?:look for|find|come looking for) me\b",
        r"\b(?:said|saying|say) (?:my )?goodbyes?\b.{0,40}\b(?:everyone|who matters|all|for the last time)\b",
        r"\bfor the last time\b.{0,20}$|\bsay i love (?:her|him|them|you) for the last time\b",
        r"\bremember me by\b|\bto remember me\b",
        r"\b(?:updated|made|wrote|finished) my will\b.{0,60}\b(?:nothing left|cancelled|tomorrow|tonight|it's time|"
        r"ready|goodbye)\b",
        r"\b(?:left|put|leaving) (?:instructions|my passwords|passwords|the keys?|my keys|house keys|bank details)\b"
        r".{0,60}\b(?:table|drawer|envelope|for|sorry|cat|dog|my sister|landlord|note)\b",
        r"\bsent (?:my|her|him) (?:[\w']+ )?(?:bank details|passwords)\b.{0,30}\b(?:time|goodbye|done)\b",
        r"\bpaid off my debts so (?:nobody|no one)\b|\bso (?:nobody|no one) (?:else )?has to (?:deal|pay|clean)\b",
        r"\bi won't be here\b(?! (?:for|at|on|next|this) (?:the |my )?(?:[\w']+ )?(?:class|meeting|session|party|"
        r"holiday|week|weekend|lesson))",
        r"\bwon't need (?:it|this) after tonight\b|\bafter tonight\b.{0,20}\bwon't\b",
        r"\b(?:thanks|thank you) for (?:everything|the meditations|the app|being there)\b.{0,40}\b(?:goodbye|bye|"
        r"for good|for a while|before i go)\b",
        r"(?<!takes )(?<!take )(?<!taking )(?<!took )(?<!in )\b(?:it's|its) time\b$",
        r"\bthank you before i go\b",
        r"\b(?:can't stand|can't bear|hate) being alive\b|\bi want out\b(?! of (?:this|my|the) (?:job|contract|"
        r"relationship|marriage|lease|plan|group|class|course))|\b(?:had|have had) enough of (?:living|life|"
        r"being alive)\b",
        r"\bi'm (?:not going to|not gonna) be (?:here|around|alive) (?:much longer|for long|tomorrow)\b",
        r"\b(?:i'm|i am|i feel like) (?:just |such |only )?a (?:burden|waste of space|waste of air|waste of oxygen)\b"
        r"(?! (?:on|to) (?:my|the) (?:team|colleagues|coworkers|boss|class|group|project))(?!.{0,20}\bbecause\b)",
        r"\b(?:thoughts?|thinking|think) (?:of|about) (?:dying|death|suicide|killing myself|ending it|not being here)"
        r"\b(?! of (?:a|my|the) (?:\w+ )?(?:pet|dog|cat|friend|mum|dad|patient|grandma|grandad))"
        r"(?!.{0,40}\b(?:is it normal|normal to|scared of|afraid of|fear of|anxiety|hospice|patient|grief|funeral)\b)",
        r"\b(?:think|thinking|thought) about (?:death|dying|suicide) (?:all the time|every (?:day|night)|constantly|"
        r"a lot|nonstop|non-stop)\b",
        r"\b(?:considering|contemplating|thinking about|thinking of|keep thinking about|can't stop thinking about) "
        r"(?:suicide|killing myself|ending my life|ending it|taking my life|jumping|an overdose)\b",
        r"\bsuicide\b.{0,40}\b(?:real option|only option|only way out|way out|the answer|tempting|my plan|planned)\b",
        r"\b(?:brain|mind|head|voice|voices|thoughts) (?:keeps? |keep |is |are )?(?:telling|tell|tells|told) me to "
        r"(?:kill|hurt|die|end)\b",
        r"\b(?:death|dying|being dead|not existing) (?:sounds|feels|seems|looks) (?:so )?(?:peaceful|nice|good|"
        r"easier|like a relief|like the answer|tempting|appealing|better)\b",
        r"\bjealous of (?:people|those|anyone) who (?:get to )?die\b|\benvy (?:the )?dead\b",
        r"\bno (?:way|way out|escape) (?:out )?(?:except|but|other than) (?:dying|death|killing myself|suicide|"
        r"to die)\b",
        r"\b(?:doing|do) (?:everyone|them|the world) a favou?r by (?:not being|dying|leaving|disappearing|killing)\b",
        r"\b(?:can't|cannot|don't) see (?:a|any) future (?:where|in which) (?:i'm|i am|i) (?:alive|here|exist)\b",
        r"\b(?:no|any) reason (?:for me )?to (?:stay|keep) (?:alive|living|going|here)\b",
        r"\b(?:rather|prefer to) not be (?:here|alive|around)\b|\bi wish i could just not be\b",
        r"\bwhat'?s (?:even )?the point (?:of|in) (?:going on|living|carrying on|trying|being here|anything)\b",
        r"\bnobody would (?:even )?notice if i (?:was|were) gone\b|\bif i (?:was|were) gone\b.{0,30}\b(?:nobody|no one|"
        r"better|easier|notice|miss)\b",
        r"\b(?:wouldn't|would not) care if (?:something|someone|a car|a bus|it) (?:killed|hit|ended) me\b",
        r"\b(?:make|get) the thoughts of (?:dying|death|suicide|killing myself) (?:go away|stop)\b",
        r"\bwish(?:es|ing)? the (?:plane|car|bus|train) (?:would )?(?:crash|crashes|hit me)\b",
        # plans, in many words
        r"\b(?:i've|i have) (?:chosen|picked|set|got|decided on) (?:the |a )?(?:day|date|time|night|method|place|"
        r"spot)\b(?! (?:for|of) (?:my|the|our|a|an|his|her|their|us)\b)",
        r"\b(?:chose|chosen|picked|decided) (?:where|when|how) and (?:where|when|how)\b|\bknow how and when\b",
        r"\b(?:have|got|made|i've got) (?:it )?(?:all )?planned(?: out)?\b(?! (?:for|our|my|the) (?:trip|holiday|"
        r"party|wedding|week|day|menu|route|birthday|weekend))|\bi've planned it\b",
        r"\b(?:my|the) plan is (?:set|ready|made|done|tonight|for|to)\b(?!.{0,30}\b(?:study|revise|run|train|"
        r"exam|work|save|diet|trip|holiday|party|meet|call|finish (?:my|the)|start)\b)",
        r"\b(?:i have|i've got|i've made|i made) a plan\b(?! (?:for|to (?:study|revise|save|train|run|get|start|"
        r"finish (?:my|the)|pay|quit|stop|cut|eat|sleep|fix)))(?=$| and| to end| for (?:tonight|tomorrow|"
        r"sunday|the weekend))",
        r"\b(?:planning|planned|plan|plans) (?:my|for my) (?:suicide|death|own death|ending|exit)\b",
        r"\b(?:ending it|end it|do it|doing it|kill myself|going) (?:is )?(?:planned |set )?(?:for |on )?(?:next "
        r"(?:week|month|friday|saturday|sunday)|after my birthday|after christmas|this weekend)\b|"
        r"\bnext week is when\b",
        r"\b(?:painless|easy|quick|quickest|easiest|best) ways? to (?:die|kill myself|end it|go)\b",
        r"\b(?:written|wrote) (?:down )?(?:the|my) plan\b|\b(?:a )?date in my calendar for it\b",
        r"\b(?:so (?:no one|nobody) (?:stops|can stop|will stop|finds|will find) me)\b",
        r"\b(?:nobody|no one) will find me\b|\bfind my body\b",
        r"\bi'll do it (?:when|after|once|before|if)\b|\bif nothing changes\b.{0,30}\b(?:i'll|i will|i'm going to)\b",
        r"\b(?:waiting|wait) (?:until|till|for) (?:the house is empty|everyone (?:is asleep|leaves|goes)|"
        r"(?:my|the) (?:\w+ )?(?:leaves|goes out|is away|falls asleep))\b.{0,20}\b(?:to do it|do it|then)\b",
        r"\b(?:practi[cs]ing|practi[cs]ed|rehearsing|rehearsed|preparing) (?:for it|it in my head)\b",
        r"\b(?:a plan|the plan) and the (?:means|pills|rope|way)\b|\bi have the means\b",
        r"\bthe plan is\b.{0,30}\b(?:tonight|tomorrow|everyone's asleep|after)\b.{0,40}\b(?:calm|ready|peace|"
        r"decided)\b",
        # means, in many words
        r"\b(?:swallow|swallowed|take|took|taken|taking) (?:every|all (?:the|my|of the|of my)|a load of|loads of|"
        r"too many|a lot of|a bunch of|the whole (?:bottle|box|packet)|a handful of)\b.{0,25}\b(?:pills?|tablets|"
        r"painkillers|meds|paracetamol|insulin)\b(?!.{0,30}\b(?:by accident|accidentally|my doctor|prescribed)\b)",
        r"\btoo many (?:pills|tablets) on purpose\b|\bon purpose\b.{0,20}\b(?:pills|tablets|overdose)\b",
        r"\b(?<!bungee )(?<!cliff )(?:jumping|jump|step|stepping|throw myself|throwing myself) (?:off|from|in front of|"
        r"under|into)\b(?!.{0,40}\b(?:bungee|birthday|"
        r"charity|harness|swim|pool|lake for a|dare|zipline|parachute))(?:.{0,30})"
        r"\b(?:bridge|ledge|roof|building|cliff|train|tracks|traffic|balcony|car park|window|tower)\b",
        r"\b(?:walk|walking|step|stepping|run|running) (?:out )?into (?:the )?(?:traffic|road|sea|river|lake|train)\b",
        r"\b(?:drive|driving|crash|crashing|steer) (?:my |the )?car (?:into|off) (?:a |the )?(?:wall|tree|bridge|"
        r"river|cliff|lorry|truck|oncoming)\b",
        r"\b(?:on|at) (?:the )?(?:top of (?:the )?)?(?:roof|bridge|ledge|car park|tower|cliff)\b.{0,30}"
        r"\b(?:jumping|jump|looking down|long way down|edge|thinking)\b",
        r"\bstanding on (?:the|a) (?:bridge|ledge|edge|roof)\b",
        r"\b(?:got|took|get|getting) (?:my |his |her |dad's |mum's |the )?(?:dad's |father's |husband's )?"
        r"(?:gun|rifle|pistol|shotgun) out\b|\bbought a (?:gun|rifle|pistol|shotgun)\b(?! (?:licen[cs]e|for (?:hunting|"
        r"the range|clay|sport)))",
        r"\b(?:cut|cutting) (?:deep|deeper)\b|\bdeep enough to (?:die|bleed out|end)\b",
        r"\b(?:somewhere|where|place) to hang (?:the |a )?rope\b|\bhang (?:the |a )?rope\b",
        r"\bso i could take it all\b|\btake it all at once\b",
        r"\b(?:staring|looking|stare|look) at (?:the |my |a )?(?:pill bottle|bottle of pills|pills|knives|rope|"
        r"tracks|train tracks|bridge|edge|gun|blade|razor)\b",
        r"\b(?:collecting|collect|hoarding|saving|keeping|stockpiling) (?:razor )?(?:blades|razors|pills|tablets)\b",
        r"\b(?:wondering|wonder|know|calculating|googling) how many (?:of these |of my )?(?:pills|tablets|"
        r"paracetamol|painkillers)\b",
        r"\b(?:knives|knife|pills|rope|gun|bridge|tracks|blade|razor|balcony|ledge)\b.{0,40}\b(?:thinking about it|"
        r"thinking about using|keep thinking about it|and thinking of it)\b",
        r"\b(?:keep|kept|can't stop|always|constantly) (?:thinking|think) (?:about|of) (?:jumping|using (?:it|them|"
        r"one))"
        r"\b.{0,20}$",
        r"\bi'm going to (?:step|walk|drive) (?:off|into|out)\b",
        r"\b(?:end|finish|stop|take) (?:my|mine)(?: own)? (?:life|living)\b|\bend mine\b|\bi want finish\b|"
        r"\band i finish\b$",
        r"\bmake it (?:all )?stop (?:permanently|for good|forever)\b|\bmake sure it'?s permanent\b|"
        r"\bchecking out permanently\b|\btake myself out of the picture\b|\bby my own hand\b",
        r"\b(?:make up my mind|made up my mind|decide|deciding) (?:about|whether|if) (?:doing it|to do it|i do it|"
        r"i'll do it|i go through)\b|\b(?:finally|actually) (?:do|doing) it\b.{0,40}\b(?:waiting|long enough|"
        r"tonight|ready|calm|nerve|courage)\b",
        r"\b(?:before|after|when|once) (?:you|i) kill (?:yourself|myself)\b|\bwhy i did it\b",
        r"\bgo(?:ing)? through with it\b(?!.{0,40}\b(?:wedding|surgery|operation|marathon|move|divorce|interview|"
        r"audition|exam|presentation|speech|tattoo|piercing|race|jump|skydive|bungee|date|proposal)\b)",
        r"\b(?:god|the lord|the universe|death) (?:will |would |to |could )?(?:just )?(?:take|takes|come for) me\b",
        r"\bbetter off with a (?:[\w']+ )?(?:mum|mom|dad|father|mother|wife|husband|partner|sister|brother|son|"
        r"daughter|friend) who (?:isn't|is not) me\b",
        r"\bif something (?:happened|happens|were to happen|was to happen) to me\b.{0,60}\b(?:welcome|relief|"
        r"wouldn't mind|don't care|fine|nobody|no one|notice|glad)\b",
        r"\blife insurance\b.{0,50}\b(?:than (?:with )?me|without me|if i (?:died|was gone|were gone))\b|"
        r"\bworth more dead\b",
        r"\bswap places with (?:anyone|someone|people|those) who'?s? (?:dying|dead|terminal)\b",
        r"\b(?:would|'d) be (?:happier|better|easier|fine|better off|lighter|relieved)\b.{0,12}\bif i (?:just )?"
        r"(?:disappeared|was gone|were gone|wasn't here|weren't here|died|left for good|vanished|wasn't around)\b",
        r"\bbeing alive\b.{0,40}\b(?:chore|burden|too much|pointless|quit|done|over|unbearable|exhausting)\b|"
        r"\b(?:quit|done with|finished with|opt out of) (?:being alive|living|life|existing)\b",
        r"\b(?:doesn't|didn't|no longer|never) see (?:the|any) point (?:of|in) (?:being alive|living|life|going on)\b",
        r"\b(?:you|i) (?:just )?(?:don't|won't|never) wake up\b(?! (?:on time|early|in time|before|when|at|for|"
        r"to|until|till|refreshed|rested|with|feeling|properly|easily))(?:.{0,10})$",
        r"\b(?:the )?(?:way|how) i'?(?:ll| will| am going to| would) do it\b|\bways? (?:i'?ll|to) do it\b",
        r"\b(?:got|have|made) (?:the|a|my) plan\b.{0,30}\b(?:sorted|ready|set|done|waiting|till|until|figured)\b"
        r"(?!.{0,30}\b(?:exam|revision|study|trip|holiday|party|project|work|business)\b)",
        r"\bwaiting (?:till|until|for) (?:my |the )?(?:[\w']+ )?(?:leaves|is away|goes away|goes out|is out|"
        r"falls asleep|is asleep)\b.{0,30}$|^that's when\b|\bthat'?s it for me\b|\bthe house will be empty\b",
        r"\b(?:timed|scheduled|planned|set|picked|booked) it (?:for|on|around|after|before|so)\b",
        r"\b(?:the ones?|be the one|the first) to find me\b|\bso (?:my|the) (?:kids|family|[\w']+) (?:don't|doesn't|"
        r"won't) (?:find|see) me\b|\bwhen nobody is home\b.{0,20}$",
        r"\b(?:no|nobody|no one|nothing) (?:is |can |will )?(?:talking|talk|going to talk) me out of (?:it|this)\b",
        r"\b(?:i'm )?doing it (?:after|on|this|tonight|tomorrow|next|when|before|once)\b(?!.{0,30}\b(?:exam|"
        r"homework|laundry|essay|work|dishes|shift|run|test|workout|project|taxes)s?\b)",
        r"\bnot coming back (?:down|up|home|out)\b|\bnot come back (?:down|up|home|out)\b",
        r"\blooked up (?:everything|all) i need(?:ed)?\b",
        rf"\b(?:{_MEANS}|medication|medicines?|prescriptions?|antidepressants|heart pills|it|them)\b.{{0,50}}\b(?:for "
        r"(?:the end\b(?! of)|when i (?:decide|am ready|'m ready|can't take it|finally do it)|when the time comes|"
        r"the day i)|"
        r"in case i decide)\b",
        # "the pills are for me", never "it gets a little easier for me"
        rf"\b(?:{_MEANS}|medication|medicines?|prescriptions?|antidepressants|heart pills)\b.{{0,50}}\b(?:for me\.?$|"
        r"are for me|they're for me)",
        r"\b(?:counted out|stockpiled|stockpiling|hoarded|hoarding|stashed|hidden|hid|saved up|saving up) "
        r"(?:[\w']+ ){0,4}(?:pills?|tablets|meds|medication|medicines?|prescriptions?|antidepressants|painkillers|"
        r"blades|razors)\b|\b(?:pills?|tablets|meds|medication|prescriptions?)\b.{0,30}\b(?:counted out|hoarded|"
        r"stockpiled|stashed|hidden)\b",
        r"\b(?:holding|have|got|in my hand|right here)\b.{0,20}\b(?:the pills|my pills|pills)\b.{0,60}\b(?:don't know "
        r"what i'm going to do|could do it|going to|tonight|thinking|do it)\b|\bthe pills are right here\b",
        r"\bfilled (?:my|the) prescription early\b|\bso i'?d have extra\b|\bcarry pills around\b.{0,30}\bdecide\b",
        r"\b(?:got|have|brought) everything i need (?:with me|here|now|in the car|ready)\b"
        r"(?!.{0,30}\b(?:trip|holiday|picnic|camping|hike|exam|test|party)\b)",
        r"\b(?:bought|got|have) what i need\b.{0,40}\b(?:sitting|with it|here|now|tonight|ready)\b",
        r"\bi know where (?:the key|the keys|he keeps|she keeps|they keep|dad keeps)\b.{0,40}\b(?:gun|rifle|"
        r"cabinet|pills|safe)\b|\b(?:gun|rifle|firearm)\b.{0,60}\bi know where the key\b",
        r"\b(?:\d+(?:st|nd|rd|th) floor|top (?:level|floor|of the (?:car park|parking|building|multi-storey|tower|"
        r"block|stairs)))\b.{0,40}\b(?:balcony|railing|looking down|i'm on|i am on|edge|jump|working up|long way)\b|"
        r"\b(?:i'm|i am) on the top (?:level|floor)\b|\bthe railing is low\b",
        r"\bworking up (?:to it|the courage|the nerve)\b",
        r"\b(?:written|wrote|writing|left) (?:a )?(?:letters?|notes?) (?:to|for) (?:everyone|each|all|every)\b"
        r"(?!.{0,30}\b(?:pen ?pals?|thank|christmas|birthday|santa|wedding)\b)|\bletters written\b",
        r"\b(?:giving|gave|give|given|leaving) (?:my|all my) (?:[\w']+ )?(?:cat|dog|pets?|car|savings|money|ps5|"
        r"xbox|guitar|things|stuff|plants|books|jewellery|clothes) to\b(?! (?:charity|a charity|the charity|oxfam|"
        r"the tip)).{0,60}\b(?:doesn't know why|don't know why|"
        r"look after|won't need|where i'm going|for me|without me|after)\b",
        r"(?<!in )(?<!from )(?<!since )(?<!after )(?<!during )\b(?:my|the) last (?:meditation|session|affirmation|"
        r"ritual|recording)\b(?! (?:of|before|in) (?:the|this|"
        r"my) (?:week|course|series|challenge|month|term|holiday|trip|year))|\blast [\w']+ i'?ll ever need\b",
        r"\bletting go forever\b|\bafter i'?m dead\b|\bwhen i'?m dead\b",
        r"\b(?:left|leaving) (?:[\w']+ ){0,5}and a note\b|\ba note on the (?:kitchen )?table\b.{0,40}"
        r"\b(?:understand|sorry|for (?:my|him|her))\b",
        r"\bsoon i won'?t (?:be able to|be here|be around)\b|\b(?:i'm|i am) finished here\b|\bwon't be long now\b",
        r"\breturned everything i borrowed\b|\bfuneral (?:is )?paid\b|\bmy affairs are in order\b",
        r"\btell (?:my|the) (?:[\w']+ )?(?:mum|dad|mom|kids|children|son|daughter|brother|sister|wife|husband|"
        r"partner|family|friends|parents) i loved\b",
        r"\bwon't need any of it\b|\bwhere i'm going\b.{0,10}$",
        r"\b(?:i'm|i am|then i'm|and then i'm) going\b(?:$| now| tonight| tomorrow| for good| soon| before)|"
        r"\b(?:want|wants|need|ready) to go before (?:she|he|they) does?\b|\bleaving this world\b|"
        r"\blogging off for good\b|\b(?:the rest of|out of) this (?:sentence|life|world) alive\b|"
        r"\bdone with being here\b|\b(?:want|wants) out,? properly\b|\bonly way out is to go\b|\bi'm next\b.{0,30}"
        r"\b(?:stopped minding|don't mind|ready|fine)\b",
        r"\b(?:never|not) waking up\b.{0,40}\b(?:make sure|okay|going to|want)\b|\bmake sure i don't\b.{0,10}$|"
        r"\bwon't be coming back\b|\bone way\b.{0,40}\bnot coming back\b|\blast (?:night|day) i plan to be alive\b|"
        r"\b(?:tomorrow|tonight|sunday|saturday|friday) is it\b|\bthat'?s the day\b|\bafter that it won'?t matter\b|"
        r"\b(?:a )?countdown\b.{0,30}\b(?:days? left|to go)\b|\blooking forward to it\b.{0,10}\bsoon\b|"
        r"\b(?:today|tonight) i'?m going to fix that\b|\bstill here\b.{0,40}\b(?:fix that|not for long|disappointed)\b",
        r"\b(?:end|ending|kill|killing) myself\b|\b(?:wana|want to|wanting to|been wanting to) die\b|"
        r"^suicidal$|\bsuicide is the (?:only|best|last)\b|\b(?:decided|deciding|decide|going|want|"
        r"plan(?:ning)?) to kill "
        r"(?:yourself|myself)\b|\b(?:intend|intending|mean|meaning) to (?:end|take) my (?:own )?life\b",
        r"\bwish(?:ing|ed)? i (?:was|were|had been) dead\b|\bshould(?:'ve| have) died\b|\bwish i hadn'?t (?:survived|"
        r"made it|woken up)?\b|\bwish(?:es)? for it to be my last\b",
        r"\bhope (?:my heart|i) (?:just )?(?:gives? out|stops?|don't recover|doesn't recover|get really sick|"
        r"get sick)\b|"
        r"\bhopes? it doesn'?t work so\b|\bso this can (?:all )?be over\b|\bterminal diagnosis\b.{0,40}\brelieved\b|"
        r"\bmy name gets called\b|\bpicturing my (?:own )?funeral\b.{0,30}\b(?:peaceful|calm|relief|relieved)\b",
        r"\b(?:they'd|they would|he'd|she'd|everyone'd|everyone would|my family would) (?:manage|cope|do) (?:fine |"
        r"better |ok |"
        r"okay )?without me\b|\bdeath sounds? like a (?:holiday|relief|rest|gift|release|break)\b|"
        r"\benvy (?:people|those|anyone) who (?:die|get to die|are dead)\b|\bobituaries\b.{0,30}\bjealous\b|"
        r"\bif something hits me,? fine\b|\bstopped looking\b.{0,40}\bhits me\b|"
        r"\bwouldn'?t mind if (?:a|the) (?:bus|car|truck|lorry|train) (?:took me out|hit me|killed me|ran me over)\b|"
        r"\bfall asleep and (?:stay asleep|never wake|not wake)\b|\bwant it over sooner\b|\btill it'?s over\b.{0,40}"
        r"\bsooner\b|\bwish we could both (?:just )?go\b",
        r"\b(?:i've|i have) already decided how\b|\bgot it all worked out\b|\bi know when and i know where\b|"
        r"\bend things myself\b|\bnothing (?:left )?stopping me\b|\bthe one who finds me\b|\bgoing to the (?:cliffs?|"
        r"bridge|tracks|river|sea|woods) instead\b|\bthen i'?m going\b|\bgoing down to the (?:beach|river|sea|"
        r"lake)\b.{0,30}"
        r"\bwon'?t be coming back\b",
        r"\b(?:i'm|i am|sat|sitting|standing|stood|parked|up|i'm up|i'm sat) (?:on|at|in|by|"
        r"near) (?:the )?(?:edge of the )?"
        r"(?:top of the )?(?:[\w']+ )?(?:tracks|railway|railway line|train tracks|platform|level crossing|bridge|"
        r"overpass|"
        r"cliff|cliffs|cliff path|ledge|windowsill|railing|balcony|roof|rooftop|pier|multi-storey|car park|reservoir|"
        r"river|canal|station|motorway bridge)\b.{0,60}\b(?:looking down|keep looking|stepping|jump|won't|the next "
        r"one|not scared|been here|nobody|legs over|edge|make it quick|thinking|an hour|alone|barriers|it's dark|"
        r"just talk|don't give me|the wind|lorries|trains go past)\b",
        r"\bon the (?:balcony|window) railing\b|\bwindowsill\b.{0,30}\blegs over\b|\bmake it quick\b",
        r"\b(?:what|everything|all) i (?:need|'m going to use|am going to use|need to do it)\b.{0,40}\b(?:bag|boot|car|"
        r"pocket|got it|with me|here|mattress|hidden|now|in front of me)\b|\b(?:the |my )?(?:stuff|things) i bought\b|"
        r"\bbrought everything with me\b|\bhidden what i'?m going to use\b|\btaken home what i need\b|"
        r"\bcollecting what i need\b",
        r"\b(?:holding|got|have|taken|took) (?:my |his |her |my husband's |my dad's |the )?(?:[\w']+ )?(?:shotgun|"
        r"rifle|gun|"
        r"pistol|knife|blade)\b.{0,40}\b(?:out|sat|with it|for a while|on the (?:kitchen )?table|picking it up|"
        r"next to me)"
        r"\b|\b(?:knife|blade|gun|rope|pills|meds|razor) is (?:next to|beside|on|in front of|under) me\b|"
        r"\b(?:meds|pills|tablets|medicine cabinet)\b.{0,40}\b(?:on the (?:kitchen |bathroom )?(?:table|floor)|staring|"
        r"sitting here)\b",
        r"\bwho (?:gets|should get|is getting) (?:the|my|what)\b|\b(?:my|write|writing|finish|leave|posted|post|"
        r"record) "
        r"(?:my )?goodbye (?:letters?|post|message|note|video)\b|"
        r"\bwon'?t be (?:needing|around to)\b|\bthen it'?s (?:done|over)\b|\bby then it'?ll be over\b|\bbefore i go\b$|"
        r"\bmy last (?:day|wish|texts?|message|words)\b|\bsent my last\b|\bi'?m ready\b$|^forgive me\b|"
        r"\bwhy i chose to go\b|\b(?:passwords|bank details)\b.{0,40}\b(?:envelope|need them soon|for my)\b|"
        r"\blook after my (?:plants|dog|cat|kids|pets)\b|\bleaving the (?:dog|cat) with\b.{0,30}\b(?:tonight|then)\b|"
        r"\btold them i'?m moving abroad\b|\bput the house in order\b|\bleave behind for\b",


        rf"\b(?:found|know|knows|figured out|worked out) where (?:[\w']+ ){{0,3}}(?:hides?|keeps?|stores?|puts?) "
        rf"(?:the |his |her |their )?{_MEANS}\b",
        rf"\b{_MEANS}\b.{{0,60}}\b(?:thinking (?:about|of)|think about|tempted to|want to|going to) "
        r"(?:drinking|taking|swallowing|using|jumping|drink|take|swallow|use|jump)\b",
        r"\b(?:note|letter|message) (?:saying|to say) (?:sorry|goodbye|i'm sorry)\b",
        rf"\b(?:carved|carve|carving|etched|etching|scratched|scratching|cut) (?:[\w']+ ){{0,3}}(?:into|in|on) "
        rf"my {_BODY}\b(?!.{{0,60}}\b(?:kitchen|chopping|knife slipped|stitches|from the|by accident|accidentally|"
        r"glass|tin|paper|nurse said|doctor said))",


        r"\bi'm sorry\b$",
        r"\btell (?:my|the) (?:[\w']+ )?(?:mum|dad|mom|kids|children|son|daughter|brother|sister|wife|husband|"
        r"partner|family|friends|parents|girlfriend|boyfriend) (?:i love|i'm sorry|that i love|that i'm sorry|"
        r"it wasn't|it's not|not to)\b",
        r"\b(?:wanted|want|need) to say (?:goodbye|bye|thank you and goodbye)\b|\bthank you,? and goodbye\b",
        r"\b(?:giving|given|gave|give) (?:\w+ )?(?:my|all my) (?:[\w']+ )?(?:things|stuff|belongings|possessions|"
        r"guitar|books|clothes|dog|cat|pets?|jewellery|jewelry)(?: and [\w' ]+)? away\b(?!.{0,40}\b(?:charity|"
        r"declutter\w*|"
        r"clear(?:ing)? out|spring clean|moving house|car boot|selling|freecycle)\b)|"
        r"\b(?:giving|gave) away (?:my|all my) (?!old (?:baby|kids'?|school|work) |baby |outgrown )[\w']+"
        r"(?: and (?:my )?[\w']+)?\b(?!.{0,60}\b(?:expecting|charity|outgrown|declutter\w*|moving|new baby|"
        r"shop|freecycle|selling)\b)",
        r"\bgave my (?:dog|cat|pet|rabbit|bird) to\b.{0,30}\b(?:looked after|look after|take care|so (?:he|she|"
        r"it)'ll)\b",
        r"\b(?:sorted out|sorted|updated|finished) my will\b(?!.{0,40}\b(?:lol|adulting|solicitor|mortgage|"
        r"baby|wedding|married|house|responsible)\b)|\bwho gets what\b",
        r"\blast time you'll (?:ever )?hear from me\b|\byou won't hear from me again\b",
        r"\bby the time (?:anyone|you|someone) (?:reads|sees|finds) this\b",
        r"\b(?:saying|say|said) my goodbyes\b|\bsaid goodbye to (?:everyone|my friends|my family)\b.{0,30}"
        r"\b(?:knowing|for good|last|without)\b",
        r"\b(?:one|for the) last time\b.{0,20}$|\bone last time\b",
        r"\blast (?:meditation|session|affirmation|ritual|time using) for me\b|\bthe last time i (?:use|open|listen)\b",
        r"\bsorry for everything\b.{0,40}\b(?:love you|bye|goodbye)\b|\blove you all,? (?:bye|goodbye)\b",
        r"\b(?:tidying|tidy|putting|put|getting|get) (?:up )?my affairs (?:in order)?\b.{0,40}\b(?:for them|after|easy|"
        r"gone)\b|\bmy affairs in order\b",
        r"\bit wasn't (?:his|her|their|your) fault\b",

    ),
    "self-harm": (
        *_FRAMES_SELF,
        *_FRAMES_PLAIN_SELF,
        *_FRAMES_ASKED_SELF,
        r"\bself[- ]?harm(?!ed (?:when|as|in|at)| as a| when i was)",
        r"\bself[- ]?injur",
        r"\bself-harm (?:urges|again|tonight|is|thoughts)\b",
        rf"\b(?:want to|wanted to|going to|need to|have to|urge to|urges to|tempted to|about to|feel like|"
        rf"keep|kept|been|started|start|can't stop|can't help|still|often|always) "
        rf"(?:hurt|harm|cut|burn|injure|punish|starve|hit|punch|bite|scratch|scar|mutilate|hurting|harming|"
        rf"cutting|burning|injuring|punishing|starving|hitting|punching|biting|scratching)(?:ing)? "
        rf"(?:myself|my {_BODY})\b(?! (?:some |a little )?slack| on (?:the|a) (?:oven|stove|pan|tray|iron))",
        r"\b(?:cut|cuts|cutting|burn|burns|burned|burnt|burning|harm|harming|hit|hitting|punch|punching|bite|"
        r"biting|bit|carve|carved|carving|scratch|scratching|scratched|hurt|hurting) myself\b.{0,40}"
        r"\b(?:again|every|on purpose|deliberately|to (?:feel|cope|punish|numb|calm|stop)|with (?:a|the) "
        r"(?:lighter|razor|blade|knife|compass|scissors|glass)|hard enough|until|till|when i)",
        rf"\b(?:cut|cutting|burn|burning|scratch|scratching|carve|carved|carving|hit|hitting|slam|slamming|"
        rf"bang|banging) (?:into )?my (?:[\w']+ )?{_BODY}\b(?! (?:hair|nails|shaving|while cooking|by accident|"
        r"accidentally|on the (?:oven|door|cupboard|shelf|table)))",
        r"\b(?:hitting|banging|hit|bang|slamming) my head (?:against|on|into)\b",
        r"\bpunch(?:ing)? walls? until\b|\bpunch (?:the )?walls? until\b|\buntil my knuckles (?:split|bleed)\b",
        r"\b(?:cut|cuts|cutting) (?:again|last night|tonight|every night|most nights)\b",
        r"\bi cut again\b|\b(?:relapsed|relapse) (?:and cut|with cutting|on self-harm)\b",
        r"\b(?:hide|hiding|cover|covering) (?:the |my )?(?:cuts|scars|burns|bruises|marks) (?:on|from)\b",
        rf"\bmy {_BODY} (?:are|is) (?:all )?(?:cut|cut up|covered in cuts|bleeding)\b",
        r"\b(?:make|made|making) myself (?:bleed|hurt|bruise)\b",
        r"\b(?:want|need|needed|crave) (?:to feel )?(?:the )?(?:physical )?pain\b.{0,40}\b(?:calm|drown|numb|"
        r"feel|cope|the other kind|real|stop)\b",
        r"\bneed the pain\b",
        r"\b(?:want to|going to|need to) (?:hurt|punish|harm|damage) my body\b",
        r"\b(?:cutting|burning|hurting myself) is the only (?:thing|way)\b",
        r"\bkeep a (?:razor|blade|lighter|knife)\b.{0,40}\b(?:when it gets bad|for when|in case|pencil case|for me)\b",
        r"\b(?:reopen|reopening|re-open|pick at|picking at|tear open) (?:the |my )?(?:old )?(?:scars|cuts|wounds)\b",
        r"\bpicking at my (?:skin|scabs?) (?:till|until) (?:it )?bleeds?\b|\bi want it to hurt\b",
        r"\b(?:starve|starving) myself\b|\b(?:stopped|stop) eating (?:on purpose|to punish)\b",
        r"\bdrink(?:ing)? until i black out on purpose\b|\bon purpose so i don't have to feel\b",
        r"\b(?:scratch|scratching|scratched) (?:until|till) i bleed\b|\buntil i bleed\b",
        r"\brazor blades? (?:to|on) my\b",
        r"\b(?:just|i) (?:cut|harmed|burned|burnt) myself\b(?! (?:shaving|cooking|by accident|accidentally|on (?:the|"
        r"a)|at|while|"
        r"in the|with (?:a|the) (?:kitchen|bread|iron|oven|pan)|ironing|baking))|\bthinking (?:about|of) cutting\b|"
        r"\bcan't stop "
        r"thinking about (?:cutting|hurting myself|burning)\b",
        r"\buntil my (?:knuckles|hands?|fists?) (?:bled|bleed|split|broke)\b|\bon purpose\b.{0,40}\b(?:bled|bleed|"
        r"bruise|hurt|burn|cut|slammed|hit|punched)\b|\b(?:bled|slammed|punched|hit|burned|cut) .{0,40}on purpose\b",
        r"\bso i cut\b|\bi need to feel (?:the )?pain\b|\b(?:i )?deserve (?:to hurt|pain|to be hurt|to suffer)\b",
        r"\b(?:holding|have|got) a (?:razor|blade|knife|lighter)\b.{0,30}\b(?:use it|want to|on myself|cut)\b",
        r"\bself-harm (?:streak|free streak)\b.{0,20}\b(?:broke|broken|ended|lost)\b|\bbroke my (?:self-harm )?"
        r"(?:streak|clean streak)\b",
        r"\b(?:was|been|i'd been) clean (?:for|since)\b.{0,30}\b(?:relapsed|cut|again|slipped)\b|\bjust relapsed\b",
        r"\bhurt myself (?:so|to|because|when|again|every|to feel)\b|\bhurting myself\b(?! (?:by accident|"
        r"accidentally|at the gym|running|lifting))",
        r"\bmy (?:cuts|burns|wounds) (?:are|is) (?:getting|getting worse|worse|deeper|infected|bleeding)\b|"
        r"\b(?:my )?cut needs stitches\b|\bfresh cuts\b|\bnew cuts\b",
        r"\b(?:make|made) myself (?:throw up|sick|vomit) to punish\b|\bto punish myself\b",
        r"\bhide the (?:marks|cuts|scars|burns|bruises)\b|\b(?:long sleeves|bracelets) (?:to hide|so no one sees)\b",
        r"\bwant to see (?:my own )?blood\b|\bsee blood\b.{0,10}$",
        r"\bthe only thing that (?:helps|works) is (?:hurting|cutting|burning) myself\b",
        r"\b(?:stop|keep|stopping|keeping) (?:me|myself) from (?:cutting|burning|hurting myself|self-harming)\b|"
        r"\bcutting (?:helps|is the only|makes|calms|stops)\b",
        rf"\b(?:punch|punching|punched|bite|biting|bit|hit|hitting|slap|slapping|scratch|scratching|pinch|pinching|"
        rf"burn|burning|bang|banging|claw|clawing) (?:myself|my (?:own )?{_BODY})\b.{{0,60}}\b(?:hard|marks|bruises|"
        r"bleed|blood|until|till|nobody|no one|every time|on purpose|to feel|punish|can't stop|again)\b|"
        rf"\bevery time i (?:mess up|fail|get it wrong|feel)\b.{{0,30}}\b(?:bite|hit|punch|scratch|burn|cut)\b",
        r"\brelapsed\b.{0,20}\b(?:fresh|marks|cuts|cut|again)\b|\bfresh (?:marks|cuts|scars|wounds|burns)\b",
        r"\bfor when (?:it|things) gets? (?:bad|too much|worse|really bad)\b",
        r"\blong sleeves\b.{0,40}\b(?:summer|hide|again|you know why|heat|so no one|so nobody)\b",
        r"\b(?:box|pack|packet|stash) of (?:razor )?blades\b",
        r"\bi did it (?:an hour|a few minutes|last night|again|earlier)\b.{0,10}$",
        r"\b(?:need|want|urge|urges|craving|itching|dying) to cut\b(?! (?:back|down|out|ties|costs|spending|sugar|the|"
        r"my (?:hair|fringe|nails)|it short|loose|corners|in|off|through|carbs|caffeine))|\bcut(?:ting)? too deep\b|"
        r"\b(?:i've|i have|i) been (?:cutting|hurting myself|burning myself|self-harming)\b|^been cutting\b|"
        r"\bhurt(?:ing)? (?:myself|yourself)\b(?! (?:at|playing|during|while|in "
        r"(?:the )?(?:gym|game|match)|by accident|accidentally|lifting|running|falling))",
        r"\bmaking myself (?:sick|throw up|bleed)\b|\b(?:on|to) my own body\b|"
        r"\bdid something to my [\w']+ (?:[\w']+ )?on "
        r"purpose\b|\bneed to feel (?:physical )?pain\b|\bpunish myself physically\b|\bout of my skin\b|\bmarks on my "
        rf"{_BODY}\b.{{0,40}}\b(?:do it more|again|scared)\b|\bgot the stuff in my bag\b|\bjust did it again\b",



    ),
    "harm-others": (
        *_FRAMES_OTHERS,
        *_FRAMES_PLAIN_OTHERS,
        *_FRAMES_ASKED_OTHERS,
        rf"\b(?:want to|wanna|going to|gonna|plan to|planning to|about to|will|need to|have to|ready to|"
        rf"thinking (?:about|of)|keep thinking about|can't stop thinking about|picturing|imagining|fantasi[sz]e "
        rf"about|dream about|urge to|urges to|tempted to|might|could really|could) (?:[\w']+ )?"
        rf"(?:kill|killing|murder|murdering|stab|stabbing|shoot|shooting|strangle|strangling|hurt|hurting|harm|"
        rf"harming|beat up|beating|attack|attacking|poison|poisoning|run over|running over|choke|choking|"
        rf"smother|smothering|break) {_PERSON}\b(?!(?:'s)? (?:at|in) (?:chess|cards|a game|fifa|tennis|squash))",
        rf"\b(?:kill|murder|stab|shoot|strangle|hurt|choke|poison) (?:[\w']+ )?{_PERSON} (?:tonight|tomorrow|today|"
        r"for what|and|with|when|if)\b",
        r"\b(?:run|ran) (?:him|her|them) over\b|\bbreak (?:his|her|their) (?:neck|legs|face)\b",
        r"\bburn (?:down )?(?:his|her|their) (?:house|flat|car)\b.{0,30}\b(?:with (?:him|her|them)|inside|in it)\b",
        rf"\bmake {_PERSON} (?:pay|suffer|bleed|sorry)\b|\bmake (?:him|her|them) (?:pay|suffer|sorry|regret)\b",
        r"\b(?:want to|going to|want) see (?:him|her|them) (?:bleed|suffer|die|dead|in pain)\b",
        r"\b(?:shoot|shooting|bomb|bombing|blow) up (?:the|my|a) (?:school|office|work|class|church|mall|mosque|"
        r"synagogue|building)\b",
        r"\b(?:bring|brought|take|taking|took|carry|carrying) a (?:gun|knife|weapon|blade) to (?:school|work|"
        r"the office|class|church)\b",
        r"\b(?:brought|have|got) (?:a |my )?(?:knife|gun|weapon|bat)\b.{0,60}\b(?:using it on|use it on|"
        r"thinking about using|on my (?:manager|boss|teacher)|get back at|people to)\b",
        r"\b(?:a lot of|some) people to get back at\b|\bget back at (?:them|him|her|everyone)\b.{0,30}"
        r"\b(?:gun|knife|hurt|pay)\b",
        r"\bwait(?:ing)? (?:outside|for) (?:his|her|their) (?:flat|house|work|car|school)\b.{0,30}"
        r"\b(?:with a|tonight|bat|knife|gun)\b",
        rf"\b(?:scared|afraid|worried|terrified) (?:that )?(?:i'll|i will|i might|i could|i'm going to) "
        rf"(?:hurt|harm|kill|snap and hurt|shake|drop) (?:[\w']+ )?{_PERSON}\b",
        rf"\bdon't trust myself (?:around|with|near) {_PERSON}\b",
        r"\b(?:voice|voices) (?:telling|tell|tells|told) me to (?:hurt|kill|harm)\b",
        r"\bi (?:hit|hurt|slapped|shook|beat) (?:my )?(?:son|daughter|kids?|child|children|baby|wife|"
        r"husband|partner|girlfriend|boyfriend)\b.{0,40}\b(?:again|tonight|think i'll|going to)\b",
        rf"\b(?:i )?(?:keep|kept) (?:picturing|imagining|thinking about) (?:killing|hurting|stabbing|shooting) "
        rf"(?:[\w']+ )?{_PERSON}",
        r"\bwhat happens when you push me too far\b|\bthey're all going to (?:pay|find out what happens)\b",
        r"\b(?:following|stalking) (?:my ex|her|him)\b.{0,40}\b(?:sorry|pay|hurt)\b",
        r"\b(?:could|would|might) (?:really )?(?:hurt|kill) someone\b",
        r"\bhurt people\b",
        r"\b(?:bring|bringing|take|taking|brought) (?:something|a weapon|weapons|it|my (?:dad's |mum's )?[\w']+) "
        r"(?:to|into) (?:school|work|class|the office|the hearing|court|the custody hearing|the meeting)\b.{0,40}"
        r"\b(?:get back|hurt|pay|regret|show them|tomorrow|monday)\b|\bbring(?:ing)? a weapon\b",
        r"\bget back at (?:the |those |these |all )?(?:people|everyone|them|him|her|[\w']+s)\b",
        r"\b(?:no idea|don't know|doesn't know|have no clue) what'?s coming\b",
        r"\b(?:go over there|go round there|go round|go to (?:his|her|their) (?:house|place|flat)) and "
        r"(?:hurt|kill|beat|smash|stab|hit|deal with)\b",
        r"\bmake (?:[\w']+ ){1,4}(?:suffer|bleed)\b|\bmake (?:[\w']+ ){1,4}pay for what\b",
        r"\b(?:think|thinking|thought|thoughts) (?:about|of) (?:hurting|harming|killing|hitting|drowning|smothering|"
        r"stabbing|shoving|pushing|strangling) (?:your |my |the |a |random |our )?(?:[\w']+ )?(?:kids?|children|baby|"
        r"son|daughter|strangers|people|partner|wife|husband|him|her|them|someone|toddler|newborn)\b",
        r"\blist of (?:the )?people\b.{0,60}\b(?:deal with|going to|pay|regret|hurt|get)\b|"
        r"\bdeal with them one by one\b",
        r"\b(?:don't care|wouldn't care|hope) if (?:he|she|they) (?:ends? up|end up|winds? up) (?:dead|in hospital|"
        r"hurt)\b",
        r"\bregret (?:how|what) (?:they|he|she) (?:did|treated|said)\b.{0,40}\b(?:monday|tomorrow|tonight|going to|"
        r"different|pay|see)\b|\b(?:monday|tomorrow) is (?:going to|gonna) be different\b",
        r"\bhands (?:were |are |went )?(?:around|on) (?:his|her|their) (?:neck|throat)\b",
        r"\b(?:following|followed|been following) (?:her|him|them|my ex) (?:home|around|to work|from work)\b",
        r"\bsmash (?:[\w']+ ){0,2}face in\b|\bkick (?:[\w']+ ){0,2}head in\b",
        r"\brevenge\b.{0,60}\b(?:address|where (?:he|she|they) lives?|found (?:his|her|their))\b",
        r"\bclose (?:i get |i came |i am |i'm )?to (?:hitting|hurting|killing|strangling|shaking) (?:them|him|her|"
        r"my)\b",
        r"\bwant (?:them|him|her|everyone)(?: all)? to (?:hurt|suffer|pay|bleed|die)\b",
        r"\b(?:he'll|she'll|they'll|they will|he will|she will) pay for\b|\bsomething i can'?t take back\b|"
        r"\b(?:which ones|who) deserves? it\b|\b(?:dropping|shaking|drop|shake) (?:him|her|the baby|my baby)\b.{0,30}"
        r"\b(?:on purpose|to make it stop|terrified)\b|\bmake them all (?:feel|pay|suffer)\b|"
        r"\b(?:kill|poison|hurt) (?:it|the dog|their dog|his dog|her dog|the cat|their cat)\b(?!.{0,20}\bmeeting\b)|"
        r"(?<!about )(?<!of )(?<!for )\b(?:they've|he's|she's|they have|he has|she has|gets?|getting|get) "
        r"what'?s coming\b|\bwhat i'?ll do to (?:him|her|them)\b|\bwants? to kill (?:their|his|her|my) "
        r"(?:husband|wife|partner|boyfriend|girlfriend|mum|dad|son|daughter)\b|\bdriving into (?:people|the crowd|"
        r"crowds|pedestrians)\b|\bshooting up (?:my|the|a) (?:workplace|work|campus|uni|college)\b|\blist of names\b|"
        r"\b(?:scared|afraid|frightened|terrified) of what i'?(?:ll|might|could) do\b|\bwent for (?:a|the|him|her|"
        r"this) "
        r"(?:guy|man|bloke|woman|driver)\b|\bputting something in (?:[\w']+ )?food\b|\b(?:machete|knife|bat|gun|blade)"
        r"\b.{0,40}\b(?:for (?:the|those|him|her|them)|lads who)\b|\bwon'?t be laughing\b|\bfantas(?:ies|y|ise|ize|"
        r"ising|"
        r"izing) about (?:killing|hurting|stabbing|shooting)\b|\b(?:outside|at) (?:my ex's|his|her) (?:house|flat)\b"
        r".{0,20}\bwith a (?:bat|knife|gun)\b|\bmake (?:my |the |his |her )?[\w']+ regret\b.{0,40}\b(?:prison|touching|"
        r"what he did|what she did)\b|\bgiving (?:one of )?the patients something\b|"
        r"\bpushed her\b.{0,40}\bfrightened\b",


        r"\b(?:want to|wanna|going to|gonna|will|i'll|about to|ready to|plan(?:ning)? to|thinking (?:about|of)|"
        r"fantasi[sz](?:e|ing) about|imagining|picturing|dream(?:ing)? (?:about|of)|urges? to|could|might) "
        r"(?:[\w']+ ){0,2}(?:slit|cut|snap|smash|crush|break|bash|cave in) (?:his|her|their) "
        r"(?:throat|neck|head|skull|face|legs)\b",
        rf"\b(?:push|pushing|shove|shoving|throw|throwing) {_PERSON} (?:down|off|in front of|into|under)\b"
        r"(?!.{0,20}\b(?:pool|swing|slide|sledge|snow|water|game)\b)",
        rf"\b(?:set fire to|setting fire to|torch|torching) (?:{_PERSON}|(?:his|her|their) (?:house|flat|car|place))\b",
        r"\b(?:get|getting|take|taking) (?:him|her|them) out\b.{0,30}\b(?:for good|permanently|gun|knife|kill)\b|"
        r"\b(?:end|ending) (?:him|her|them)\b(?! up)",
        rf"\b(?:do|did) something (?:bad |terrible |awful |violent )?to {_PERSON}\b.{{0,40}}\b(?:scared|afraid|"
        r"can't stop|won't stop|tonight|going to|i might|i'll)\b|\b(?:scared|afraid) i'?(?:ll|m going to|might) do "
        r"something (?:bad |terrible |awful |violent )?to\b",
        r"\b(?:wish|hope|hoping|want) (?:[\w']+ ){0,2}(?:was|were|would be|ends up) dead\b(?!.{0,15}\b(?:lol|tired|"
        r"meat)\b)",
        r"\b(?:poison|poisoning|drug|drugging|spike|spiking) (?:his|her|their) (?:food|drink|tea|coffee|dinner|meal)\b",
        rf"\b(?:hurt|kill|stab|shoot|attack|harm|punch|beat up|strangle|choke) (?:{_PERSON}) (?:if|when|the next|"
        r"next time|one day|someday|before)\b(?!.{0,40}\b(?:lol|haha|jk|leftovers|dishes|eats?|ate|forgets?|late)\b)",
        rf"\b(?:intrusive )?(?:thoughts?|urges?|images?|fears?) (?:of|about|that i'?(?:ll|might|could|will)) "
        rf"(?:hurting|harming|killing|drowning|smothering|stabbing|dropping|shaking|hurt|harm|kill|drown|smother|"
        rf"stab|drop|shake) {_PERSON}\b",
        r"\b(?:i'm|i am|i've been|i keep|keep|i) (?:[\w']+ )?(?:hitting|beating|hurting|slapping|kicking|choking|"
        r"shaking) (?:my|the) (?:[\w']+ )?(?:kids?|children|child|son|daughter|baby|toddler|wife|husband|"
        r"partner|girlfriend|boyfriend|mum|dad|mother|father)\b",

        r"\b(?:thoughts?|thinking|urges?|images?) (?:of|about) (?:hurting|harming|smothering|shaking|drowning|killing|"
        r"stabbing|suffocating) (?:my |the |our )?(?:baby|newborn|child|kids?|son|daughter|children|toddler|"
        r"partner|wife|husband|mum|dad)\b",
        r"\b(?:smother|smothering|shake|shaking|suffocate|suffocating|drown|drowning) the baby\b",
        r"\b(?:scared|afraid|terrified|worried) of what i'?(?:ll|might|could) do to (?:my |the )?(?:kids|children|"
        r"baby|son|daughter|partner|wife|husband|him|her|them)\b",
        r"\b(?:i )?(?:feel like i |think i )?could (?:really )?(?:hurt|harm|kill) (?:my |the )?(?:child|baby|kids?|son|"
        r"daughter|children)\b",
        r"\bbeat (?:him|her|them) until\b|\bhow i'?d kill\b|\bi'll kill (?:him|her|them),? i swear\b",
        r"\bhurt the first person\b|\bsomeone'?s going to get hurt\b|\bget(?:ting)? revenge\b.{0,30}\b(?:hurt|pay|"
        r"kill|gun|knife)\b",
        r"\bi (?:hit|slapped|beat|kicked|shook) my (?:kid|child|son|daughter|baby|toddler)\b",
        r"\b(?:want|going|gonna) to hurt (?:the )?(?:people|kids|boys|girls|guys) who\b",
        r"\b(?:bought|got|get|getting) a (?:gun|knife|weapon) to (?:deal with|sort out|handle|get|use on)\b",
        r"\bburn (?:their|his|her) (?:house|flat|car|place) down\b",
        r"\b(?:i'm|i am) (?:actually )?going to do it\b.{0,30}\b(?:baby|him|her|them|kids)\b|\bscared i'm "
        r"(?:actually )?going to do it\b",

    ),
    "danger": (
        *_FRAMES_DANGER,
        *_FRAMES_PLAIN_DANGER,
        *_FRAMES_ASKED_DANGER,
        rf"\b{_HARMER} (?:said|says|has said|threatened|threatens|swore|told me) (?:[\w']+ ){{0,6}}"
        r"(?:kill me|hurt me|kill (?:my|the)|hurt (?:my|the)|take (?:the kids|her|him|the baby)|post my|"
        r"i'll regret|make me pay|end me)",
        rf"\b{_HARMER} (?:will|'ll|is going to|going to|might|could) (?:kill|hurt|hit|find|take) "
        r"(?:me|the kids|my kids|my son|my daughter|my baby|us|her|him)\b",
        r"\b(?:i think|i'm scared|i'm afraid|scared|afraid|terrified|worried) (?:that )?(?:he's|she's|he is|"
        r"she is|they're|he|she|my \w+) (?:going to|will|is going to|might) (?:kill|hurt|hit) (?:me|us|the kids)\b",
        rf"\b{_HARMER} (?:hits|hit|beats|beat|kicks|kicked|punches|punched|slaps|slapped|chokes|choked|"
        r"strangles|strangled|pushes|pushed|shoves|shoved|burned|burns|locks|locked|"
        r"touches|touched|raped|forces|forced|grabbed|bit|bites|drags|dragged) (?:me|my|us|a knife at me|"
        r"things at me)\b",
        rf"\b{_HARMER} (?:threw|throws) (?:a |the )?(?:knife|glass|plate|chair|bottle) at me\b",
        r"\b(?:i was|i've been|i got|was|been) (?:raped|sexually assaulted|assaulted|attacked|abused|"
        r"trafficked|strangled|choked)\b",
        r"\b(?:scared|afraid|fear|fearing|terrified) for my (?:life|safety|kids' lives|children's safety)\b",
        r"\b(?:won't|will not|might not|may not) (?:survive|live|make it) (?:till|until|through|to) (?:the )?"
        r"(?:morning|night|tomorrow)\b",
        r"\bhiding (?:in|from)\b.{0,40}\b(?:banging|he's|she's|he is|they're|door|coming|find me)\b",
        r"\b(?:banging|pounding|kicking) (?:on|at|down) (?:the|my) door\b",
        r"\blocks me in\b|\blocked me in\b|\bwon't let me (?:leave|out|go)\b",
        r"\bcomes into my room at night\b|\b(?:touches|touched) me\b.{0,40}\b(?:not to tell|don't tell|"
        r"secret|scared|at night)\b|\btold me not to tell\b",
        r"\btakes my (?:phone|money|passport|keys)\b.{0,40}\b(?:no one|nobody|won't let|believe|can't leave)\b",
        r"\b(?:they|he|she) (?:have|has|took|keeps?) my passport\b|\bmade to work for no pay\b",
        r"\b(?:bruises|marks) (?:all over|everywhere)\b.{0,40}\b(?:he|she|says|fault)\b|"
        r"\bsays (?:it's|its|it is) my fault\b",
        r"\bforces me to\b|\bmakes me do (?:stuff|things) i don't want\b|\bsays i owe him\b",
        r"\b(?:kicked|punched|hit) me in the (?:stomach|face|head)\b",
        r"\bpushed me down the stairs\b|\btold the doctors i fell\b",
        r"\bsending me messages about my body\b|\bmessages about my body\b.{0,20}\bi'm 1[0-7]\b",
        r"\b(?:afraid|scared|terrified) (?:he'll|she'll|he will|she will|they'll|he might|she might) "
        r"(?:hurt|take|kill) (?:the kids|my kids|me|the baby|us|them)\b",
        r"\bthreatened to (?:take (?:her|him|them|the kids|my)|kill|hurt|post)\b",
        r"\b(?:has|had|got) a (?:gun|knife|weapon)\b.{0,30}\b(?:angry|threaten|scared|drunk)\b|"
        r"\b(?:angry|drunk)\b.{0,30}\b(?:has|had|got) a (?:gun|knife)\b",
        r"\bcan't get out (?:of bed )?on my own\b.{0,40}\b(?:hits|hurts)\b|\b(?:hits|hurts) me when nobody\b",
        r"\bscared (?:i won't|i'll never) (?:get out|survive|make it)\b",
        r"\b(?:i'm|i am) (?:not|never) safe (?:at home|here|with (?:him|her|them))\b",
        rf"\b{_HARMER} (?:gets?|got|is|was|becomes|turns) (?:really |so |very )?(?:violent|physical|rough|"
        r"dangerous|scary)\b(?! (?:film|game|sport|match))",
        rf"\b{_HARMER} (?:has been |keeps |is |was )?(?:sending|sent|asking|asked|making|made|forcing|forced|"
        r"pressuring|pressured|blackmailing|blackmailed|threatening|threatened) (?:me )?(?:[\w']+ ){0,3}"
        r"(?:nudes|naked|pictures of me|photos of me|my photos|my pictures|sexual|to send|to touch|to do things|"
        r"to keep it (?:a )?secret|to share)\b",
        r"\b(?:share|post|leak|send) my (?:nudes|photos|pictures|videos)\b|\bsextort\w*\b|\bgroom(?:ed|ing) me\b",
        r"\b(?:an adult|a grown man|a grown woman|an older (?:man|guy|woman)|someone older) (?:online |i met "
        r"online )?(?:is |keeps |has been )?(?:asking|messaging|texting|telling|wants) me\b",
        rf"\b{_HARMER} (?:controls|tracks|checks|monitors|reads) (?:all )?(?:of )?(?:my|everything)\b.{{0,40}}"
        r"\b(?:scared|afraid|won't let|not allowed|can't|hurt|angry)\b",
        rf"\b{_HARMER} (?:won't|will not|doesn't|does not) let me (?:leave|go out|see|eat|sleep|have|call|talk)\b",
        rf"\b{_HARMER} (?:screams?|yells?|shouts?) (?:at me )?(?:and|then) (?:hits|throws|breaks|grabs|pushes|"
        rf"shoves)\b",
        r"\b(?:i'm|i am) (?:scared|afraid|terrified|frightened) (?:of|for) (?:my (?:life|safety)|what (?:he|she|they)"
        r"(?:'ll| will| might) do)\b",
        r"\b(?:hiding|hide) from (?:him|her|them|my [\w']+)\b|\b(?:he|she|they)'?s? (?:coming|on (?:his|her|their) "
        r"way) (?:back |home )?(?:to (?:get|hurt|find) me|and (?:i'm|i am) scared)\b",
        r"\b(?:sold|selling|sell) me\b|\b(?:can't|cannot|not allowed to) leave (?:the house|the flat|this place|"
        r"here)\b.{0,40}\b(?:he|she|they|won't|locked|passport|work)\b",
        rf"\b{_HARMER} (?:abuses|abused|molests|molested|assaults|assaulted|rapes|raped|hurts|hurt|attacks|"
        r"attacked|strangles|strangled|chokes|choked) (?:me|us|my [\w']+)\b",
        r"\b(?:sexually )?(?:abused|molested|assaulted) (?:me|by)\b|\bi was (?:[\w']+ )?(?:abused|molested|"
        r"assaulted) (?:last|this|yesterday|today|tonight|again)\b",
        r"\b(?:unsafe|not safe|in danger) (?:at home|in my (?:home|house|flat)|with (?:him|her|them|my [\w']+))\b|"
        r"\bin danger right now\b",
        r"\b(?:took|takes|taken|keeps|has|have|kept) (?:[\w']+ ){0,4}my (?:passport|id|documents|papers)\b|"
        r"\bnot allowed (?:to )?(?:leave|go out|see|talk|eat)\b",
        r"\b(?:child|kid|girl|boy|baby|daughter|son|toddler)\b.{0,40}\bbeing (?:hurt|abused|beaten|hit|neglected)\b",
        r"\bcan't go (?:back )?home\b(?!.{0,20}\b(?:for christmas|for the holidays|until|this year)\b)|"
        r"\bhiding in (?:my|the) (?:car|wardrobe|closet|cupboard|bathroom|shed)\b|\binside the (?:wardrobe|closet)\b",
        r"\b(?:keep it|it's our|this is our|our little) secret\b|\bto keep (?:it|this|us) (?:a )?secret\b",
        r"\b(?:takes?|took|stealing|steals|keeps) my (?:pension|money|benefits|wages|savings)\b.{0,40}\b(?:without "
        r"food|no food|leaves me|won't let|can't|hits|hurts)\b|\bwithout food\b",
        rf"\b{_HARMER} (?:is|'s) (?:outside|at) my (?:door|house|flat|apartment|window|work|school|car)\b|"
        r"\brestraining order\b.{0,40}\b(?:outside|here|right now|broke|breaking|again)\b",
        r"\bforce (?:you|me) when (?:you|i) say no\b|\bforces? (?:me|you|her) (?:to have sex|into sex)\b",
        r"\block(?:s|ed)? me (?:in|out)\b",
        r"\btrying (?:the|my) (?:door|door handle|handle|window|lock|windows)\b",
        r"\bwith bruises\b|\bbruises\b.{0,40}\b(?:doesn't want to go back|won't say|won't tell)\b",
        r"\b(?:keep|kept|keeps) me (?:inside|locked|in the house|prisoner|from leaving)\b|"
        r"\band (?:hit|hits|beat|beats|kick|kicks|hurt|hurts|slap|slaps) me\b",
        r"\b(?:meet (?:him|her) alone|keep it secret from (?:my|our) (?:parents|mum|dad|mom))\b|\bi'?m 1[0-5]\b.{0,60}"
        r"\b(?:secret|meet|alone|pictures|photos|older)\b",
        r"\bthreatens? to\b.{0,30}\b(?:burn|hurt|kill|take|throw|break|beat|post|share)\b",
        r"\bthrew (?:a |the )?(?:[\w']+ ){0,2}at me\b|\bthrowing (?:things|stuff) at me\b",
        r"\b(?:he'll|she'll|they'll|he will|she will|they will) (?:beat|hit|kill|hurt|kick|strangle) me\b",
        r"\b(?:makes?|made|forces?|forced) me (?:have sex|to have sex|do (?:things|stuff))\b|\bmarry (?:my cousin|"
        r"a man|him|"
        r"someone|an older)\b.{0,40}\b(?:don't want|never met|abroad|i'm 1\d|forced)\b|\b(?:forced|"
        r"arranged) (?:to marry|"
        r"marriage)\b|\bplanning my wedding\b.{0,40}\bnever met\b|\b(?:he's|she's|they're) (?:here|"
        r"at the door)\b.{0,30}"
        r"\b(?:can't get out|help|scared|hiding)\b|^(?:he's|she's) here\b",
        rf"\b{_HARMER} (?:[\w']+ ){{0,4}}(?:beat|beats|kick|kicks|pushes|pushed|grabs|grabbed|chokes|choked|slaps|"
        rf"slapped|"
        r"strangles) me\b|\bby the throat\b|\bpointed (?:it|a gun|the gun|a knife) at (?:me|us)\b|\breport me to "
        r"immigration\b|\bwon'?t let me use contraception\b|\btold me to tell (?:the )?(?:doctors?|teacher|police|"
        r"nurse) i "
        r"fell\b|\byou can'?t hide\b|\bfound the (?:new )?(?:flat|house|place) i moved to\b|\bknows my address\b",
        r"\bpick me up from school\b.{0,30}\bnot tell\b|\bnot (?:to )?tell my (?:mum|mom|dad|parents)\b|"
        r"\bbruises\b.{0,30}"
        r"\b(?:won't explain|can't explain|no explanation)\b|\btakes? (?:all )?(?:our|my) wages\b|"
        r"\bwindows screwed shut\b|"
        r"\bkeeps us in\b|\btoo scared to go (?:back|home)\b|\b(?:parked|waiting|sitting) outside my (?:work|house|"
        r"flat|"
        r"school)\b.{0,40}\b(?:followed|every day|again)\b|\bif i go to the police\b.{0,30}\b(?:he'll|she'll|they'll|"
        r"hurt|"
        r"kill)\b|\bif i tell anyone\b.{0,40}\b(?:lose|hurt|kill|he'll|she'll)\b|"
        r"\bcoming to meet me\b.{0,30}\bi'm 1[0-7]\b",

        r"\b(?:he's|she's|they're|he is|she is) (?:looking for|coming for|after) me\b.{0,40}\b(?:drink|drunk|angry|"
        r"scared|hiding|knife|gun)\b",


        rf"\b{_HARMER} (?:is|keeps|has been|was|has started|started) (?:[\w']+ )?(?:hitting|hurting|beating|"
        r"kicking|choking|strangling|threatening|stalking|following|raping|abusing|touching) (?:me|my|us|her|him)\b",
        r"\b(?:i'm|i am|i've been|we're|we are) (?:being|getting) (?:abused|hurt|beaten|hit|stalked|followed|"
        r"trafficked|threatened|groomed|controlled|raped)\b",
        r"\b(?:someone|somebody|a man|a guy|a stranger|there's (?:a man|someone|somebody)) (?:is |has been )?"
        r"(?:outside|at) my (?:door|window|house|flat)\b|\b(?:someone|somebody|a man|a guy|there's a man|there's "
        r"someone) (?:is )?(?:trying|tried) (?:to get into|to break into|the handle of|to open) my\b",
        r"\b(?:followed|following) me home\b|\bwaiting outside\b.{0,30}\b(?:for me|my (?:house|flat|door|work))\b",
        r"\b(?:scared|afraid|terrified) to go home\b|\bnot safe (?:to go )?home\b",
        rf"\b{_HARMER} (?:hurts|hits|beats) me (?:when|if|every|whenever)\b",
        r"\b(?:locked|trapped|hiding) in (?:the |my )?(?:bathroom|room|bedroom|car|cupboard)\b.{0,40}\b(?:he's|she's|"
        r"they're|going to|hurt|banging|outside|coming)\b",
        r"\b(?:following|followed|stalking) me and (?:threatening|threatened)\b|\bknows where i live\b",
        r"\b(?:child|kid|son|daughter|niece|nephew|student)(?:'s)? (?:is )?being (?:abused|hurt|beaten|touched)\b|"
        r"\b(?:someone|somebody|he|she|they) (?:has been|have been|is|was) touching (?:her|him|them|me)\b",
        r"\b(?:i'm|i am|i've been|i feel) (?:so |really )?(?:afraid|scared|terrified|frightened) of (?:him|her|my "
        r"(?:husband|partner|boyfriend|wife|girlfriend|dad|stepdad|mum|mom|father|mother))\b",
        r"\bbeing hurt at home\b|\b(?:abused|hurt|hit) at home\b",
        r"\bif i tell (?:anyone|anybody|someone)\b.{0,30}\b(?:he'll|she'll|they'll|he will|she will|hurt|kill)\b",
        r"\bno one will (?:ever )?find (?:my|your) body\b|\b(?:told|tells|told me) (?:me )?(?:he'll|she'll|he will|"
        r"she will|they'll) kill me\b|\bhe's told me he'll\b",
        r"\b(?:parking|sitting|waiting|standing) outside (?:the|my) (?:house|flat|work)\b.{0,40}\b(?:every night|"
        r"kill|hurt|threat)\b",

    ),
}



def _situations() -> tuple[re.Pattern, ...]:
    """The situation frames, compiled: they open the suicide frames (see :data:`_FRAMES`)."""
    return _compiled()[1]["suicide"][:len(_FRAMES_SITUATION)]


@lru_cache(maxsize=1)
def _compiled() -> tuple[dict[str, tuple[re.Pattern, ...]], dict[str, tuple[re.Pattern, ...]]]:
    """The frames, compiled on first use (about 0.1 s: not paid by ``waqup --help`` or imports)."""
    return ({cat: tuple(re.compile(p) for p in pats) for cat, pats in _STRONG.items()},
            {cat: tuple(re.compile(p) for p in pats) for cat, pats in _FRAMES.items()})


_OTHER_PERSON = re.compile(
    r"\b(?:help|helping|support|supporting|talk to|talking to|worried about|look after|looking after|care for|"
    r"caring for|sit with) (?:a|my|our|his|her|their|the) (?:[\w']+ ){0,2}(?:who|that|whose|after|through)\b|"
    r"\b(?:for|to) (?:people|someone|somebody|those|anyone|others|survivors|clients|patients|students) "
    r"(?:who (?:are|have|had|feel|lost|were)|recovering|bereaved|affected|living with)\b|"
    r"\b(?:my|a|our) (?:[\w']+ ){0,2}(?:friend|son|daughter|brother|sister|partner|mum|dad|client|patient|"
    r"student|colleague|teen|child|kid) (?:who |that )?(?:is|has been|was|keeps|said|says|told me)\b"
    r"|\blate (?:father|mother|dad|mum|husband|wife|partner|brother|sister|son|daughter|grandma|grandad|friend)\b"
    r"|\bgrief (?:therapy|group|counsel)"
    r"|\b(?:teens|people|students|kids|families|someone|clients|patients|young people|those|friends|children) "
    r"(?:[\w']+ ){0,3}who (?:self-harm|are suicidal|feel suicidal|have attempted|hurt themselves|cut)\b"
    r"|\b(?:essay|talk|ask|asking|teach|teaching|training|course|workshop|lecture|article|research|awareness|"
    r"podcast|group|question|questions|conversation|leaflet|poster) (?:[\w']+ ){0,4}(?:about|on|around|for|of) "
    r"(?:[\w']+ ){0,3}(?:self[- ]?harm|suicide|suicidal)\b")
_PROFESSIONAL = re.compile(
    r"\b(?:i'm|i am|as|i work as|working as|i'm training as|training as|trainee) (?:a|an) (?:[\w'-]+ )?(?:counsell?or|"
    r"teacher|gp|doctor|nurse|paramedic|psychologist|psychiatrist|therapist|trainer|pharmacist|social worker|"
    r"head of year|"
    r"prison officer|officer|chaplain|youth worker|volunteer|support worker|medical student|student nurse|midwife|"
    r"safeguarding lead|mental health first aider)\b|\bi work (?:in|at|for) (?:a |the )?(?:prison|hospital|school|a&e|"
    r"hospice|crisis line|helpline|ward)\b|"
    r"\b(?:gp|nurse|student nurse|doctor|paramedic|police officer|teacher|counsell?or|social worker|midwife|"
    r"carer|ambo|ambulance crew|firefighter|cop|copper) here\b|^police officer\b|"
    r"\bi coach (?:a|the|our)\b|\bshift on a (?:crisis )?(?:helpline|line)\b")
_CLIENTS = re.compile(r"\b(?:students|pupils|patients|clients|callers|volunteers|trainees|scenarios|role-play|caseload|"
                      r"service users|a patient|one of them|calls from people|a (?:dv |domestic )?call|the squad|"
                      r"one of our|called to|a callout|a call-out|"
                      r"every (?:single )?(?:week|shift|day))\b")
# Another person's danger that is already being dealt with (a reader worried for them, not in danger themselves).
_HANDLED_OTHER = re.compile(
    r"\b(?:the police (?:know|were called|came|have (?:been told|flagged))|called (?:999|911|112|the police)|"
    r"(?:been|was|got) arrested|(?:she's|he's|they're|shes|hes) (?:with us|safe)(?: now)?|moved in with us|"
    r"staying with us|(?:has |have )?reported it|flagged it|protection plan|social services|she's now seeing|"
    r"he's now seeing|(?:a|made a|make a) safety plan|moved back in with (?:her|his|their))\b")
_ME = re.compile(r"\b(?:me|i'm|i am|myself|i'll|i've been)\b")
_RECOVERY = re.compile(r"\b(?:recovery|recovered|therapy|doing (?:so much )?better|now i|today i|how far|"
                       r"grateful|sober|survived|since then|i'm okay now|i'm well now|turned (?:my life )?around|"
                       r"got better)\b")
_OTHERS = re.compile(
    r"\b(?:i'm|i am|as|i work as|working as|i'm training as|training as|trainee) (?:a|an) (?:[\w']+ )?(?:counsell?or|"
    r"teacher|gp|doctor|nurse|paramedic|psychologist|psychiatrist|therapist|trainer|pharmacist|social worker|"
    r"head of year|"
    r"prison officer|officer|chaplain|youth worker|volunteer|support worker|medical student|student nurse|midwife|"
    r"safeguarding lead|mental health first aider)\b|\bi work (?:in|at) (?:a |the )?(?:prison|hospital|school|a&e|"
    r"hospice|"
    r"crisis line|helpline|ward)\b|"
    r"\b(?:a|my|our|the|his|her|one of my) (?:[\w'-]+ ){0,3}(?:student|flatmate|housemate|friend|mate|lad|girl|boy|"
    r"patient|"
    r"patients|client|clients|colleague|son|daughter|brother|sister|partner|girlfriend|boyfriend|pupil|pupils|kid|"
    r"child|"
    r"cousin|neighbour|caller|callers|niece|nephew|granddaughter|grandson|stepdaughter|stepson) (?:[\w']+ ){0,5}"
    r"(?:self-harms|self-harmed|has been self-harming|has been cutting|"
    r"has been hurting (?:her|him)|disclosed|tried to|was trafficked|"
    r"is suicidal|was suicidal|has (?:intrusive )?thoughts|keeps saying (?:she|he|they)|"
    r"with suicidal|is being abused|is being hurt|was abused|"
    r"told (?:me|her|his|their|a)|is scared of|said (?:she|he|they)|(?:has|had) been thinking)\b|"
    r"\b(?:end|ended|ending|take|took|taking) (?:his|her|their) (?:own )?life\b|"
    r"\b(?:people|someone|callers|clients|patients|students|pupils) (?:disclosing|talking about|saying|who say|with)\b")
_REPORTED = re.compile(r"\b(?:they|callers|people|patients|clients|students|he|she|characters?|has to|have to) "
                       r"(?:say|says|said|tell|write|type|sing|shout)\b")
_FICTION_STRONG = re.compile(
    r"\b(?:writing|write|wrote|reading|read|watching|watched|playing|directing) (?:a |my |the |this )?(?:[\w']+ )?"
    r"(?:novel|thriller|story|screenplay|script|book|play|film|movie|poem|song|scene|game|episode|mystery)\b|"
    r"\b(?:my|the|a) character\b")
_QUOTE = re.compile(r"\b(?:lyric|lyrics|line|quote|quoting|title|called|song|chorus|verse)\b")
_JOKE = re.compile(
    r"\b(?:lol|lmao|haha+|jk|rofl)\b|\b(?:one more time|once more)\b.{0,10}\b(?:i'll|i will|i'm going to) "
    r"(?:strangle|kill|murder|throttle)\b(?!.{0,40}\b(?:i mean it|not joking|i'm serious|im serious|i swear))|"
    r"\b(?:strangle|throttle|kill|murder) (?:him|her|them) with (?:a|the|my) "
    r"(?:tea towel|spatula|wooden spoon|dishcloth|slipper|rubber chicken|pool noodle)\b|"
    r"\b(?:kill|murder|strangle|throttle) (?:[\w']+ ){0,2}(?:if|for|when) "
    r"(?:he|she|they|you)? ?(?:doesn't|don't|didn't|eats|ate|eating|forgets|forgot|leaves|left|takes|took|"
    r"touches|finishes|finished|keeps|plays)\b|\b(?:strangle|kill|murder|slap|punch|throttle) the next "
    r"(?:person|one|guy|idiot|man|woman) (?:who|that)\b|\b(?:kill|murder|strangle) (?:whoever|the (?:person|guy|"
    r"idiot) who) "
    r"(?:left|took|ate|used|broke|forgot|finished|parked|keeps|stole|drank|invented|designed|wrote|scheduled)\b")


_FIRST_PERSON = re.compile(r"\b(?:myself|i want to die|i'm going to|i want to kill|i'll kill|i'm scared he|"
                           r"i'm scared she|"
                           r"for when i|when i'm ready|i decide|for me|i've been (?:self-harming|cutting|hurting)|"
                           r"(?:grabs|hits|hurts|beats|pushes) me|i intend|i want to|i need to|i can't say)\b|"
                           r"\bi (?:[\w']+ ){0,3}(?:want|wanting|need|plan|planning|decided|intend|intending)\b")
_HURTS_ME = re.compile(r"\b(?:hits|hit|hurts|hurt|abuses|threatens|threatened|beats|kicked|raped|touches|follows) me\b")
_OWN_WISH = re.compile(r"\bi (?:really |actually )?(?:want|plan|am going) to\b"
                       r"(?!.{0,20}(?:write|play|read|sing|act|watch))")
# An ending in ordinary life, and the words that say it is not one.
_TRANSITION = re.compile(
    r"\b(?:i'm|i am|im|we're|we are|were) (?:finally |officially )?(?:moving|emigrating|relocating|retiring)\b|"
    r"\bmoving to (?!the other side)[a-z]+|\bretiring (?:after|at|from|this|next)\b|"
    r"\b(?:knee|hip|cataract) (?:replacement|operation|surgery)\b|\broutine (?:surgery|operation)\b|"
    r"\bswitching to (?:a|an|the) (?:paper|new|different)\b|\bscared and (?:thrilled|excited)\b|\bso excited\b|"
    r"\bcan't wait\b|\bnew job (?:in|at|starts)\b")
_DESPAIR = re.compile(
    r"\b(?:die|dying|dead|death|kill\w*|suicid\w*|end (?:it|things|my life)|ending it|can'?t (?:go on|do this|"
    r"cope|keep going)|no point|burden|hopeless|worthless|not (?:be )?(?:here|around) any ?more|without me|pills|"
    r"tablets|rope|overdos\w*|jump\w*|never (?:see|wake|come back)|won't be (?:back|coming back|found|here)|"
    r"nobody will (?:find|miss|see)|for the last time|the last time (?:you|anyone)|numb|empty inside|disappear\w*|"
    r"gone|stop|held on|not here|nothing left|scheduled|that's when|this is it|not a holiday|think it's a|"
    r"told (?:them|everyone|people|him|her|my \w+) (?:i'm|im|i am|i was|it was|it's))\b|\bi'm not\.?$")
# An injury told as an accident ("burnt my arm on the oven door making brownies"), never as something done on purpose.
_ACCIDENT = re.compile(
    r"\b(?:burnt|burned|cut|sliced|scalded|nicked|grazed|caught)\b.{0,40}\b(?:making|baking|chopping|cooking|"
    r"washing up|slicing|peeling|ironing|gardening|the oven|oven door|the grill|salamander|a broken glass|tin lid|"
    r"mandoline|by accident|accidentally|at the climbing wall)\b")
_DELIBERATE = re.compile(
    r"\b(?:on purpose|deliberately|myself|again|want to|wanted to|keep (?:doing|burning|cutting)|i did it|punish\w*|"
    r"told (?:\w+ )?it was|pretend\w*|excuse|hide|hiding|the real reason|not really an accident|wasn't an accident|"
    r"right now|heating)\b")
_KIDDING = re.compile(r"\b(?<!not )(?<!not even )(?<!no )(?:kidding|just kidding|jk|joking|not literally)\b|"
                      r"\b(?:kill|murder|strangle|throttle|hurt) (?:him|her|them|you) (?:i'?m not|not really)\b")
_HANDLED = re.compile(r"\b(?:safe house|getting support|safeguarding|helpline number|i gave (?:her|him|them)|"
                      r"how do i (?:support|help|bring)|how can i (?:support|help|keep)|is in therapy|is safe now|"
                      r"support her|(?:domestic abuse |dv )?charity|(?:went|go|going) to the police with (?:her|him)|"
                      r"support him)\b")


def _story(sentence: str, text: str, category: str = "") -> bool:
    """The sentence tells of fiction, of recovery in the past, of another person's death, or of an accident."""
    if category == "suicide" and _TRANSITION.search(text) and not _DESPAIR.search(text):
        return True  # a last day, goodbyes or letters for a move, a retirement, a trip or an operation
    if category in ("self-harm", "suicide") and _ACCIDENT.search(sentence) and not _DELIBERATE.search(text):
        return True
    if category == "harm-others" and _JOKE.search(sentence):
        return True
    if _KIDDING.search(sentence):
        return True
    if category == "strong":
        others = _OTHERS.search(sentence) and not _FIRST_PERSON.search(sentence)
        past = _PAST.search(sentence) and not _present_crisis(sentence)
        return bool(_FICTION_STRONG.search(sentence) or others or past)
    if (_OTHERS.search(sentence) and not _FIRST_PERSON.search(sentence) and not _HURTS_ME.search(sentence)
            and (category != "danger" or _HANDLED.search(sentence) or _HANDLED_OTHER.search(text))):
        return True
    if category in ("danger", "self-harm") and _HANDLED_OTHER.search(text) and not _ME.search(sentence):
        return True
    if category != "strong" and _FICTION_STRONG.search(text) and not _ME.search(sentence):
        return True  # a story being written: its character's sentences
    if (_FICTION.search(sentence) or _FICTION_STRONG.search(sentence)) and _REPORTED.search(sentence):
        return True
    if _FICTION.search(sentence) and _QUOTE.search(sentence):
        return True
    if category in ("suicide", "self-harm") and _OTHER_PERSON.search(sentence) and not _FIRST_PERSON.search(sentence):
        return True
    if category != "strong" and _FICTION.search(sentence) and not _OWN_WISH.search(sentence.split(" my character")[0]):
        return True
    if _OTHER_DEATH.search(sentence) and not re.search(r"\b(?:myself|i want to|i'm going to)\b", sentence):
        return True
    if _PROFESSIONAL.search(text) and _CLIENTS.search(text) and not _FIRST_PERSON.search(sentence):
        return True
    if _present_crisis(sentence):
        return False
    if _PAST.search(sentence) or (len(text) < 400 and _PAST.search(text)):
        return True
    return len({m.group(0) for m in _PAST.finditer(text)}) >= 2 and bool(_RECOVERY.search(text))


def _present_crisis(sentence: str) -> bool:
    return bool(re.search(r"\b(?:again|tonight|right now|this week|still|started|i'm going to|just relapsed|"
                          r"relapsed(?!,? once|.{0,20}\bago\b)|broke my|slipped|today i|this time)\b",
                          sentence))


def _context(text: str) -> str:
    """The whole text as its story checks read it: sentences kept apart, so that "he's asleep now. i'm
    typing" never reads as a recovery's "now i'm"."""
    return " | ".join(sentences(text))


@lru_cache(maxsize=2048)
def detect(text: str) -> tuple[str, str] | None:
    """``(category, matched words)`` for crisis language in ``text``, else ``None``."""
    strong, frames = _compiled()
    whole = _context(text)
    for sentence in sentences(text):
        plain = _IDIOMS.sub(" ", sentence)
        for category, patterns in strong.items():
            for pattern in patterns:
                if (match := pattern.search(plain)) and not _story(sentence, whole, "strong"):
                    return category, match.group(0)
        for category, patterns in frames.items():
            for pattern in patterns:
                if (match := pattern.search(plain)) and not _story(sentence, whole, category):
                    return category, match.group(0)
    parts = sentences(text)
    for first, second in zip(parts, parts[1:], strict=False):  # a situation or an act told in two short sentences
        if len(f"{first} {second}".split()) > 45:
            continue
        # situations were written to span the two; the other frames may only bridge them with their ".{0,n}"
        # gaps, never with neighbouring words ("i was shaking. my partner and i ...")
        pair, bridged = _IDIOMS.sub(" ", f"{first} {second}"), _IDIOMS.sub(" ", f"{first} . {second}")
        for category, patterns in frames.items():
            for i, pattern in enumerate(patterns):
                read = pair if category == "suicide" and i < len(_FRAMES_SITUATION) else bridged
                if (match := pattern.search(read)) and not (_story(first, whole, category)
                                                            or _story(second, whole, category)):
                    return category, match.group(0)
    return None


def candidates(text: str) -> list[str]:
    """The sentences of ``text`` the classifier should read: a crisis word, no idiom, no story.

    Neighbouring sentences are also given joined, as a plan often spans two short ones.
    """
    whole = _context(text)
    found = []
    for sentence in sentences(text):
        plain = " ".join(_IDIOMS.sub(" ", sentence).split())
        keep = bool(LEXICON.search(plain)) and not _story(sentence, whole, "suicide")
        found.append(plain if keep else "")
    pairs = [f"{a} {b}" for a, b in zip(found, found[1:], strict=False) if a and b and len((a + b).split()) <= 30]
    return list(dict.fromkeys([part for part in found if part] + pairs))[:400]
