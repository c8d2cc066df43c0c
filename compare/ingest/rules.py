"""Line rules: what a single line of a scraped page is, judged on its own text.

Each rule recognises one kind of page furniture by its shape, not by one site's wording, so it
keeps working on outlets it has never seen.  Rules that need the line's neighbours (the zones of
the page, the headline, promo boxes) live in :mod:`compare.ingest.plaintext`.
"""

from __future__ import annotations

import re

from compare.ingest import dates

# Terminal punctuation of a sentence, allowing closing quotes/brackets after it.
_SENTENCE_END = re.compile(r"[.!?:;…][\"'”’)\]]*$")
# A full stop, after which the next word opens a sentence (capitalised whatever it is).
FULL_STOP = re.compile(r"[.!?…][\"'”’)\]]*$")
# Quotation marks that open or close a quote (an apostrophe inside a word is not one):
# promo boxes never quote anyone, reported speech does.
QUOTE = re.compile(r"[\"“”«»„]|(?<!\w)['‘’]|['‘’](?!\w)")
# Words that address the reader ("Sign up for our newsletters", "you'll never miss a story").
# "us" in lower case only: "US officials" is the country.
READER_ADDRESS = re.compile(r"\b(?:(?i:you|your|you'll|you're|our|we)|us)\b")

