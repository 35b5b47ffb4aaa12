"""Propose the claims, quotations and figures of an English news article, for a class to review.

``propose(text)`` returns three tables (pandas DataFrames) in the kit's schema for an article
folder (``articles/NAME/``, made by ``python3 tasks.py new-article``):

- ``"claims"``: the columns of ``datasets/claims.csv`` plus ``proposal``. Whole statements as the
  codebook cuts them (the claims entry of ``datasets/README.md``), each with a proposed
  ``claim_type``, ``claimant``, ``claimant_type`` and ``attribution``; the columns the class fills
  (``first_appearance``, ``verdict``, ``evidence``, ``fact_ref``, ``fact_status``) are blank, and
  ``note`` says what the finder was unsure of.
- ``"quotes"``: each quotation in quotation marks, and each reported statement ("X said that ..."),
  with its speaker (pronouns and surnames resolved to the fullest name the article gives), the
  reporting verb as written, a date only where the text gives a full one, and a suggested CAMEO
  code from ``datasets/cameo_codes.csv``.
- ``"figures"``: every number, share, sum of money and date, with what the text says it counts,
  its unit, its period and whom the article credits.

Every row has ``proposal`` = ``proposed``: it is the machine's suggestion, never a verdict. A person
accepts, edits or adds rows. ``looks_english(text)`` says whether the finder can read the text at
all: it reads English only.

How it works. No model and no download: the article is cut into paragraphs (one blank line apart),
then sentences, then clauses, by hand-written rules, and the rules' word lists below decide the
rest. The finder is deterministic (the same text gives the same tables) and offline, and importing
it does nothing (pandas is imported only when ``propose`` runs). The kit does not use a sentence
splitter library here, for a measured reason: pysbd 0.3.4 (its latest release, from 2021) took
0.06 to 0.07 s per 1,000 words on the Haaretz article just to split its sentences, on the 2-core
machine the kit is tested on (busy at the time), against 0.04 to 0.06 s for the finder's whole run
there, and the budget is 0.1 s. A splitter would also do only the first step: the codebook cuts
claims at clauses, quotations must stay whole, and every offset must stay exact (``text ==
article[start:end]``).

Quotation marks. Double marks (curly or straight) open and close a quotation. An article that quotes in
single marks (British style: 'We will,' she said) is read the same way: its quoting single marks are swapped
for double ones character for character before the rules run (so every offset holds), apostrophes (it's,
the swimmers' club) are left alone, and the rows keep the words as published. A quotation continued in the
next paragraph (which opens with a quotation mark again, the usual convention) runs to its paragraph's end;
its speaker is left for the class. Every step is one pass over the text or its sentences: the time grows in
step with the article's length (20,000 words took 0.8 to 0.9 s, measured on the kit's busy 2-core test machine).

How a speaker is found, in the order tried: a closing attribution ('..., Holm said', '..., she said in a
post on social media'); a quotation split by its attribution ('"...," she said, "..."'); an inverted one
('said Anja Ross'); "according to"; a clause that goes on with the same speaker ('and called ...', 'adding
that ...'); an opening one ('Its leader, Maja Holm, told reporters that ...'); a participle after the
sentence's subject ('Kerry sought to ..., telling reporters that ...'). The words naming the speaker are then
resolved: pronouns to the last person or body named, a surname to the full name, "the department" or "the
union" to the body of that kind named before ('The drivers' union, FTL, said'), "its annual report" to the
body it belongs to, a spokesperson to the body, "rail operator Estrail" to an organisation, roles and
employers dropped ('Economist Clara Voss of the Institute' is Clara Voss), a place's possessive dropped
('the city's traffic office' is the traffic office), groups the article does not name ('Two business groups')
to an anonymous source; a weekday or month is never a speaker.

Where the word lists come from. All of them (abbreviations, titles, organisation, outlet and place
words, reporting verbs, the judgement and background cues, the CAMEO mapping and the English,
French, German and Spanish function words in ``looks_english``) were written for the kit by its
authors and are the kit's own, under CC BY 4.0 like the rest of its coding. The CAMEO codes are the
kit's copy of the CAMEO codebook (``datasets/cameo_codes.csv``; see its source in
``datasets/sources.csv``); a test checks every code the mapping can suggest exists there.

The CAMEO suggestion (``suggested_cameo_code``), in the order it is tried:

1. the reporting verb (``VERB_CODES``): "condemned", "criticised", "denounced" -> 111 Criticize or
   denounce; "accused" -> 112; "complained" -> 114; "demanded" -> 100 Demand; "urged",
   "called on", "called for", "asked", "recommended" -> 020 Appeal; "promised", "pledged", "vowed"
   -> 030 Express intent to cooperate; "praised", "thanked" -> 051 Praise or endorse; "defended" ->
   052; "apologised" -> 055; "acknowledged", "admitted" -> 015; "denied" -> 016 Deny
   responsibility; "agreed" -> 019 Express accord; "rejected" -> 120 Reject;
   "threatened" -> 130 Threaten; "declined to comment" -> 011; "warned" -> 012 Make pessimistic
   comment;
2. for a neutral verb ("said", "told", "added", "according to", ...), cue words in the quoted words
   (``CUE_CODES``): criticism ("unacceptable", "must stop", "did nothing", ...) -> 111; an appeal
   ("must", "should", "we call on") -> 020; pessimism ("worried", "fear", "lost", "hurts") -> 012;
   optimism ("hope", "lucky", "proud") -> 013;
3. otherwise 010 Make statement, not specified below.
It is a suggestion from the words alone: the class codes each quote itself (``cameo_code``), and a
partner codes it blind (``partner_cameo_code``).

What it cannot do: read any language but English; know the outlet's name (pass ``outlet=`` if you
know it; otherwise claims in the article's own voice name "the article's outlet"); understand
what the words mean. A proposal is a starting point for the class, never a verdict.
"""
from __future__ import annotations

import bisect
import itertools
import re
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROPOSED = "proposed"
OWN_VOICE = "the article's outlet"

def columns(table: str) -> list[str]:
    """The columns of one table of an article folder ("claims", "quotes", "figures"), from its schema: the
    shipped claims columns plus ``proposal``, and ``helpers/article_tables.json`` (helpers.article builds it)."""
    from helpers import article

    return article.columns(table)


# --- Word lists (the kit's own, CC BY 4.0) -------------------------------------------------------------

ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep", "lt", "col", "capt",
                 "sgt", "inc", "ltd", "co", "corp", "vs", "etc", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
                 "sep", "sept", "oct", "nov", "dec", "approx", "est", "dept", "fig", "vol", "mt", "ft"}
TITLES = {"judge", "mayor", "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof", "prof.", "professor", "minister",
          "president", "presidents", "secretary", "senator", "sen.", "rep.", "representative", "governor", "gov.",
          "general", "gen.", "chief", "director", "inspector", "councillor", "councilor", "council", "member",
          "labour", "labor", "foreign", "interior", "finance", "prime", "deputy", "state", "defence", "defense",
          "health", "justice", "economy", "transport", "education", "vice", "commissioner", "ambassador",
          "chancellor", "king", "queen", "prince", "princess", "pope", "bishop", "archbishop", "sheriff", "captain",
          "capt.", "lieutenant", "colonel", "sergeant", "officer", "detective", "speaker", "leader", "chairman",
          "chairwoman", "chair", "spokesman", "spokeswoman", "spokesperson", "u.s.", "us", "uk", "of", "former",
          "exiled", "whistleblower", "contractor", "nsa", "coach", "manager", "head", "executive", "ceo", "editor"}
ROLE_WORDS = {"economist", "hydrologist", "analyst", "researcher", "scientist", "historian", "teacher", "lawyer", "doctor",
              "nurse", "engineer", "architect", "author", "writer", "artist", "singer", "farmer", "fisherman", "chef",
              "owner", "founder", "volunteer", "coordinator", "organiser", "organizer", "activist", "campaigner",
              "resident", "student", "pupil", "journalist", "reporter", "photographer", "pilot", "driver", "priest",
              "pastor", "rabbi", "imam", "surgeon", "physician", "psychologist", "sociologist", "statistician",
              "professor", "lecturer", "economists", "analysts", "landlord", "tenant", "shopkeeper", "baker",
              "librarian", "archivist", "curator", "historian", "conductor", "composer", "musician", "poet", "mayor"}
CALENDAR_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                  "february", "march", "april", "june", "july", "august", "september", "october", "november",
                  "december"}
ORG_WORDS = {"ministry", "office", "board", "council", "party", "agency", "department", "house", "government", "court",
             "lines", "company", "group", "authority", "police", "union", "bank", "exchange", "university", "institute",
             "commission", "committee", "association", "service", "services", "assembly", "parliament", "senate",
             "congress", "army", "navy", "corporation", "corp", "inc", "ltd", "foundation", "organization",
             "organisation", "federation", "league", "trust", "fund", "nato", "un", "eu", "nsa", "fbi", "cia",
             "statistics", "airlines", "railways", "hospital", "school", "club", "centre", "center", "network",
             "coalition", "alliance", "movement", "front", "bureau", "administration", "cabinet", "inspectorate",
             "regulator", "watchdog", "tribunal", "directorate"}
