"""General English that carries no meaning for matching, and how people type it in chat.

This is language data, not domain data: nothing here is about any article. Words that are
specific to an article (its subjects, synonyms and question cues) live in its fact pack.
"""

from __future__ import annotations

# Function words and fillers: they shape a question but do not say what it is about.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any anyone anything are aren around
    as at be been being before below between both but by can cannot could did do does doing
    done down during each either else ever every few for from further get gets getting got
    had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up upon very was
    we were what whats when whens where wheres which while who whos whom why will with would
    you your yours yourself yourselves actually again already any anyway apparently
    basically btw certain certainly currently definitely exactly expect going gonna gotta
    hear heard idea info information kinda know knows like likely maybe mean much many news
    officially please possible possibly pretty probably quite real really right said say
    says seems sorta sure supposed tell telling thing things think thought time wanna wonder
    wondering wondered whether yet guys folks anybody someone somebody something anyone one
    ones
    """.split()
)

# Words that ask something: a message holding one asks a question ("ok and when?").
ASKING = frozenset("what when where which who whom whose why how much many long far".split())

# Chat noise that is dropped outright: greetings, laughter, the bot's own name.
NOISE = frozenset(
    """
    hey hi hello yo hiya heya sup oi ok okay okk pls plz plox please thx thanks thank ty
    tyvm lol lmao lmfao rofl haha hahaha hehe xd omg wtf idk imo imho tbh ngl fr frfr bro
    bruh dude man mate fam bot factbot um uh umm uhh hmm hm erm ah oh ooh ya yeah yep yup
    nah quick question q
    """.split()
)

# Chat spellings of common words, expanded before anything else.
CHAT_SPEAK = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "y": "why",
    "wen": "when",
    "whn": "when",
    "wht": "what",
    "wat": "what",
    "wut": "what",
    "whats": "what",
    "wats": "what",
    "hw": "how",
    "hows": "how",
    "abt": "about",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "tho": "though",
    "thru": "through",
    "gonna": "going",
    "wanna": "want",
    "gimme": "give me",
    "dunno": "do not know",
    "w/": "with",
    "b4": "before",
    "2day": "today",
    "whens": "when",
    "wheres": "where",
    "whos": "who",
    "whys": "why",
    "yr": "year",
    "yrs": "years",
    # "ok'd", "OK'd": the apostrophe dropped, what is left reads as a name nobody knows.
    "okd": "okayed",
    "okayd": "okayed",
}

# Words the spelling corrector may correct towards, beside the pack's own words.
COMMON_WORDS = STOPWORDS | frozenset(CHAT_SPEAK.values())