# A video player's label ("Now Playing:", "WATCH:", CNN's "JUST WATCHED" and "MUST WATCH"):
# the line after it, when it ends in a running time, is the video's title.  (NBC's "Play"
# button is left to the teaser rule: its pages print the same title without a running time
# too, and the two copies must read it alike.)
_VIDEO_LABEL = r"recommended video:?|now playing:?|watch:|just watched|must watch"
VIDEO_LABEL = re.compile(rf"^(?:{_VIDEO_LABEL})$", re.IGNORECASE)
# A clip's running time at the end of its title ("Remnick: Putin wants to … 08:28").
RUNNING_TIME = re.compile(r"\s\d{1,2}:\d{2}$")
# Template leftovers and scripts ("spot_img", "window._taboola = ..."), gallery counters
# ("Image 1 of 3", "Image 1of/3", "1 / 3"), video players (their labels, "Media: Wibbitz", a
# title that says it is a video and ends in its running time: "Watch Trump and Putin speak
# ahead of summit 04:45"), a reader poll ("% of readers think this story is Fact."),
# font-size toggles ("A   A"), a form's "An error has occurred. Please try again later.", a
# log-in box's "You are signed in as", a notifications prompt ("Turn on notifications?") and
# lines of bare punctuation (",", "•", "- - - - -").
_WIDGET = re.compile(
    r"^(?:\w+_img|.*\bwindow\.\w.*|.*[{}].*|.*\bfunction\s*\(.*"
    r"|image\s*\d+\s*(?:of|/)\s*/?\s*\d+|\d+\s*/\s*\d+"
    rf"|{_VIDEO_LABEL}|media:\s*\S.{{0,40}}|watch\b.*\s\d{{1,2}}:\d{{2}}"
    r"|(?:[A-Za-z]\s+){1,3}[A-Za-z]|\d*\s*% of readers think this story is \w+\..*"
    r"|(?:scroll|back) to (?:the )?top(?: of (?:the )?page)?|an error (?:has )?occurred\b.*"
    r"|you are signed in as\b.*|(?:tap here to )?turn on (?:desktop )?notifications\b.*"
    r"|[^\w\s]+(?:\s+[^\w\s]+)*)$",
    re.IGNORECASE,
)
# Copyright notices: "Copyright 2018 The Associated Press...", "© 2019 ...", "All rights reserved".
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b)|\ball rights reserved\b", re.IGNORECASE)
# A sales desk's telephone line ("Americas+1 212 318 2000", Bloomberg's page top): an
# international number ends it.
_CONTACT = re.compile(r"\+\d{1,3}[\s\d().-]{6,}\d\s*$")
_CONTACT_MAX_WORDS = 8
# Ad slots: "Advertisement", "- Advertisement -", "Continue Reading Below", "Sponsored".
_AD_SLOT = re.compile(
    r"^[-–—\s]*(?:advertisement|advertisements|ad|sponsored(?: content)?|story continues below"
    r"|continue reading below|article continues below)[-–—\s]*$",
    re.IGNORECASE,
)
# Subscription and newsletter promos ("SIGN UP", "Sign up for one of our email newsletters.",
# "We want to hear what you think. Submit a letter to the editor …",
# "Get Today's Headlines in your inbox:", "Unlimited Digital Access. $1 for 4 weeks.", "Get
# breaking news alerts from Newsday").
PROMO = re.compile(
    r"\b(?:sign (?:me )?up|subscri(?:be|bed|bing|ption|ber)s?|newsletters?|inbox|digital access"
    r"|news alerts?|letters? to the editor)\b"
    r"|\$\d+(?:\.\d\d)? (?:for|per|a)\b",
    re.IGNORECASE,
)
_PROMO_MAX_WORDS = 8  # a promo button or tag line; longer promo text must address the reader
# Share bars and social embeds: "Share story", "FacebookEmail Twitter ...", "e-mail", an
# embedded tweet's signature "— Name (@handle) July 16, 2018" (a "pic.twitter.com/…" link is
# furniture glued into a line, see glued_furniture),
# "Follow X on Twitter", "Read or Share this story: <url>", a bare URL, CNN's "Chat with us in
# Facebook Messenger. Find out what's happening in the world as it unfolds."
_SOCIAL = re.compile(
    r"^(?:share(?: this)?(?: story| article)?:?|e-?mail|print|tweet|url|comments?|post to facebook"
    r"|cancelsend|posted!?|read or share this story:.*|follow .{1,60} on (?:twitter|facebook"
    r"|instagram|x)\b.*|https?://\S+|[—–-]\s*.{1,60}\(@\w+\).{0,40}"
    r"|a link has been (?:sent|posted) to your .*|join the (?:nation's )?conversation"
    r"|to find out more about facebook commenting.*|chat with us in facebook messenger\b.*)$"
    r"|^(?:(?:facebook|twitter|e-?mail|google\+|linkedin|pinterest|whatsapp|reddit|connect|tweet"
    r"|comment|more)\s*)+$",
    re.IGNORECASE,
)
# AP-style photo captions: "FILE - In this April 23, 2019 file photo, ...", "In this June 30,
# 2013 file photo, ...", "This March 20, 2018, file photo shows ...", "... (AP Photo/Evan Vucci)".
# A photo gallery's caption with its toggle, as Hearst pages (chron.com, sfgate.com) print each
# one twice: whole, then "less" (after its credit, if it has one); cut, then "... more".  A
# caption ending in its credit, as Newsday prints a video's: "... and Russia. (Credit: AP)", as
# the Tribune sites print an agency's: "... summit. (Alex Edelman / Getty Images)", as Yahoo
# prints a photographer's: "... in Helsinki. (Jorge Silva/Reuters)", or with AP's
# transmission code after it: "... (AP Photo/Luca Bruno) ORG XMIT: XLB108"; a Getty Images
# caption, "... in Helsinki. (Photo by Jonathan NACKSTRAND / AFP) (Photo credit should read
# JONATHAN NACKSTRAND/AFP/Getty Images)"; a caption with its credit set apart by a run of
# spaces no writer types, as Fox News prints a photo's: "… the site of the historic talks
# (Lehtikuva)"; a caption with its credit after a label, as the South China Morning Post and
# the Guardian print theirs: "… the run-up to the presidential election. Photo: AP".
_CAPTION = re.compile(
    r"^FILE\s*[-–—]|^(?:In )?this\b.{0,40}?\d{4},?\s+(?:file\s+)?photo\b"
    r"|^.+\s\((?:AP|AFP) Photo\b.*\)\W*(?:ORG XMIT:\s*\S+)?$"
    r"|^.+[.!?\"”’]\s+\((?:credit:[^()]{1,60}|[^()]{1,80}\b(?:Getty Images|AFP|EPA)"
    r"|[^()]{1,80}/\s*(?:Reuters|AP))\)$"
    r"|^.+\s\(Photo by [^()]{1,80}\)(?:\s*\(Photo credit should read [^()]{1,80}\))?\W*$"
    r"|^.+[.!?\"”’]\s+(?:photo|photograph|picture)s?:\s[^.:]{1,60}$"
    r"|^.+[ \t\u00a0]{5,}\([^()]{1,40}\)\s*$"
    r"|[.!?\"”’)] less$|\s(?:\.\.\.|…) more$",
    re.IGNORECASE,
)
# Photo credits: "Photo: Collected", "(Photo: Aleksi Tuomola / AP)", "Jorge Silva / AP",
# "Frank Micelotta/Invision/AP", "AFP PHOTO / Lehtikuva / ...", "Getty Images".
_PHOTO_CREDIT = re.compile(
    r"^\(?(?:photo|image|picture|pictured|credit)s?\s*(?::|by\b)"
    r"|\S\s*(?:/|,)\s*(?:AP|AFP|Reuters|Invision|Getty Images|EPA|Pool)(?:,\s*File)?\)?\s*$"
    r"|\b(?:AFP PHOTO|Getty Images|AP Photo)\b|\bvia AP\b.{0,10}$",
    re.IGNORECASE,
)
_PHOTO_CREDIT_MAX_WORDS = 16
# Weather widgets: "28.4 C", "High 91F.", "Winds N at 5 to 10 mph", "5-Day Forecast", "Enter
# City and State or Zip Code", "Your weather is set to .", "AccuWeather.com Quick Look".
_WEATHER = re.compile(
    r"^-?\d{1,3}(?:\.\d+)?\s*°?\s*[CF]$|\b(?:high|low)(?: near)? -?\d{1,3}\s*°?F\b"
    r"|\bwinds? [NSEW]{1,3} at\b|\b(?:\d+-day )?forecast$|^enter (?:your )?city\b.*\bzip code$"
    r"|^your weather is set to\b|^accuweather\.com\b",
    re.IGNORECASE,
)
# The viewing-day stamp of a page header: "Dhaka, Monday".
_PLACE_WEEKDAY = re.compile(
    r"^[A-Z][\w .'-]{1,40},\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$", re.IGNORECASE
)
# Bylines: "By JOHN SMITH, Associated Press", "By The Associated Press", "The Associated Press",
# "/ AP", "BI Desk || BusinessInsider", "Jonathan Lemire and Vladimir IsachenkovAssociated Press",
# "The Associated Press — By JONATHAN LEMIRE, JILL COLVIN and VLADIMIR ISACHENKOV - Associated
# Press" (three names and the agency twice: 15 words).
_BYLINE = re.compile(
    r"^by\s+\S|^/?\s*(?:the )?(?:associated press|AP|AFP|Reuters)$|\bdesk\b.*\|\||\|\|"
    r"|associated press\s*$|^(?:the )?associated press\b",
    re.IGNORECASE,
)
_BYLINE_MAX_WORDS = 18
# Wire contributor notes: "Sherman reported from Washington.", "... contributed to this report."
_CONTRIBUTORS = re.compile(
    r"^[A-Z][\w'’-]+(?: and [A-Z][\w'’-]+)? reported from [A-Z]|contributed to this report",
)
_CONTRIBUTORS_MAX_WORDS = 30
# Reuters' sign-off in brackets: "(Reporting by Robin Emmott; Editing by Richard Balmforth)",
# "(Additional reporting by … in Moscow; Writing by …; Editing by …)" (its desk's spelling
# "Additonal" too), and its transmission notes: "(The story is refiled to add Trump's name,
# dropped from first paragraph.)", "(Refiles to fix typo)", "(This story corrects …)".
_WIRE_CREDITS = (
    r"\((?:additi?onal )?(?:reporting|writing|editing|compiled|research)\s+by\b[^()]*\)"
    r"|\((?:(?:the|this) )?(?:story|report|version)\s+(?:is\s+|has been\s+|was\s+)?"
    r"(?:refiled|corrected|corrects|updated|updates|adds|recasts)\b[^()]*\)"
    r"|\((?:refiles?|corrects|recasts)\b[^()]*\)"
)
_SIGN_OFF = re.compile(rf"^(?:{_WIRE_CREDITS})$", re.IGNORECASE)
_SIGN_OFF_MAX_WORDS = 60
# Site navigation and section labels that stand alone on a line.
_NAVIGATION = re.compile(
    r"^(?:close|more|save|prev(?:ious)?|next|menu|home|search|×|x|back to (?:gallery|top)"
    r"|skip to (?:main )?content|latest(?: news)?|popular(?: articles)?|trending(?: news| now)?"
    r"|trending in \w+|most (?:popular|read|viewed)\b.*|more (?:stories|news|from)\b.*"
    r"|top stories|view comments|footer navigation|disclaimer|purchase: order reprint"
    r"|click here to comment.*|powered by \w+|#\w+|\(\d{5}\)|today|tonight|edition)[.!:]?$",
    re.IGNORECASE,
)
# Pointers to other stories: "Read more: ...", "RELATED STORIES:", "See also".
_RELATED = re.compile(
    r"^(?:read more|related(?: stories| articles| coverage| content)?|see also|also read"
    r"|more on this|recommended(?: for you)?|you may also like)(?::.{0,120})?$",
    re.IGNORECASE,
)
# Rules between blocks: "___", "———", "* * *".
_SEPARATOR = re.compile(r"^[_—–*=~-]{3,}$|^(?:[*_]\s){2,}[*_]$")
# A masthead: a short Title-Case name carrying a typical news-outlet word ("Business Insider
# Bangladesh", "The Boston Globe", "CBS News").  A place alone ("Philippines") is not one.
_OUTLET_WORD = re.compile(
    r"\b(?:Times|Post|News|Insider|Herald|Tribune|Daily|Journal|Gazette|Star|Express|Inquirer"
    r"|Chronicle|Telegraph|Observer|Standard|Guardian|Mail|Today|Press|Bulletin|Sun|Monitor"
    r"|Globe|Record|Courier|Dispatch|Examiner|Register|Sentinel|Independent|Reporter|Review"
    r"|Mirror|Nation|Statesman|Leader|Advocate|Enquirer|Beacon|Gazette|Magazine|Wire|Agency)\b",
)
_MASTHEAD_MAX_WORDS = 5