OUTLET_WORDS = {"news", "times", "post", "courier", "herald", "gazette", "journal", "tribune", "monde", "spiegel", "wire",
                "reuters", "afp", "press", "telegraph", "guardian", "chronicle", "daily", "weekly", "observer", "mirror",
                "express", "standard", "independent", "magazine", "radio", "tv", "television", "broadcasting", "bbc",
                "cnn", "bloomberg", "figaro", "libération", "liberation", "zeitung", "pais", "país", "metro"}
OUTLET_NOUNS = {"paper", "newspaper", "magazine", "daily", "broadcaster", "outlet", "weekly", "tabloid"}
PLACE_WORDS = {"ridge", "port", "river", "street", "lake", "mount", "island", "islands", "valley", "city", "town",
               "province", "county", "bay", "sea", "coast", "road", "square", "park", "hill", "north", "south", "east",
               "west", "northern", "southern", "eastern", "western", "europe", "asia", "africa", "america", "ocean",
               "kingdom", "republic", "states", "district", "region", "avenue", "bridge", "station", "airport"}
SENTENCE_STARTERS = {"the", "a", "an", "in", "on", "at", "when", "for", "but", "and", "it", "he", "she", "they", "we",
                     "i", "this", "that", "these", "those", "asked", "not", "most", "within", "after", "before", "as",
                     "if", "while", "since", "so", "his", "her", "its", "their", "our", "my", "your", "some", "many",
                     "all", "every", "each", "one", "two", "about", "over", "under", "by", "with", "from", "to",
                     "there", "here", "what", "who", "which", "where", "why", "how", "until", "during", "despite",
                     "although", "though", "yet", "still", "also", "only", "even", "according", "speaking", "unlike",
                     "like", "among", "between", "presidents", "wages", "economists", "opponents", "construction",
                     "unemployment", "young", "half", "overall", "no", "none", "both", "either", "neither"}
ORG_NOUNS = ("government", "council", "ministry", "office", "board", "company", "firm", "police", "union", "court",
             "authority", "agency", "department", "party", "committee", "commission", "exchange", "operator", "group",
             "paper", "newspaper", "magazine", "daily", "broadcaster", "inspectorate", "regulator", "watchdog",
             "tribunal", "directorate", "administration", "federation", "association", "institute", "chamber",
             "society", "foundation", "charity")
ANONYMOUS_CUES = ("not to be named", "not be named", "anonymity", "anonymous", "unnamed", "not be identified", "not to be identified",
                  "familiar with", "declined to be named", "without being named")
DOCUMENT_HEADS = {"documents", "document", "records", "data", "files", "papers", "figures", "report", "study",
                  "survey", "statistics", "emails", "cables", "minutes"}
PERSON_HEADS = {"official", "officials", "source", "sources", "diplomat", "diplomats", "officer", "employee",
                "employees", "resident", "residents", "economist", "analyst", "expert", "witness", "worker", "aide",
                "adviser", "advisor", "person", "people", "member", "members", "spokesman", "spokeswoman",
                "spokesperson", "lawyer", "doctor", "teacher", "student", "neighbour", "neighbor", "critics",
                "opponents", "supporters", "analysts", "experts", "observers", "witnesses", "activists", "campaigners"}

# Reporting verbs: as written. VERBS_NEED_THAT report only with "that" after them (within a few words).
SPEECH_VERBS = ["said", "says", "say", "told", "tells", "added", "adds", "stated", "states", "announced", "announces",
                "acknowledged", "acknowledges", "admitted", "admits", "argued", "argues", "warned", "warns", "claimed",
                "claims", "insisted", "insists", "denied", "denies", "confirmed", "confirms", "noted", "notes",
                "explained", "explains", "wrote", "writes", "reported", "reports", "estimated", "estimates", "predicted",
                "recommended", "recommends", "urged", "urges", "called on", "calls on", "called for", "calls for",
                "called", "calls", "asked", "asks", "demanded", "demands", "complained", "complains", "condemned",
                "condemns", "criticised", "criticized", "criticises", "criticizes", "denounced", "praised", "praises",
                "found", "finds", "concluded", "concludes", "suggested", "suggests", "stressed", "stresses", "agreed",
                "promised", "pledged", "vowed", "replied", "responded", "recalled", "accused", "accuses", "thanked",
                "defended", "apologised", "apologized", "rejected", "threatened", "believes", "believed", "hopes",
                "cautioned", "cautions", "describes", "described",
                "declined to comment",
                "show", "shows", "showed", "reveal", "reveals", "revealed", "read"]
VERBS_NEED_THAT = {"acknowledged", "acknowledges", "admitted", "admits", "argued", "argues", "warned", "warns",
                   "claimed", "claims", "insisted", "insists", "confirmed", "confirms", "noted", "notes", "explained",
                   "explains", "estimated", "estimates", "predicted", "recommended", "recommends", "found", "finds",
                   "concluded", "concludes", "suggested", "suggests", "stressed", "stresses", "agreed", "believes",
                   "believed", "show", "shows", "showed", "reveal", "reveals", "revealed", "reported", "reports",
                   "wrote", "writes", "announced", "announces", "stated", "states", "hopes", "denied", "denies",
                   "cautioned", "cautions"}
NO_QUOTE_VERBS = {"declined to comment", "hopes"}  # they attribute a claim, but report no words
DOCUMENT_VERBS = {"show", "shows", "showed", "reveal", "reveals", "revealed"}

VERB_CODES = {
    "condemned": "111", "condemns": "111", "criticised": "111", "criticized": "111", "criticises": "111",
    "criticizes": "111", "denounced": "111", "accused": "112", "accuses": "112", "complained": "114",
    "complains": "114", "demanded": "100", "demands": "100", "urged": "020", "urges": "020", "called on": "020",
    "calls on": "020", "called for": "020", "calls for": "020", "asked": "020", "asks": "020", "recommended": "020",
    "recommends": "020", "promised": "030", "pledged": "030", "vowed": "030", "praised": "051", "praises": "051",
    "thanked": "051", "defended": "052", "apologised": "055", "apologized": "055", "acknowledged": "015",
    "acknowledges": "015", "admitted": "015", "admits": "015", "denied": "016", "denies": "016", "agreed": "019",
    "rejected": "120", "threatened": "130", "declined to comment": "011", "warned": "012", "warns": "012",
    "cautioned": "012", "cautions": "012",
}
CUE_CODES = [  # (code, cue words), tried in this order on the quoted words when the verb is neutral
    ("111", ("unacceptable", "must stop", "must cease", "outrage", "shameful", "disgrace", "did nothing", "aggression",
             "intrusion", "condemn", "scandal", "betrayal", "selling the")),
    ("020", ("must", "should", "we call on", "we urge", "we ask", "need to")),
    ("012", ("worried", "worry", "fear", "concern", "lost", "hurts", "risk", "danger", "cautious", "grave")),
    ("013", ("hope", "lucky", "proud", "confident", "optimistic", "good news", "glad")),
]
DEFAULT_CODE = "010"

CHARACTERIZATION_CUES = re.compile(
    r"\b(?:predictabl\w*|indignation|anger|angry|fury|furious|outrage\w*|simmer\w*|threaten(?:s|ed|ing)? to|smarting|"
    r"dominat\w*|downplay\w*|steady stream|cautious|warm|lucky|hardest|easiest|dispute|divided|echo\w*|steadier|"
    r"delving|merely|not alone|goes on|hesitate|bitter\w*|fierce\w*|dramatic\w*|remarkabl\w*|surprising\w*|"
    r"controversial|unprecedented|historic|crucial|key|major|symbolic|sought to|tried to|appear\w* to|seem\w*|"
    r"argue that|more \w+ than|less \w+ than|taller|bigger|smaller than|better|worse|strain\w*|tension\w*|fragile|"
    r"depend\w* on|should|never have|so \w+ about|bought less|bought more|improv\w*|worsen\w*|"
    r"fair|unfair|too little|too late|failed|failure|easy|hard|difficult|good|bad|best|worst|wrong|terrible|great|poor|"
    r"obvious|serious|dangerous|successful|popular|reliable|unreliable|impossible|tired of|doubts?|hides?|hidden|"
    r"exaggerat\w*|overstat\w*|understat\w*|keeping up|hurt|harm|miss (?:it|them|him|her))\b|"
    r"^(?:Not|But not) (?:all|every|everyone|everybody|many|much)\b")
STATISTIC_CUES = re.compile(  # a count or rank without a figure: "the lowest rate since 2015", "the gap narrowed"
    r"\b(?:lowest|highest|largest|smallest|biggest|fewest|rate|average|median|narrowed|widened|doubled|tripled|"
    r"halved|rise|rises|rose|risen|fall|falls|fell|fallen|grew|grown|faster|slower|increased|decreased|"
    r"share of)\b|\b(?:second|third|fourth|fifth) (?:most|largest|biggest|highest|lowest)\b|"
    r"\bfor a (?:second|third|fourth|fifth|sixth|tenth) (?:year|month|quarter|time)\b")
