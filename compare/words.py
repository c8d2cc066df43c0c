"""English word lists the stages share: kept in code (nltk's corpora would need a download).

Each list has one home here, whichever stages read it: segment the abbreviations and sentence
starters of news copy, normalize the stopwords, align and temporal the attribution verbs.
"""

# Function words that say nothing about which statement a sentence makes (in place of nltk's
# stopwords corpus).
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why with would you your yours yourself yourselves
    said says say told according added adding
    mr mrs ms s t one two
    """.split()
)

# Who said it: these verbs and the names around them are attribution, not the statement.
ATTRIBUTION_VERBS = frozenset(
    "said say says told tell adding added according reported reports stated noted wrote "
    "announced explained claimed insisted argued warned cautioned urged acknowledged admitted "
    "asserted contended maintained suggested tweeted posted confirmed".split()
)

# Abbreviations that end with a period inside a sentence, lower case and without the final
# period as Punkt stores them.  Sources: AP style (titles, months, states), news usage.
NEWS_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt sgt cpl pvt adm cmdr sen rep gov pres supt det insp
    rev fr sr jr st ave blvd rd mt ft
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    ala ariz ark calif colo conn fla ga ill ind kan ky md mich minn miss mo mont neb nev okla
    ore pa tenn vt va wash wis wyo
    u.s u.s.a u.k u.n e.u d.c n.y n.j n.h n.m n.c n.d s.c s.d r.i w.va l.a
    a.m p.m e.g i.e etc vs al approx dept est vol inc corp co ltd llc plc bros
    """.split()
)

# Capitalised words that open news sentences, so that after an abbreviation ("… & Co. It
# closed", "… in the U.S. They said") they mark a new sentence.  Words that also follow an
# abbreviation inside a sentence ("A", titles, "I") are left out.
NEWS_SENTENCE_STARTERS = frozenset(
    """
    the an he she it they we you this that these those there his her their its our my
    but and so yet if when while after before as in on at for from with by during since
    however meanwhile still also then now later earlier today yesterday
    how what why who where which
    officials police authorities critics experts analysts some many most several both
    """.split()
)