# Context-free rules in the order they are tried; the first match names the line's reason.
_RULES: tuple[tuple[str, re.Pattern[str], int | None], ...] = (
    ("separator", _SEPARATOR, None),
    ("widget", _WIDGET, None),
    ("copyright", _COPYRIGHT, None),
    ("contact", _CONTACT, _CONTACT_MAX_WORDS),
    ("advertisement", _AD_SLOT, None),
    ("weather", _WEATHER, 20),
    ("social", _SOCIAL, None),
    ("caption", _CAPTION, None),
    ("photo-credit", _PHOTO_CREDIT, _PHOTO_CREDIT_MAX_WORDS),
    ("page-date", _PLACE_WEEKDAY, None),
    ("byline", _CONTRIBUTORS, _CONTRIBUTORS_MAX_WORDS),
    ("byline", _SIGN_OFF, _SIGN_OFF_MAX_WORDS),
    ("navigation", _NAVIGATION, 8),
    ("related-links", _RELATED, 20),
)


# Furniture glued inside a line that is otherwise article text (see glued_furniture).
# An embedded tweet's picture link and signature: "pic.twitter.com/x1Y — Donald J. Trump
# (@realDonaldTrump) July 16, 2018"; either may come alone.
_TWEET_FURNITURE = re.compile(
    r"(?:https?://)?pic\.twitter\.com/\S+"
    r"(?:\s*[—–-]+\s*[^()—–]{1,60}\(@\w{1,15}\)(?:\s*[A-Z][a-z]+\.? \d{1,2}, \d{4})?)?"
    r"|[—–]+\s*[^()—–]{1,60}\(@\w{1,15}\)\s*[A-Z][a-z]+\.? \d{1,2}, \d{4}"
)
# A line that is a tweet's signature: the tweet's text is the paragraph before it.
TWEET_SIGNATURE = re.compile(r"^[—–-]+\s*[^()]{1,60}\(@\w{1,15}\)")
# A widget's text (a carousel of other stories' snippets) pasted after the paragraph with a
# run of spaces no writer types.
_GLUE_GAP = re.compile(r"[ \t\u00a0]{5,}(?=\S)")
# A teaser after the paragraph's last sentence: "... said. Related: Trump heads to Helsinki".
_INLINE_TEASER = re.compile(
    r"(?<=[.!?\"”’])\s+(?:related(?: stories| coverage)?|read more|see also|also read)\s*:\s*\S.*$",
    re.IGNORECASE,
)