BACKGROUND_CUES = re.compile(  # what happened before the news, whatever figures it holds
    r"(?:\bhad (?:already|previously|earlier) been\b|\bfounded in\b|\bestablished in\b|\bbased on\b|"
    r"\b(?:was|were) (?:approved|founded|built|established|created|elected|opened|started|formed|launched|set up) in\b|"
    r"\bwho (?:leads|owns|runs|heads)\b|\bago\b|\blast (?:faced|saw|won|held|met|had|was|were|[a-z]+ed)\b|"
    r"^(?:founded|built|established|created|opened|started|formed|launched|set up|born) in\b)")
SOFT_BACKGROUND_CUES = re.compile(  # a time in the past: background only when no figure is claimed ("In 2015, 44 percent ...")
    r"(?:\bpast (?:\w+ ){0,2}(?:months|years|decades)\b|^In (?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December|\d{4}),|\bin the (?:19|20)\d0s\b|\bearlier this year\b)")

NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
                "a thousand": 1000, "a dozen": 12, "dozen": 12}
VAGUE_NUMBERS = ("twice", "dozens", "hundreds", "thousands", "millions", "billions", "scores", "tens of thousands",
                 "hundreds of thousands", "tens of millions", "hundreds of millions")
MULTIPLIERS = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9, "trillion": 10 ** 12, "m": 10 ** 6,
               "bn": 10 ** 9, "k": 10 ** 3}
CURRENCIES = {"$": "US dollars", "US$": "US dollars", "€": "euros", "£": "pounds sterling", "dollars": "US dollars",
              "dollar": "US dollars", "euros": "euros", "euro": "euros", "pounds": "pounds sterling",
              "crowns": "crowns", "crown": "crowns", "francs": "francs", "yen": "yen", "kronor": "kronor",
              "kroner": "kroner", "rupees": "rupees", "pesos": "pesos", "shekels": "shekels", "roubles": "roubles",
              "rubles": "rubles", "yuan": "yuan"}
HEDGES = ("about", "around", "roughly", "nearly", "almost", "some", "over", "more than", "up to", "at least",
          "an estimated", "estimated", "fewer than", "less than", "under", "approximately", "close to", "just over",
          "just under", "upwards of", "as many as", "as much as")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

ENGLISH = {"the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "was", "by", "it", "said",
           "at", "from", "his", "her", "he", "she", "they", "have", "has", "had", "were", "are", "be", "been",
           "which", "who", "this", "not", "but", "an", "after", "their", "would", "will", "its", "or", "we"}
OTHERS = {  # function words of the languages a teacher is likeliest to bring instead
    "fr": {"le", "la", "les", "de", "des", "du", "et", "un", "une", "est", "que", "qui", "dans", "pour", "sur", "pas",
           "au", "aux", "avec", "il", "elle", "ont", "été", "sont", "ce", "cette", "par", "mais"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "ein", "eine", "den", "dem", "des", "mit", "von", "zu", "auf",
           "für", "sich", "auch", "es", "wird", "wurde", "sie", "im", "aus", "bei", "nach", "hat", "dass"},
    "es": {"el", "los", "las", "del", "y", "en", "que", "un", "una", "es", "por", "con", "para", "se", "su", "al",
           "lo", "como", "más", "pero", "sus", "fue", "ha", "este", "esta", "son"},
}

# --- Patterns ----------------------------------------------------------------------------------------------

_WORD = re.compile(r"[\w'’-]+")
_AGE = re.compile(r"[A-Z][a-z]+, $")
_QUOTED = re.compile(r'(["“])([^"“”]*)(["”]|$)')
_OPEN, _CLOSE = "“", "”"
_CAP_RUN = re.compile(r"(?:[A-Z][\w'’.-]*)(?:\s+(?:(?:of|de|du|van|von|der|al|for)\s+)?[A-Z][\w'’.-]*)*")
_VERB_ALT = "|".join(sorted((re.escape(v) for v in SPEECH_VERBS), key=len, reverse=True))
_LEAD = re.compile(rf"^(?:(?:In|At|On|Speaking|Asked)\b[^,]{{0,60}},\s+)?(?P<speaker>(?:[^,;:\"“”]|(?<=\d),(?=\d\d\d)){{1,90}}?)"
                   rf"(?P<appos>,[^,\"“”]{{1,70}},)?\s+(?:also\s+|later\s+|again\s+|then\s+)?(?P<verb>{_VERB_ALT})\b")
_TRAIL = re.compile(rf"[,\"”]\s*(?P<speaker>[^,\"“”]{{1,70}}?)\s+(?P<verb>{_VERB_ALT})(?P<tail>(?:\s+[\w'’-]+|(?<=\d),(?=\s+\d{{4}}\b)){{0,8}})"
                    rf"\s*[.!?]?[\"”]?\s*$")
_INVERTED = re.compile(rf"[,\"”]\s*(?P<verb>said|says|added|adds|told|asked|wrote|writes)\s+(?P<speaker>[^,.\"“”]{{1,60}})"
                       rf"(?:,[^\"“”]*)?[.!?]?\s*$")
_SPLIT_QUOTE = re.compile(r"^[\"“][^\"“”]*[,!?]?[\"”]\s*(?P<speaker>[^,\"“”]{1,60}?)\s+(?P<verb>said|says|added|adds|told|asked|"
                          r"wrote|writes|recalled|explained)\s*(?:\w+\s*)?,\s*[\"“]")
_PARTICIPLE = re.compile(r",\s+(?P<verb>telling|saying|adding|warning|arguing|insisting|noting|explaining|calling|"
                         r"claiming|admitting)\b")
_ACCORDING = re.compile(r"\baccording to (?P<speaker>[^,.;:\"“”]{1,80})")
_CLOSING_PARTICIPLE = re.compile(r",\s+(?:[a-z]+ly\s+)?[a-z]{2,}ing\b[^\"“”]*$")
_OPENING_PARTICIPLE = re.compile(r"^(?P<verb>adding|saying|noting|warning|arguing|insisting|explaining)\b")
_CONJ_VERB = re.compile(rf"^(?:but|and|yet)\s+(?:also\s+)?(?P<verb>{_VERB_ALT})\b")
_RELATIVE = re.compile(rf"^(?:which|who|as)\s+(?P<speaker>[^,\"“”]{{1,40}}?)\s+(?P<verb>{_VERB_ALT})\b")
_SPOKES = re.compile(r"\bspokes(?:man|woman|person)\s+(?:for|of)\s+(?:the\s+)?(?P<org>.+)$|^(?:an?|the)\s+(?P<org2>[\w\s'’-]+?)\s+spokes(?:man|woman|person)$",
                     re.IGNORECASE)
_BY_AUTHOR = re.compile(r"^(?:(?:the|a|an)\s+)?(?:[\w-]+\s+)?(?:report|study|survey|statement|letter|review|audit|figures|data|"
                        r"statistics|numbers)\b.*?\bby\s+"
                        r"(?P<author>.+)$", re.IGNORECASE)
_ORG_NP = re.compile(rf"\b(?:the|a|an|The|A|An)\s+(?P<np>(?:(?!(?:the|a|an)\s)[a-z][\w'’-]*\s+){{0,3}}(?:{'|'.join(ORG_NOUNS)}))"
                     rf"(?P<comma>,)?\s+(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?(?P<close>,)?")
# "the city's traffic office": a place's possessive is not part of the speaker's name
_PLACE_OWNER = re.compile(r"^(?:the\s+)?(?:city|town|country|state|region|nation|island|county|province|village|"
                          r"district)['’]s\s+", re.IGNORECASE)
_NAMED_ORG = re.compile(r"\b(?P<noun>operator|company|firm|group|agency|union|carrier|airline|broadcaster|insurer|bank|"
                        r"charity|party|council|newspaper|paper|daily|developer|builder|maker|retailer|chain|club|"
                        r"charity|pollster|landlord)\s+(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)$")
# "Clara Voss of the Nordic Policy Institute": a person, then where they work
_PERSON_OF = re.compile(r"^(?P<person>(?:[A-Z][\w'’.-]*\s+){1,5}?[A-Z][\w'’-]*)\s+(?:of|at|from)\s+(?:the\s+)?[A-Z]")
# "Two business groups", "Tenants' groups", "Several residents": people or bodies the article does not name
_UNNAMED_GROUP = re.compile(r"^(?:(?:the|two|three|four|several|some|many|other|local)\s+)*(?P<who>(?:[\w'’-]+\s+)?"
                            r"(?:groups|organisations|organizations|campaigners|activists|residents|critics|"
                            r"opponents|supporters|neighbours|neighbors|parents|experts|economists|analysts|"
                            r"shop owners|owners|traders|farmers|tenants|workers|nurses|doctors|teachers|"
                            r"listeners|passengers|commuters))$", re.IGNORECASE)

_SPLITS = [  # (pattern on the masked sentence, where the right-hand unit starts: "start" or "end" of the match;
              #  "lead": a leading clause that ends at the match's final comma)
    (re.compile(r", with (?=[A-Za-z])"), "end"),
    (re.compile(r", (?=(?:[a-z]+ly )?(?!according|including|during|nothing|something|anything|everything|morning|"
                r"evening|building|meeting|spring|string|thing|king|bring|ring|wing|sing)[a-z]{2,}ing\b)"), "end"),
    (re.compile(r", (?=(?:which|where|who|when|whose) )"), "end"),
    (re.compile(r", (?=but )"), "end"),
    (re.compile(r", and (?=(?:the|a|an|its|his|her|their|(?:\w+ )?[\w’']+['’]s)\b)"), "end"),
    (re.compile(r" and (?=(?:is|are|was|were|will|has|have|had|would|could)\b)"), "end"),
    (re.compile(r", (?=(?:and|but) (?:he|she|they|it|we|I) (?:also )?(?:said|says|added|adds|told|warned|insisted|"
                r"admitted|explained)\b)"), "end"),
    (re.compile(r",? (?=(?:and|but) (?:also )?(?:said|says|added|adds|called|calls|warned|warns|urged|urges|accused|accuses|"
                r"told|tells|denied|denies|admitted|admits|described|describes)\b)"), "end"),
    (re.compile(r", (?=(?:of|in|for|from|to|by) (?:which|whom) )"), "end"),
    # a relative clause without a comma that claims a figure of its own ("a collision that injured 14 passengers")
    (re.compile(r" (?:that|which) (?=[a-z]+ed (?:\d|(?:two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds)\b))"),
     "end"),
    (re.compile(r"(?<=[A-Z][a-z]), (?=(?:a|an) [a-z][^,]*$)"), "end"),  # "said Anja Ross, a nurse waiting for a bus"
    (re.compile(r", (?=(?:(?:roughly|about|nearly|almost|some|far|much|slightly) )?(?:(?:a|one|two|three) \w+ )?"
                r"(?:[a-z]+er|more|less|fewer) than\b)"), "end"),
    (re.compile(r"^(?:When|After|Before|While|Although|Though|Because|Once) [^,]{10,}?, (?=\w)"), "lead"),
    (re.compile(r", so (?=\w)"), "start"),
    (re.compile(r": (?=\w)"), "end"),
    (re.compile(r"; (?=\w)"), "end"),
]
# "Brisa Lines, founded in 1998, operates ...": a background phrase between commas is a claim of its own
_APPOSITIVE = re.compile(r", (?P<phrase>(?:founded|built|established|created|opened|started|formed|launched|set up|"
                         r"carried out|elected|born)\b[^,]{3,80}), (?=[a-z])")
_HEADLINE_SPLIT = re.compile(r" (?:as|after|while) (?=[A-Za-z])|(?<= report) that (?=[A-Za-z])")
# "Le Monde reported Monday that documents leaked ... by X showed the U.S. collected ...": a report of what documents
# show holds two claims (who reported it, and what was shown); the words that link them ("that documents ...
# showed") are not coded, as the claims entry of datasets/README.md says
_REPORT_THAT = re.compile(r"(?:(?<=\breport)|(?<=\breports)) that (?=[A-Za-z])")
_NESTED_REPORT = re.compile(r"\b(?:reported|reports|revealed|said)(?: (?:on )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
                            r"Saturday|Sunday|yesterday|today))?(?P<link> that (?:the )?(?:[\w'’-]+ ){0,2}(?:documents|files|"
                            r"papers|records|cables|emails)\b[^,;:]{0,100}? (?:showed|show|shows|revealed|reveal) (?:that )?)")

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MULT = r"(?:\s?(?:thousand|million|billion|trillion|bn|m|k)\b)"


def _either_case(words) -> str:
    """An alternation of words that also matches each with a capital first letter (faster than IGNORECASE)."""
    return "|".join(f"[{w[0]}{w[0].upper()}]{re.escape(w[1:])}" for w in sorted(words, key=len, reverse=True))


_SMALL = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# (kind, pattern, what the sentence must hold for the pattern to be tried), in this order; a later match may
# not overlap an earlier one. The gates only save time: a pattern is skipped where it could not match.
_FIGURES = [
    ("money", re.compile(rf"(?:US\$|[$€£])\s?(?:{_NUM}){_MULT}?"), "sign"),
    ("money", re.compile(rf"\b(?:{_NUM}){_MULT}?\s(?:{'|'.join(k for k in CURRENCIES if k.isalpha())})\b"), "digit"),
    ("share", re.compile(rf"\b(?:{_NUM})\s?(?:percent|per cent|%|percentage points?)(?!\w)"), "digit"),
    ("share", re.compile(rf"\b(?:(?:{_either_case(('a', 'one', 'two', 'three'))})[- ](?:third|quarter|fifth|tenth)s?"
                         rf"(?! (?:year|time|day|week|month|season|term|round|place|straight|consecutive)\b)|"
                         rf"[Hh]alf|(?:{_either_case(_SMALL)}|\d+)(?: \w+)? in (?:{'|'.join(_SMALL[2:])}|ten|\d+))\b"),
     ""),
    ("date", re.compile(rf"\b\d{{1,2}} (?:{'|'.join(MONTHS)}) \d{{4}}\b|\b(?:{'|'.join(MONTHS)}) \d{{1,2}}, \d{{4}}\b"),
     "digit"),
    ("date", re.compile(rf"\b(?:{'|'.join(MONTHS)}) (?:\d{{4}}|\d{{1,2}}\b)|\b\d{{1,2}} (?:{'|'.join(MONTHS)})\b"), "digit"),
    ("date", re.compile(rf"(?<!\ba )(?<!\bnormal )(?<!\btypical )(?<!\busual )\b(?:{'|'.join(WEEKDAYS)})\b|\b(?:in|last|since|by|until|from|of) (?:{'|'.join(MONTHS)})\b"),
     "calendar"),
    ("date", re.compile(r"\b(?:1[89]|20)\d0s\b|(?<![\d,.])\b(?:1[89]\d{2}|20\d{2})\b(?!,\d|\.\d)"), "digit"),
    ("number", re.compile(rf"\b(?:{_NUM}){_MULT}?(?:-[a-z]+)?\b"), "digit"),
    ("number", re.compile(rf"(?:{_either_case(VAGUE_NUMBERS)})\b"), ""),
    ("number", re.compile(rf"\b(?:{_either_case(NUMBER_WORDS)})(?:-[a-z]+)?\b"), ""),
]
_DIGIT = re.compile(r"\d")
_PHRASE_GOES_ON = re.compile(r"\w+ [^,]*, (?:\w+ )?(?:[a-z]+ed|[a-z]+s|said|told)\b")
_CALENDAR = re.compile("|".join(MONTHS + WEEKDAYS))
_PERIODS = re.compile(
    r"\b(?:(?:a|per|each|every) (?:day|week|month|year|quarter)|over (?:a|the) [\w-]+ period(?: in [^,.;]+)?|"
    r"(?:in|during) the (?:first|second|third|fourth|last) quarter of \d{4}|between (?:\w+ )?\w+ and \w+(?: \d{4})?|"
    r"since (?:it began in )?(?:\w+ )?\d{4}|(?:over|in) the (?:past|last) (?:\w+ )?(?:days|weeks|months|years)|"
    r"a year earlier|over the year|so far|within (?:an|a|\w+) (?:hour|day|week|month|year)s?|twice a \w+)\b")
_ADJECTIVES = {"new", "young", "old", "more", "other", "injured", "local", "additional", "extra", "further", "small",
               "large", "big", "major", "full", "whole", "separate", "different", "individual", "foreign", "domestic"}
_STOP_COUNT = {"was", "were", "is", "are", "had", "have", "has", "will", "would", "could", "and", "but", "that", "which",
               "who", "in", "on", "at", "for", "from", "to", "since", "between", "by", "with", "during", "after",
               "before", "over", "than", "a", "per", "each", "every", "so", "fell", "rose", "said", "says", "down",
               "up", "when", "while", "if", "as", "they", "he", "she", "it", "we", "you", "i"}


# --- Public face ---------------------------------------------------------------------------------------------