# The same sign-off run on after the paragraph's last sentence ("… NATO figures show.
# (Reporting by Robin Emmott; Editing by Richard Balmforth)").
_INLINE_SIGN_OFF = re.compile(rf"(?<=[.!?\"”’])\s+(?:{_WIRE_CREDITS})\s*$", re.IGNORECASE)


def glued_furniture(line: str) -> list[tuple[int, int, str]]:
    """(start, end, reason) of the page furniture glued inside a line of article text.

    A tweet's picture link and signature are cut wherever they sit; a widget after a run of
    spaces, and a "Related:" teaser or a wire's bracketed sign-off after the last sentence, are
    cut to the end of the line when what stays before them reads as prose.
    """
    parts = [(m.start(), m.end(), "embedded-tweet") for m in _TWEET_FURNITURE.finditer(line)]
    for pattern, reason in (
        (_GLUE_GAP, "widget"),
        (_INLINE_TEASER, "related-links"),
        (_INLINE_SIGN_OFF, "byline"),
    ):
        match = pattern.search(line)
        if match is not None and is_prose(line[: match.start()].strip()):
            parts = [p for p in parts if p[1] <= match.start()]
            parts.append((match.start(), len(line), reason))
            line = line[: match.start()]
    return sorted(parts)


# Another story's snippet, as a news aggregator lists it: its first words, cut off mid-sentence
# with an ellipsis ("… President Trump said the two leaders would ...").
_SNIPPET = re.compile(r"\w[,;]?\s?(?:\.\.\.|…)$")
SNIPPET_MIN_WORDS = 8