def looks_english(text: str) -> bool:
    """True when the text reads as English: English function words are at least a tenth of its words and
    outnumber the French, German or Spanish ones. The finder reads English only."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 5:
        return False
    english = sum(w in ENGLISH for w in words)
    return english / len(words) >= 0.1 and all(english > sum(w in other for w in words) for other in OTHERS.values())


def propose(text: str, outlet: str | None = None) -> dict:
    """The finder's proposed ``"claims"``, ``"quotes"`` and ``"figures"`` for an article, as DataFrames.

    ``text`` is the article as in ``articles/NAME/article.txt`` (paragraphs one blank line apart).
    ``outlet`` names the claimant of claims in the article's own voice (default: "the article's outlet").
    """
    import pandas as pd

    return {name: pd.DataFrame(rows, columns=columns(name)) for name, rows in propose_rows(text, outlet).items()}


def propose_rows(text: str, outlet: str | None = None) -> dict:
    """The same proposals as plain rows ({column: value}, every column present), without pandas:
    ``new-article`` writes them straight to CSV and starts faster."""
    british = _british_as_double(text)
    finder = _Finder(british or text, outlet or OWN_VOICE)
    finder.run()
    tables = {"claims": finder.claims, "quotes": finder.quotes, "figures": finder.figures}
    if british:  # the rows' words as published, single quotation marks and all (the offsets are the same)
        for rows, column in ((finder.claims, "text"), (finder.quotes, "quote"), (finder.figures, "text")):
            for row in rows:
                row[column] = text[row["start"]:row["end"]]
                for key in ("speaker", "claimant", "counts", "date_text"):
                    if isinstance(row.get(key), str):
                        row[key] = row[key].translate(_BACK_TO_SINGLE)
    proposals = {}
    for name, rows in tables.items():
        names = columns(name)
        unknown = {key for row in rows for key in row} - set(names)
        if unknown:  # a key the schema does not have would be dropped without a word
            raise ValueError(f"the finder wrote {sorted(unknown)}, which {name}.csv has no column for")
        proposals[name] = [{column: row.get(column, "") for column in names} for row in rows]
    return proposals


# --- The work --------------------------------------------------------------------------------------------

_TO_NESTED = str.maketrans({"“": "‘", "”": "’", '"': "'"})
_BACK_TO_SINGLE = str.maketrans({"“": "‘", "”": "’"})


def _british_as_double(text: str) -> str | None:
    """For an article that quotes in single marks (British style: ‘We will,’ she said), the same text with those
    marks written as double ones, and any double marks inside them (a quotation within the quotation) as single
    ones, character for character, so every offset holds; None when no quotation is in single marks. An opening
    mark starts a word after a space or the paragraph's start, outside any double-quoted words; its closing mark
    follows punctuation or a word and ends one; an apostrophe inside a word (it’s) or after a plural's s (the
    swimmers’ club) is neither. One pass: linear."""
    if "‘" not in text and "'" not in text:
        return None
    chars, pairs, opened, in_double = list(text), [], None, False
    n = len(text)
    for i, ch in enumerate(text):
        if ch == "\n" and i + 1 < n and text[i + 1] == "\n":
            opened, in_double = None, False  # a quotation is paired within its paragraph
        elif ch in '“”"' and opened is None:
            in_double = ch == "“" or (ch == '"' and not in_double)
        if ch not in "‘’'" or in_double:
            continue
        before = text[i - 1] if i else "\n"
        after = text[i + 1] if i + 1 < n else "\n"
        if opened is None:
            if ch != "’" and (before.isspace() or before in "([—–") and (after.isalnum() or after in "“\"…"):
                opened = i
        elif ch != "‘" and not before.isspace() and not after.isalnum():
            if before in ",.!?…;:" or not (before == "s" and after == " "):
                pairs.append((opened, i))
                opened = None
    if not pairs:
        return None
    for a, b in pairs:
        for k in range(a + 1, b):
            if chars[k] in '“”"':
                chars[k] = chars[k].translate(_TO_NESTED)
        chars[a], chars[b] = "“", "”"
    return "".join(chars)


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _mask_quotes(text: str) -> str:
    """The text with the words of every quoted passage replaced by 'x's (the marks kept), so rules skip them."""
    return _QUOTED.sub(lambda m: m.group(1) + "x" * len(m.group(2)) + m.group(3), text)


def _quoted_spans(text: str, offset: int, open_to_end: bool = False) -> list[tuple[int, int]]:
    """(start, end) of the words inside each pair of double quotation marks, absolute offsets. With
    ``open_to_end``, a quotation left open runs to the end of ``text`` (a quotation continued in the next
    paragraph, which opens with a quotation mark again and closes it only where the quotation ends)."""
    spans, opened = [], None
    for i, ch in enumerate(text):
        if ch == _OPEN or (ch == '"' and opened is None):
            opened = i + 1
        elif (ch == _CLOSE or ch == '"') and opened is not None:
            spans.append((offset + opened, offset + i))
            opened = None
    if open_to_end and opened is not None:
        spans.append((offset + opened, offset + len(text)))
    return spans


def _trim(text: str, start: int, end: int, chars: str = " \t\n,;:") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


class _Finder:
    def __init__(self, text: str, outlet: str):
        self.text, self.outlet = text, outlet
        self.claims, self.quotes, self.figures = [], [], []
        self._quotes_in: dict[int, list[dict]] = {}
        self._period_of: tuple = (None, "")  # paragraph -> its quotations, so a new one is compared within it
        self.persons: dict[str, str] = {}     # surname -> fullest name seen so far
        self.last_person = ""
        self.orgs: list[tuple[str, str, str]] = []  # (name, head noun, kind) in order of mention
        self.last_org = ""
        self.last_speaker: tuple[str, str, str] | None = None
        self.last_document: tuple[str, str] | None = None  # the author of the last report named ("a report by X")  # the last quotation's (speaker, kind, verb) in a paragraph

    # paragraphs and sentences
    def paragraphs(self):
        pos, counted, number = 0, 0, 1  # blank lines counted as the text is walked, once: linear in its length
        for chunk in self.text.split("\n\n"):
            start, end = _trim(self.text, pos, pos + len(chunk), " \t\n\r")
            if start < end:
                number += self.text.count("\n\n", counted, start)
                counted = start
                yield number, start, end
            pos += len(chunk) + 2

    def sentences(self, start: int, end: int):
        text, s, inside, i = self.text, start, False, start
        while i < end:
            ch = text[i]
            if ch == '"':
                inside = not inside
            elif ch == _OPEN:
                inside = True
            elif ch == _CLOSE:
                inside = False
            elif ch in ".!?":
                j = i + 1
                if j < end and text[j] in '"”' and inside:
                    j += 1
                    closes = True
                else:
                    closes = not inside
                if closes and (j >= end or (text[j] == " " and j + 1 < end and (text[j + 1].isupper() or text[j + 1] in '"“'))):
                    word = re.search(r"([\w.]+)$", text[max(s, i - 40):i])  # the last word only: a long sentence stays linear
                    token = word.group(1) if word else ""
                    if ch != "." or not (token.lower().strip(".") in ABBREVIATIONS or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", token)):
                        yield s, j
                        if j < end and text[j - 1] in '"”':
                            inside = False
                        i, s = j, j + 1
                        continue
            i += 1
        if s < end:
            yield s, end

    def run(self):
        for number, pstart, pend in self.paragraphs():
            self.last_speaker = None
            body = self.text[pstart:pend]
            if _words(body) <= 25 and body.rstrip("'\"’”")[-1:] not in ".!?":
                self.headline(number, pstart, pend)
                continue
            for sstart, send in self.sentences(pstart, pend):
                self.sentence(number, *_trim(self.text, sstart, send, " \t\n"))
        self.number()

    def headline(self, paragraph: int, start: int, end: int):
        text = self.text
        quoted = text[start] in "'\"‘“" and text[end - 1] in "'\"’”"
        if quoted:
            start, end = start + 1, end - 1
        self.mentions(start, end)
        cuts, pos, spans = [], start, _figure_spans(text, start, end)
        for m in _HEADLINE_SPLIT.finditer(text, start, end):
            if _words(text[pos:m.start()]) >= 3 and _words(text[m.end():end]) >= 2:
                cuts.append((pos, m.start()))
                pos = m.end()
        cuts.append((pos, end))
        for s, e in cuts:
            kind = "quote" if quoted else self.claim_type(s, e, spans, [])
            self.add_claim(paragraph, s, e, kind, (self.outlet, "Organization", "own_voice"), "")
        self.find_figures(paragraph, spans, start, end, ("", "own_voice"))

    # names
    def mentions(self, start: int, end: int):
        """Remember the people and organisations named between start and end, for pronouns and surnames."""
        chunk = self.text[start:end]
        for m in _ORG_NP.finditer(chunk):
            np, name = _PLACE_OWNER.sub("", m.group("np")), m.group("name")
            if m.group("comma") and not m.group("close"):
                name = None  # "the union, Holm said": a name only between commas ("The drivers' union, FTL, said")
            head = np.split()[-1]
            kind = "outlet" if head in OUTLET_NOUNS else "org"
            if name and not set(name.lower().split()) & PLACE_WORDS:
                self.remember_org(name, head, kind)
            elif not name and len(np.split()) > 1:
                self.remember_org(np, head, kind)
        for m in _CAP_RUN.finditer(chunk):
            self.classify_name(m.group(0), remember=True)

    def remember_org(self, name: str, head: str, kind: str):
        self.orgs.append((name, head, kind))
        self.last_org = name

    def classify_name(self, phrase: str, remember: bool = False) -> tuple[str, str]:
        """(name, kind) for a capitalised phrase: kind is person, org, outlet or '' (a place or unknown)."""
        phrase = re.sub(r"['’]s$", "", phrase.strip().rstrip(".,"))
        known = self.find_name(phrase)
        if known:
            if remember:
                self.remember_org(phrase, phrase.lower().split()[-1], known)
            return phrase, known
        tokens = phrase.split()
        while tokens and tokens[0].lower() in SENTENCE_STARTERS | {"the"} and tokens[0].lower() not in TITLES:
            tokens = tokens[1:]
        if not tokens:
            return "", ""
        lower = {t.lower().strip(".") for t in tokens}
        if lower & OUTLET_WORDS:
            kind = "outlet"
        elif lower & ORG_WORDS:
            kind = "org"
        else:
            kind = ""
        if kind:
            if len(tokens) == 1 and tokens[0].lower() in ORG_WORDS | OUTLET_WORDS and tokens[0].lower() not in (
                    "nato", "un", "eu", "nsa", "fbi", "cia", "reuters", "afp", "bbc", "cnn", "bloomberg"):
                return "", ""  # "Council member ...", "Police said": a word, not a name
            name = " ".join(tokens)
            if remember:
                self.remember_org(name, tokens[-1].lower(), kind)
            return name, kind
        while tokens and (tokens[0].lower() in TITLES | ROLE_WORDS or tokens[0].lower().strip(".") in TITLES):
            tokens = tokens[1:]
        if len(tokens) == 1 and tokens[0].lower() in CALENDAR_WORDS:
            return "", ""  # "on Wednesday": a day, not a speaker
        if not tokens or lower & PLACE_WORDS:
            return "", ""
        if len(tokens) == 1:
            surname = tokens[0]
            if surname in self.persons:
                full = self.persons[surname]
                if remember:
                    self.last_person = full
                return full, "person"
            return surname, ""
        if len(tokens) <= 4 and all(re.fullmatch(r"[A-Z][a-zà-ÿ'’-]+|[A-Z]\.", t) for t in tokens):
            name = " ".join(tokens)
            if remember:
                self.persons[tokens[-1]] = name
                self.last_person = name
            return name, "person"
        return "", ""

    def resolve(self, phrase: str) -> tuple[str, str]:
        """(speaker, kind) for the words naming a speaker; kind is person, org, outlet, anonymous, documents or ''."""
        phrase = re.sub(r"^(?:which|who|and|but|as)\s+", "", phrase.strip(" ,\"“”"), flags=re.IGNORECASE)
        phrase = _PLACE_OWNER.sub("", phrase)
        low = phrase.lower()
        if not low.strip():  # a line break alone ("...,"\n said X) names no one
            return "", ""
        unnamed = _UNNAMED_GROUP.match(phrase)
        if unnamed and not any(w[0].isupper() for w in unnamed.group("who").split()[1:]):
            who = unnamed.group("who")
            return who, "anonymous"  # "Two business groups warned", "Tenants' groups say": no one is named
        document = re.match(r"^(?:its|their)\s+(?:[\w-]+\s+){0,2}(?P<head>\w+)$", low)
        if document and document.group("head") in DOCUMENT_HEADS and self.last_org:
            return self.org_kind(self.last_org)  # "its annual report shows": the body the report is by
        person_of = _PERSON_OF.match(phrase)
        if person_of:
            name, kind = self.classify_name(person_of.group("person"), remember=True)
            if kind == "person":
                return name, kind  # "Economist Clara Voss of the Nordic Policy Institute"
        if low in ("he", "she", "him", "her"):
            return (self.last_person, "person") if self.last_person else ("", "")
        if low in ("it", "they", "its"):
            return self.org_kind(self.last_org) if self.last_org else ("", "")
        if any(cue in low for cue in ANONYMOUS_CUES) or re.match(r"^(?:an?|one|two|several|some)\s+(?:\w+\s+)?(?:official|officials|source|sources|diplomat|diplomats|person|people)\b", low):
            head = re.sub(r"^(?:an?|one|two|several|some|the)\s+", "", low)
            head = re.split(r"\s+(?:who|speaking|familiar|with)\b|,", head)[0]
            return head.strip(), "anonymous"
        if low.split()[0] in PERSON_HEADS and len(low.split()) == 1:
            return low, "anonymous"  # "Critics say", "Officials said": no one is named
        owner = re.match(r"^(?:his|her|their)\s+(?:office|spokesman|spokeswoman|spokesperson|aides?|staff|team)$", low)
        if owner and self.last_person:
            return self.last_person, "org"  # "her office said": the office of the last person named
        by = _BY_AUTHOR.search(phrase)
        if by:
            name, kind = self.resolve(by.group("author"))
            if kind in ("org", "outlet", "person"):
                self.last_document = (name, kind)
                return name, kind
        if self.last_document and re.fullmatch(r"the (?:report|study|survey|document)", low):
            return self.last_document
        spokes = _SPOKES.search(phrase)
        if spokes:
            org = spokes.group("org") or spokes.group("org2")
            name, kind = self.resolve(org)
            if not name or kind not in ("org", "outlet"):
                name, kind = self.find_org(org.lower().split()[-1]) or (org, "org")
            return name, kind
        possessive = re.match(r"^(?:the\s+)?(?P<owner>[\w\s]+?)['’]s\s+(?P<thing>[\w\s-]+)$", phrase, re.IGNORECASE)
        if possessive and possessive.group("thing").split()[-1].lower() in DOCUMENT_HEADS:
            return self.resolve("the " + possessive.group("owner"))
        named_org = _NAMED_ORG.search(phrase)
        if named_org:
            name, noun = named_org.group("name"), named_org.group("noun").lower()
            kind = "outlet" if noun in OUTLET_NOUNS else "org"
            self.remember_org(name, noun, kind)
            return name, kind
        words = phrase.split()
        if not words:
            return "", ""
        head = words[-1].lower()
        runs = [r for r in _CAP_RUN.findall(phrase) if r.lower() not in ("the", "a", "an")]
        if head in ORG_NOUNS and runs and head not in runs[-1].lower().split() and len(words) <= 5:
            name = re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.IGNORECASE)
            return name, "outlet" if head in OUTLET_NOUNS else "org"
        # a name has a capital of its own: not "the", nor a document word capitalised as a sentence's first ("Figures show")
        if any(w[0].isupper() for i, w in enumerate(words) if w.lower() not in ("the", "a", "an")
               and not (i == 0 and w.lower() in DOCUMENT_HEADS)):
            if runs:
                name, kind = self.classify_name(runs[-1] if len(runs[-1].split()) > 1 or len(runs) == 1 else runs[0], remember=True)
                if name:
                    known = self.find_name(name)
                    return name, kind or known or "person"
        if head in DOCUMENT_HEADS and len(words) <= 3:
            return "documents", "documents"
        if head in OUTLET_NOUNS:
            found = self.find_org(None, "outlet")
            return found or (re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.IGNORECASE), "outlet")
        if head in ORG_NOUNS or head in ("statement", "ministry"):
            if len(words) <= 2:
                found = self.find_org(head) if head != "statement" else None
                if found:
                    return found
                if head in ("statement", "company", "firm") and self.last_org:
                    return self.org_kind(self.last_org)
            return re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.IGNORECASE), "org"
        if head == "police":
            return "police", "org"
        if head in PERSON_HEADS:
            return re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.IGNORECASE), "person"
        return "", ""

    def find_name(self, name: str) -> str:
        """The kind of an organisation named before ("org" or "outlet"), or ''."""
        return next((k for n, _, k in reversed(self.orgs) if n == name), "")

    def find_org(self, head: str | None, kind: str | None = None):
        for name, h, k in reversed(self.orgs):
            if (head is None or h == head or name.lower().split()[-1] == head) and (kind is None or k == kind):
                return name, k
        return None

    def org_kind(self, name: str) -> tuple[str, str]:
        for n, _, k in reversed(self.orgs):
            if n == name:
                return n, k
        return name, "org"

    # attribution
    def attribution(self, start: int, end: int, whole_sentence: bool, fallback=None):
        """The speaker of a stretch of text: (speaker, kind, verb, content (start, end) or None).

        ``fallback`` is the sentence's speaker, for a clause that reports without naming one ("but admitted that")."""
        text = self.text[start:end]
        masked = _mask_quotes(text)
        closing = _CLOSING_PARTICIPLE.search(masked)  # '"...," Marvell said, sitting in the reading room.'
        trail = _TRAIL.search(masked[:closing.start()] if closing else masked)
        if trail and _words(trail.group("speaker")) <= 8 and _adverbial(trail.group("tail")):
            name, kind = self.resolve(text[trail.start("speaker"):trail.end("speaker")])
            if kind:
                content = _trim(self.text, start, start + trail.start(), " ,\"“”.")
                return name, kind, text[trail.start("verb"):trail.end("verb")], content
        split = _SPLIT_QUOTE.search(masked)
        if split and _words(split.group("speaker")) <= 6:
            name, kind = self.resolve(text[split.start("speaker"):split.end("speaker")])
            if kind:
                return name, kind, split.group("verb"), None
        inverted = _INVERTED.search(masked)
        if inverted and _words(inverted.group("speaker")) <= 8:
            name, kind = self.resolve(text[inverted.start("speaker"):inverted.end("speaker")])
            if kind:
                content = _trim(self.text, start, start + inverted.start(), " ,\"“”.")
                return name, kind, inverted.group("verb"), content
        according = _ACCORDING.search(masked)
        if according:
            name, kind = self.resolve(text[according.start("speaker"):according.end("speaker")])
            if kind:
                content = _trim(self.text, start, start + according.start(), " ,\"“”.")
                return name, kind, "according to", content
        conj = _CONJ_VERB.match(masked) or _OPENING_PARTICIPLE.match(masked)  # "and warned that", "adding that"
        if conj and (fallback or self.last_person):
            speaker, kind = (fallback[0], fallback[1]) if fallback else (self.last_person, "person")
            that = re.match(r"^((?:\s+[\w'’,-]+){0,8}?)\s+that\s", masked[conj.end():])
            cstart = start + conj.end() + (that.end() if that else 0)
            return speaker, kind, conj.group("verb"), _trim(self.text, cstart, end, " ,.:\"“”")
        for pattern in (_RELATIVE, _LEAD):
            lead = pattern.search(masked)
            if not lead or _words(lead.group("speaker")) > 12:
                continue
            verb = lead.group("verb")
            after = masked[lead.end():]
            that = re.match(r"^((?:\s+[\w'’,-]+){0,8}?)\s+that\s", after)
            if verb in VERBS_NEED_THAT and not that:
                continue
            speaker = text[lead.start("speaker"):lead.end("speaker")]
            appos = lead.groupdict().get("appos")
            if appos and re.match(r"^,\s*(?:[A-Z][\w.'’-]*\s*){2,4},$", appos):
                speaker = appos.strip(" ,")
            elif appos and any(cue in appos.lower() for cue in ANONYMOUS_CUES):
                speaker = speaker + appos
            name, kind = self.resolve(speaker)
            if verb in DOCUMENT_VERBS:
                if kind in ("documents", "") and speaker.lower().split()[-1] in DOCUMENT_HEADS:
                    return "documents", "documents", verb, None
                continue
            if not kind:
                continue
            if that:
                cstart = start + lead.end() + that.end()
            else:
                cstart = start + lead.end()
                skip = re.match(r"^\s+(?:in a statement|on \w+|in \w+|to reporters|reporters)\b", text[lead.end():])
                if skip:
                    cstart += skip.end()
            return name, kind, verb, _trim(self.text, cstart, end, " ,.:\"“”")
        participle = _PARTICIPLE.search(masked)
        if participle and whole_sentence:
            # "Kerry sought to downplay the report, telling reporters in Paris Monday that ...": the speaker is
            # the sentence's subject, the first few words that name someone
            words = list(re.finditer(r"[^\s,]+", masked[:participle.start()]))
            for k in range(1, min(4, len(words)) + 1):
                name, kind = self.resolve(text[:words[k - 1].end()])
                if kind in ("person", "org", "outlet", "anonymous"):
                    while k < len(words) and words[k].group()[0].isupper():  # the whole name: "Ada Lenn", not "Ada"
                        longer = self.resolve(text[:words[k].end()])
                        if longer[1] not in ("person", "org", "outlet", "anonymous"):
                            break
                        name, kind = longer
                        k += 1
                    after = masked[participle.end():]
                    that = re.match(r"^((?:\s+[\w'’,-]+){0,8}?)\s+that\s", after)
                    cstart = start + participle.end() + (that.end() if that else 0)
                    content = None if participle.group("verb") == "calling" else _trim(self.text, cstart, end, " ,.:\"“”")
                    return name, kind, participle.group("verb"), content
        return None

    def sentence(self, paragraph: int, start: int, end: int):
        text = self.text
        self.mentions(start, end)
        spans = _figure_spans(text, start, end)
        sentence_attr = self.attribution(start, end, True)
        units = [(s, e, self.attribution(s, e, False, sentence_attr)) for s, e in self.units(start, end)]
        continued = text.startswith(("\n\n“", '\n\n"'), end)  # the paragraph ends; the next opens a quotation mark
        quotes = [q for q in _quoted_spans(text[start:end], start, continued) if _words(text[q[0]:q[1]]) >= 2
                  and not re.search(r"\b(?:entitled|titled|headlined|named|dubbed)\s*$", text[start:q[0] - 1])]
        # quotations
        if sentence_attr and sentence_attr[1] not in ("documents",):
            speaker, kind, verb, content = sentence_attr
            if content:  # the reported words end with their clause ("X said A, and the council warned that B")
                clause = next(((us, ue) for us, ue, _ in units if us <= content[0] < ue), None)
                if clause and content[1] > clause[1]:
                    content = _trim(text, content[0], clause[1], " ,.\"“”")
            self.remember_speaker(speaker, kind)
            self.last_speaker = (speaker, kind, verb)
            if quotes:
                for q in quotes:
                    self.add_quote(paragraph, *_trim(text, *q, " ,."), speaker, verb, start, end)
            elif content and _words(text[content[0]:content[1]]) >= 3 and verb not in NO_QUOTE_VERBS:
                self.add_quote(paragraph, *content, speaker, verb, start, end)
        elif quotes and self.last_speaker and _mask_quotes(text[start:end]).strip(" x.,\"“”") == "":
            speaker, kind, verb = self.last_speaker  # a quotation that continues the last speaker's
            sentence_attr = (speaker, kind, verb, None)
            for q in quotes:
                self.add_quote(paragraph, *_trim(text, *q, " ,."), speaker, verb, start, end)
        elif quotes:
            for q in quotes:
                self.add_quote(paragraph, *_trim(text, *q, " ,."), "", "", start, end)
        for ustart, uend, own in units:  # a clause with its own speaker ("..., and the office warns that ...")
            if not own or own[1] == "documents" or (sentence_attr and own[:3] == sentence_attr[:3] and not quotes):
                continue
            self.remember_speaker(own[0], own[1])
            inside = [q for q in quotes if ustart <= q[0] and q[1] <= uend]
            for q in inside:
                self.add_quote(paragraph, *_trim(text, *q, " ,."), own[0], own[2], start, end)
            if not inside and own[3] and _words(text[own[3][0]:own[3][1]]) >= 3 and own[2] not in NO_QUOTE_VERBS:
                self.add_quote(paragraph, *own[3], own[0], own[2], start, end)
        # claims
        for ustart, uend, own in units:
            utext = text[ustart:uend]
            if utext.rstrip("\"”").endswith("?") or _words(utext) < 3:
                continue
            attr = own if own else sentence_attr
            if attr and re.match(r"^(?:who|which|where|when)\b", utext) and not own:
                attr = None
            has_quote = any(ustart <= q[0] and q[1] <= uend for q in quotes)
            kind = "quote" if has_quote and attr and attr[1] != "documents" else self.claim_type(ustart, uend, spans, quotes)
            note = ""
            if has_quote and not attr:
                kind = "quote"
                note = "The finder found no speaker for these quoted words."
            self.add_claim(paragraph, ustart, uend, kind, self.claimant(attr), note)
        self.find_figures(paragraph, spans, start, end, self.credit(sentence_attr))

    def remember_speaker(self, speaker: str, kind: str):
        if kind == "person" and speaker:
            self.last_person = speaker
            self.persons.setdefault(speaker.split()[-1], speaker)
        elif kind in ("org", "outlet") and speaker:
            self.last_org = speaker
            if not any(n == speaker for n, _, _ in self.orgs):
                self.orgs.append((speaker, speaker.lower().split()[-1], kind))

    def units(self, start: int, end: int):
        """The clauses of a sentence, cut where the codebook cuts a statement from the next."""
        masked = _mask_quotes(self.text[start:end])
        spans = [m.span() for m in _WORD.finditer(masked)]
        word_starts, word_ends = [a for a, _ in spans], [b for _, b in spans]

        def words(a: int, b: int | None = None) -> int:  # _words(masked[a:b]), from the spans found once: linear overall
            b = len(masked) if b is None else b
            return max(0, bisect.bisect_left(word_starts, b) - bisect.bisect_right(word_ends, a)) if a < b else 0

        cuts = []
        for pattern, where in _SPLITS:
            for m in pattern.finditer(masked):
                left_end = m.end() - 2 if where == "lead" else m.start()  # "lead": the cut is the comma at its end
                right_start = m.end() if where in ("end", "lead") else m.start() + 2
                if pattern in (_SPLITS[1][0], _SPLITS[2][0]):  # a participle or relative phrase between commas
                    if words(0, left_end) < 4 or _PHRASE_GOES_ON.match(masked, m.end()):
                        continue
                cuts.append((left_end, right_start))
        fixed = set()
        for m in _NESTED_REPORT.finditer(masked):
            fixed.add((m.start("link"), m.end("link")))
        for m in _REPORT_THAT.finditer(masked):  # "over Le Monde report that NSA collected ...": what the report says
            fixed.add((m.start(), m.end()))
        for m in _APPOSITIVE.finditer(masked):
            fixed |= {(m.start(), m.start("phrase")), (m.end("phrase"), m.end())}
        cuts = sorted(set(cuts) | fixed)
        pos, units = 0, []
        for left_end, right_start in cuts:
            if left_end < pos:
                continue
            if (left_end, right_start) in fixed or (words(pos, left_end) >= 3 and words(right_start) >= 3):
                units.append((pos, left_end))
                pos = right_start
        units.append((pos, len(masked)))
        for s, e in units:
            s, e = _trim(self.text, start + s, start + e, " ,;:")
            if s < e:
                yield s, e

    def claim_type(self, start: int, end: int, spans: list, quotes: list) -> str:
        """background, statistic, characterization or event, by the cues in the kit's word lists (in that order)."""
        text = self.text[start:end]
        figures = [(s, e) for s, e, kind in spans if kind != "date" and start <= s and e <= end
                   and not any(qs <= s and e <= qe for qs, qe in quotes)
                   and not _AGE.search(self.text, max(0, s - 30), s)]  # an age after a name ("Ingrid Marvell, 71,")
        lead = _LEAD.search(_mask_quotes(text))
        if lead and lead.group("verb") not in DOCUMENT_VERBS:  # "Two business groups warned that ...": who speaks is no figure
            figures = [(s, e) for s, e in figures if not (start + lead.start("speaker") <= s and e <= start + lead.end("speaker"))]
        if BACKGROUND_CUES.search(text):
            return "background"
        if figures:
            return "statistic"
        if CHARACTERIZATION_CUES.search(text):  # a judgement without a figure, even with a word like "average"
            return "characterization"
        if STATISTIC_CUES.search(text):
            return "statistic"
        if SOFT_BACKGROUND_CUES.search(text):
            return "background"
        return "event"

    def claimant(self, attr) -> tuple[str, str, str]:
        if not attr:
            return self.outlet, "Organization", "own_voice"
        speaker, kind = attr[0], attr[1]
        if kind == "documents":
            return self.outlet, "Organization", "documents"
        if kind == "anonymous":
            return speaker, "Person", "anonymous"
        if kind == "outlet":
            return speaker, "Organization", "other_outlet"
        if kind == "org":
            return speaker, "Organization", "official_statement"
        return speaker, "Person", "named_source"

    def credit(self, attr) -> tuple[str, str]:
        claimant, _, attribution = self.claimant(attr)
        return ("", attribution) if attribution in ("own_voice", "documents") else (claimant, attribution)

    def add_claim(self, paragraph: int, start: int, end: int, kind: str, who: tuple[str, str, str], note: str):
        claimant, claimant_type, attribution = who
        start, end = _trim(self.text, start, end, " \t\n")  # a row's text never starts or ends with a space
        if start >= end:
            return
        self.claims.append({"paragraph": paragraph, "start": start, "end": end, "text": self.text[start:end],
                            "claim_type": kind, "claimant": claimant or self.outlet, "claimant_type": claimant_type,
                            "attribution": attribution, "note": note, "proposal": PROPOSED})

    def add_quote(self, paragraph: int, start: int, end: int, speaker: str, verb: str, sstart: int, send: int):
        start, end = _trim(self.text, start, end, " \t\n")
        if start >= end:
            return
        for q in self._quotes_in.setdefault(paragraph, []):  # quotations never cross a paragraph: compare within it
            if q["start"] < end and start < q["end"]:  # words already taken: give them a speaker if they had none
                if not q["speaker"] and speaker and (q["start"], q["end"]) == (start, end):
                    q.update(speaker=speaker, verb=verb, suggested_cameo_code=suggest_cameo(verb, q["quote"]))
                return
        words = self.text[start:end]
        sentence = self.text[sstart:send]
        date, date_text = _date_of(sentence)
        self.quotes.append({"paragraph": paragraph, "start": start, "end": end, "quote": words, "speaker": speaker,
                            "verb": verb, "date": date, "date_text": date_text,
                            "suggested_cameo_code": suggest_cameo(verb, words), "proposal": PROPOSED})
        self._quotes_in[paragraph].append(self.quotes[-1])

    def find_figures(self, paragraph: int, spans: list, start: int, end: int, credit: tuple[str, str]):
        for s, e, kind in spans:
            self.figures.append(self.figure(paragraph, s, e, kind, start, end, credit))

    def figure(self, paragraph: int, s: int, e: int, kind: str, sstart: int, send: int, credit) -> dict:
        text = self.text
        word = text[s:e]
        before = text[max(sstart, s - 20):s].lower()
        hedged = any(before.rstrip().endswith(h) for h in HEDGES)
        after = text[e:min(send, e + 1000)]  # _counts reads ten words at most: a long sentence stays linear
        value, unit, counts, period = "", "", "", ""
        if kind == "money":
            unit = next((v for k, v in CURRENCIES.items() if word.startswith(k) or word.endswith(" " + k)), "")
            value = "" if hedged else _number(word)
            counts = _counts(after)
        elif kind == "share":
            if re.search(r"percent|per cent|%", word):
                unit = "percentage points" if "point" in word else "percent"
                value = "" if hedged else _number(word)
            else:
                unit = "share"
            counts = _counts(after)
        elif kind == "number":
            hyphen = re.search(r"-([a-z]+)$", word)
            value = "" if hedged or word.lower() in VAGUE_NUMBERS else _number(word)
            if hyphen:
                unit = hyphen.group(1)
                counts = _counts(after)
            else:
                counts = _counts(after)
                unit = next((w for w in counts.split() if w.lower() not in _ADJECTIVES | {"of", "the", "a", "an"}
                             and not w[0].isdigit()), "")
        if kind != "date":
            if self._period_of[0] != (sstart, send):  # one search per sentence, not one per figure in it
                p = _PERIODS.search(text, sstart, send)
                self._period_of = ((sstart, send), p.group(0) if p else "")
            period = self._period_of[1]
        return {"paragraph": paragraph, "start": s, "end": e, "text": word, "kind": kind, "value": value,
                "unit": unit, "counts": counts, "period": period, "credited_to": credit[0], "proposal": PROPOSED}

    def number(self):
        for n, row in enumerate(self.claims, 1):
            row["claim_id"] = f"C{n:02d}"
        self.quotes.sort(key=lambda q: q["start"])
        for n, row in enumerate(self.quotes, 1):
            row["quote_id"] = f"Q{n:02d}"
        for n, row in enumerate(self.figures, 1):
            row["figure_id"] = f"F{n:02d}"


def _adverbial(tail: str) -> bool:
    """True for what may follow a closing "X said": nothing, two words ("the court"), or a time or manner phrase."""
    words = tail.split()
    if len(words) > 4 and (words[0].lower() not in ("in", "on", "at", "during", "after", "before") or "that" in words):
        return False  # "said in a post on social media" closes; "said in May that ..." or "said the talks ..." does not
    return len(words) <= 2 or words[0].lower() in ("on", "in", "at", "to", "during", "after", "before", "last",
                                                    "this", "earlier", "later") or words[0].endswith("ly")


def _figure_spans(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every figure between start and end, in reading order; earlier patterns win overlaps."""
    found: list[tuple[int, int, str]] = []
    starts: list[int] = []  # the starts of `found`, kept sorted beside it: no two found spans overlap
    gates = {"": True, "digit": bool(_DIGIT.search(text, start, end)), "calendar": bool(_CALENDAR.search(text, start, end)),
             "sign": any(sign in text[start:end] for sign in "$€£")}
    for kind, pattern, gate in _FIGURES:
        if not gates[gate]:
            continue
        for m in pattern.finditer(text, start, end):
            s, e = m.span()
            at = bisect.bisect_left(starts, e)  # the spans starting before e; of these, only the last can reach past s
            if at and found[at - 1][1] > s:
                continue
            starts.insert(at, s)
            found.insert(at, (s, e, kind))
    return found


def _number(word: str) -> str:
    """The exact number a figure's words state, as text ("70.3 million" -> "70300000"); blank if none."""
    low = re.sub(r"-[a-z]+$", "", word.lower().replace("us$", "").strip("$€£ "))
    if low in NUMBER_WORDS:
        return str(NUMBER_WORDS[low])
    m = re.match(rf"({_NUM})(?:\s?(thousand|million|billion|trillion|bn|m|k)\b)?", low)
    if not m:
        return ""
    value = Decimal(m.group(1).replace(",", "")) * MULTIPLIERS.get(m.group(2) or "", 1)
    value = value.normalize()
    return format(value, "f") if value == value.to_integral_value() else str(value)


_COUNT_TOKEN = re.compile(r"[\w'’-]+|[,.;:()\"“”]")


def _counts(after: str, before_figure: bool = False) -> str:
    """What a figure counts, in the article's words: the noun phrase after it (up to a verb or preposition)."""
    if before_figure:
        return ""
    words = []
    for w in (m.group() for m in itertools.islice(_COUNT_TOKEN.finditer(after), 10)):
        if w in ",.;:()\"“”" or w.lower() in _STOP_COUNT or (words and w.endswith("ed") and w.isalpha() and w.islower()):
            break
        words.append(w)
    return " ".join(words)


def _date_of(sentence: str) -> tuple[str, str]:
    """(ISO date, the words that give it) for the first date in a sentence; the ISO date only for a full date."""
    full = re.search(rf"\b(\d{{1,2}}) ({'|'.join(MONTHS)}) (\d{{4}})\b", sentence)
    if full:
        return f"{full.group(3)}-{MONTHS.index(full.group(2)) + 1:02d}-{int(full.group(1)):02d}", full.group(0)
    full = re.search(rf"\b({'|'.join(MONTHS)}) (\d{{1,2}}), (\d{{4}})\b", sentence)
    if full:
        return f"{full.group(3)}-{MONTHS.index(full.group(1)) + 1:02d}-{int(full.group(2)):02d}", full.group(0)
    loose = re.search(rf"\b(?:on )?(?:{'|'.join(WEEKDAYS)})\b|\b(?:last|this|next) (?:week|month|year)\b", sentence)
    return "", loose.group(0) if loose else ""


def suggest_cameo(verb: str, words: str) -> str:
    """A CAMEO code suggested by the reporting verb, then by cue words in the quoted words (see the module's notes)."""
    if verb in VERB_CODES:
        return VERB_CODES[verb]
    low = words.lower()
    for code, cues in CUE_CODES:
        if _CUE_PATTERNS[code].search(low):
            return code
    return DEFAULT_CODE


_CUE_PATTERNS = {code: re.compile(r"\b(?:" + "|".join(map(re.escape, cues)) + ")") for code, cues in CUE_CODES}


def suggestable_codes() -> list[str]:
    """Every code ``suggest_cameo`` can return (a test checks each is in ``datasets/cameo_codes.csv``)."""
    return sorted({*VERB_CODES.values(), *(code for code, _ in CUE_CODES), DEFAULT_CODE})