def is_snippet(line: str) -> bool:
    """A paragraph of several words broken off mid-sentence with an ellipsis."""
    return word_count(line) >= SNIPPET_MIN_WORDS and _SNIPPET.search(line) is not None


def word_count(line: str) -> int:
    return len(line.split())


def ends_like_sentence(line: str) -> bool:
    return _SENTENCE_END.search(line) is not None


def is_prose(line: str) -> bool:
    """Reads like a sentence of a story: several words ending in sentence punctuation, or a long
    run of words (scrapers sometimes cut a paragraph's end)."""
    words = word_count(line)
    return (words >= 5 and ends_like_sentence(line)) or words >= 15


def is_promo(line: str) -> bool:
    """A subscription or newsletter pitch: promo words on a button-sized line or said to the
    reader ("Sign up for one of our email newsletters.").  News prose that merely mentions
    subscribers is neither short nor spoken to the reader."""
    if PROMO.search(line) is None or QUOTE.search(line):
        return False
    return word_count(line) <= _PROMO_MAX_WORDS or READER_ADDRESS.search(line) is not None


def is_masthead(line: str) -> bool:
    words = line.split()
    return (
        2 <= len(words) <= _MASTHEAD_MAX_WORDS
        and _OUTLET_WORD.search(line) is not None
        and all(word[0].isupper() or not word[0].isalpha() for word in words)
        and not ends_like_sentence(line)
    )


def classify(line: str) -> str | None:
    """The furniture reason of ``line`` judged alone, or None when it may be article text."""
    for reason, pattern, max_words in _RULES:
        if pattern.search(line) and (max_words is None or word_count(line) <= max_words):
            return reason
    if is_promo(line):
        return "advertisement"
    if dates.is_stamp_line(line) or dates.LABEL_ONLY.match(line):
        return "published-line"
    if dates.is_age_line(line):
        return "relative-time"
    if _BYLINE.search(line) and word_count(line) <= _BYLINE_MAX_WORDS:
        # "By Tuesday, the count had doubled." is a sentence; a byline never ends like one.
        return None if ends_like_sentence(line) else "byline"
    return None
