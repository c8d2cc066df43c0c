"""A scraped page as plain text → the article body, its metadata and every line it dropped.

The page is read in three zones.  The header runs until the lead paragraph: the first prose line
that opens with a wire dateline ("MOSCOW (AP) —"), or else the first prose line after the last
header anchor (byline, time stamp, masthead, headline-like line).  The trailer starts after the
last prose line.  Everything outside the body is furniture; inside the body only lines that a
rule recognises, and short non-sentences that are not crossheads, are dropped.  Every dropped
line is reported with a reason so that nothing disappears silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from compare.crosshead import is_story_crosshead
from compare.ingest import dates, rules
from compare.ingest.parsed import ParsedVersion
from compare.model import RemovedLine, Stamp
from compare.normalize import content_norms, tokens

# A wire dateline opening the lead: "MOSCOW – ", "NEW YORK (AP) — ", "HELSINKI, Finland (AP) —",
# "WASHINGTON -- ".  The place is upper case, an optional ", Region" may follow.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\- ]{0,30}[A-Z.](?:,\s+[A-Z][A-Za-z.'’\- ]{1,30}?)?)\s*"
    r"(?:\((?:AP|AFP|Reuters|UPI|dpa|CNN)\)\s*)?(?:--|[-–—])\s+(?=\S)"
)
# A title-case dateline ("Moscow – President Donald Trump ..."): only with an en/em dash or
# "--" and a capital after it, so "Putin -- who is travelling" is not mistaken for one.
_TITLE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})\s*(?:\((?:AP|AFP|Reuters)\)\s*)?"
    r"(?:--|[–—])\s+(?=[A-Z\"“])"
)
# A dateline on a line of its own just before the lead: "HELSINKI", "NEW YORK".
_LONE_DATELINE = re.compile(r"^[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,3}(?:, [A-Z][a-z.]+)?$")
# " | Charlotte Observer" after a headline, or " - The Boston Globe".
_TITLE_SUFFIX = re.compile(r"^(?P<headline>.+?)\s+(?:\||-|–|—)\s+(?P<outlet>[^|]{2,60})$")

_LEAD_SEARCH = 10  # a dateline is looked for in the first prose-like lines only (captions too)
_PROSE_RUN = 3  # this many prose lines in a row with no anchor between: the body has begun
_HEADLINE_WORDS = (3, 30)
_TEASER_MAX_WORDS = 12  # a body line this short that is not a sentence is a link or a label
_TITLE_MAX_WORDS = 25  # a line in headline case this short is another story's title
# The words a headline leaves in lower case.
_SMALL_WORDS = frozenset(
    "a an the and or nor but of to in on for at by with from as is are vs over into up".split()
)
_TWEET_MAX_WORDS = 60  # a tweet runs 280 characters at most
# The outlet telling of the tweet it embeds ("Russia's Foreign Minister tweeted … that they
# 'agreed'"): a tweet does not report its own tweeting, so the line is the story's lead-in,
# whose embed kept only its signature.
_TELLS_OF_A_TWEET = re.compile(r"\btweeted\b", re.IGNORECASE)
_PROMO_REACH = 3  # lines a promo box may spread from its button or pitch
# A line next to a promo with at least this many content words, this share of them used by the
# page's paragraphs of this many words or more, is the story's (sweep of the 612 corpus pages:
# Newsday's headline, a Washington Post last sentence and a newsletter's crosshead; every pitch
# shares less than half its words, but a form's "An error has occurred", a widget).
_OWN_WORDS_MIN = 3
_OWN_WORDS_SHARE = 0.6
_STORY_LINE_WORDS = 20
_HEADER_ANCHORS = frozenset({"byline", "published-line", "page-date"})
_PHOTO_REASONS = frozenset({"caption", "photo-credit"})


@dataclass(slots=True)
class _Line:
    number: int  # 1-based in the input
    text: str  # stripped
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class _Cut:
    original: str  # the line as read
    parts: tuple[RemovedLine, ...]  # the furniture cut out of it


@dataclass(slots=True)
class _Zones:
    start: int  # index of the lead paragraph
    end: int  # index of the last body line
    dateline: str | None = None
    lead: str | None = None  # the lead without its dateline prefix


def parse_page(text: str) -> ParsedVersion:
    lines = [_Line(n, raw.strip()) for n, raw in enumerate(text.split("\n"), 1) if raw.strip()]
    for line in lines:
        line.reason = rules.classify(line.text)
    glued = _cut_glued_furniture(lines)
    _mark_video_titles(lines)
    _mark_embedded_tweets(lines)
    _mark_promo_boxes(lines)
    zones = _find_zones(lines)
    headline = _mark_header(lines, zones)
    _mark_trailer(lines, zones, headline)
    _mark_body(lines, zones, headline)
    stamps = _stated_stamps(lines, zones, headline)
    published, source = _publication_time(stamps)
    body = [
        zones.lead if i == zones.start and zones.lead is not None else line.text
        for i, line in enumerate(lines)
        if line.reason is None
    ]
    return ParsedVersion(
        text="\n\n".join(body),
        headline=split_title(lines[headline].text)[0] if headline is not None else None,
        outlet=_outlet(lines, zones, headline),
        dateline=zones.dateline,
        published=published,
        published_source=source,
        removed=tuple(_removed(lines, glued)),
        stamps=stamps,
    )


def _removed(lines: list[_Line], glued: dict[int, _Cut]) -> list[RemovedLine]:
    """Every dropped line, whole, and the parts cut out of the lines that were kept."""
    removed: list[RemovedLine] = []
    for line in lines:
        cut = glued.get(line.number)
        if line.reason:
            removed.append(
                RemovedLine(line.number, cut.original if cut else line.text, line.reason)
            )
        elif cut:
            removed.extend(cut.parts)
    return removed


# --- furniture inside a line ------------------------------------------------------------------


def _cut_glued_furniture(lines: list[_Line]) -> dict[int, _Cut]:
    """Cut the furniture glued inside kept lines (a tweet's signature, a widget's snippets, a
    "Related:" teaser), by line number; a line with nothing left is removed whole."""
    cuts: dict[int, _Cut] = {}
    for line in lines:
        parts = rules.glued_furniture(line.text) if line.reason is None else []
        if not parts:
            continue
        kept, position = [], 0
        for start, end, _ in parts:
            kept.append(line.text[position:start].strip())
            position = end
        kept.append(line.text[position:].strip())
        text = " ".join(piece for piece in kept if piece)
        if not text:
            line.reason = parts[0][2]
            continue
        removed = tuple(RemovedLine(line.number, line.text[a:b].strip(), r) for a, b, r in parts)
        cuts[line.number] = _Cut(line.text, removed)
        line.text = text
    return cuts


def _mark_video_titles(lines: list[_Line]) -> None:
    """A video's title, ending in the clip's running time, under its player's label ("MUST
    WATCH" / "Remnick: Putin wants to 'throw US off balance' 08:28"): never a headline or
    story.  (A title that says it is a video is a widget by its own text: rules.classify.)"""
    for before, line in pairwise(lines):
        if (
            line.reason is None
            and rules.VIDEO_LABEL.match(before.text)
            and rules.RUNNING_TIME.search(line.text)
        ):
            line.reason = "widget"


def _mark_embedded_tweets(lines: list[_Line]) -> None:
    """An embedded tweet is its text, then its signature line ("— Name (@handle) July 16,
    2018"): the kept line just before a signature is the tweet's text, not the article's,
    unless it tells of the tweet."""
    for before, line in pairwise(lines):
        if (
            line.reason == "social"
            and rules.TWEET_SIGNATURE.match(line.text)
            and before.reason is None
            and rules.word_count(before.text) <= _TWEET_MAX_WORDS
            and not _TELLS_OF_A_TWEET.search(before.text)
        ):
            before.reason = "embedded-tweet"


# --- promo boxes ------------------------------------------------------------------------------


def _mark_promo_boxes(lines: list[_Line]) -> None:
    """A newsletter box is a button plus a pitch or two ("Be the first to know."): lines next to
    a promo that are short or speak to the reader, and quote nobody, belong to the box; a line
    in the story's own words (a headline under a log-in notice, a last sentence above a
    subscription pitch) does not."""
    frontier = [i for i, line in enumerate(lines) if rules.is_promo(line.text)]
    if not frontier:
        return
    story_words = {
        word
        for line in lines
        if rules.word_count(line.text) >= _STORY_LINE_WORDS
        for word in _content_words(line.text)
    }
    for _ in range(_PROMO_REACH):
        grown = []
        for i in frontier:
            for j in (i - 1, i + 1):
                if (
                    0 <= j < len(lines)
                    and lines[j].reason is None
                    and _promo_like(lines[j].text, story_words)
                ):
                    lines[j].reason = "advertisement"
                    grown.append(j)
        frontier = grown


def _content_words(text: str) -> set[str]:
    return {t.stem for t in tokens(text) if t.content and len(t.norm) > 2}


def _promo_like(text: str, story_words: set[str]) -> bool:
    """Short or speaking to the reader, and not the story's: quoting nobody, reporting no one
    (:func:`_reports_someone`), not mostly in the words the story's paragraphs use (at least a
    few content words, most of them the story's)."""
    if rules.QUOTE.search(text) or _reports_someone(text):
        return False
    own = _content_words(text)
    if len(own) >= _OWN_WORDS_MIN and len(own & story_words) >= _OWN_WORDS_SHARE * len(own):
        return False
    return rules.word_count(text) <= 8 or rules.READER_ADDRESS.search(text) is not None


def _reports_someone(text: str) -> bool:
    """A short sentence that names someone after its first word, in sentence case ("Trump did
    not respond; Putin appeared to smirk."): the story's, though it sits under a promo.  A
    pitch names nobody ("Be the first to know.") or is a title ("Get the Morning Report")."""
    words = text.split()
    # Words that open a sentence are capitalised anyway ("Invalid email address. Please …").
    inside = [word for before, word in pairwise(words) if not rules.FULL_STOP.search(before)]
    return (
        rules.ends_like_sentence(text)
        and rules.READER_ADDRESS.search(text) is None
        and any(word[:1].isupper() and not word.isupper() for word in inside)
        and any(word[:1].islower() for word in inside)
    )


# --- zones ------------------------------------------------------------------------------------


def _is_candidate(line: _Line) -> bool:
    return line.reason is None and rules.is_prose(line.text)


def _find_zones(lines: list[_Line]) -> _Zones:
    prose = [i for i, line in enumerate(lines) if _is_candidate(line)]
    if not prose:
        if any(line.reason for line in lines):
            # A page (it has furniture) with no sentence of a story: a photo gallery's
            # captions, a list of links.  Its title alone is no article.
            return _Zones(start=len(lines), end=len(lines) - 1)
        return _Zones(start=0, end=len(lines) - 1)  # a bare text: keep it all
    zones = _dateline_lead(lines, prose[:_LEAD_SEARCH]) or _anchored_lead(lines, prose)
    captions = _top_caption(lines, zones.start) if zones.dateline is None else ()
    if captions:
        # The top picture's caption, where a story would begin: the story begins after it
        # (of the 680 pages of the source corpus, 20 begin over a credit, each with a caption).
        for i in captions:
            lines[i].reason = "caption"
        return _find_zones(lines)
    zones.end = prose[-1]
    return zones


def _top_caption(lines: list[_Line], i: int) -> tuple[int, ...]:
    """The caption lines at ``i``: a line over a photo credit (or over an outlet's name, the
    credit CBS News gives its video stills), or a line printed again with its credit after it
    (the Los Angeles Times' pages)."""
    following = lines[i + 1] if i + 1 < len(lines) else None
    if following is None:
        return ()
    credit = following.reason == "photo-credit"
    if credit or (following.reason is None and rules.is_masthead(following.text)):
        return (i,)
    # The credited copy may read as a caption on its own ("… (Name / Getty Images)").
    credited = following.text.startswith(lines[i].text) and following.reason in (None, "caption")
    if credited and rules.classify(following.text[len(lines[i].text) :].strip()) == "photo-credit":
        return (i, i + 1)
    return ()


def _dateline_lead(lines: list[_Line], candidates: list[int]) -> _Zones | None:
    for i in candidates:
        text = lines[i].text
        found = _DATELINE.match(text) or _TITLE_DATELINE.match(text)
        if found:
            place = found.group("place").strip()
            return _Zones(start=i, end=i, dateline=place, lead=text[found.end() :])
    return None


def _anchored_lead(lines: list[_Line], prose: list[int]) -> _Zones:
    last_anchor, run = -1, 0
    for i, line in enumerate(lines):
        # A headline-like line anchors only among header lines: after prose it is a crosshead.
        if line.reason in _HEADER_ANCHORS or (run == 0 and _is_title_anchor(line)):
            last_anchor, run = i, 0
        elif _is_candidate(line):
            run += 1
            if run >= _PROSE_RUN:
                break
    start = next((i for i in prose if i > last_anchor), prose[0])
    before = lines[start - 1] if start > 0 else None
    if before and before.reason is None and _LONE_DATELINE.match(before.text):
        before.reason = "dateline"
        return _Zones(start=start, end=start, dateline=before.text)
    return _Zones(start=start, end=start)


def _is_title_anchor(line: _Line) -> bool:
    return line.reason is None and (rules.is_masthead(line.text) or _title_like(line.text))


def _title_like(text: str) -> bool:
    low, high = _HEADLINE_WORDS
    first = text[0]
    return (
        low <= rules.word_count(text) <= high
        and (first.isupper() or first.isdigit() or first in "\"'“‘")
        # a paragraph ending in a quote ends where the quote's last sentence does
        and not text.rstrip("\"'\u201d\u2019 ").endswith((".", ",", ":", ";"))
    )


# --- header, trailer, body --------------------------------------------------------------------


def _mark_header(lines: list[_Line], zones: _Zones) -> int | None:
    """Give every header line a reason; return the headline's index."""
    headline = _headline(lines, zones)
    for i in range(zones.start):
        line = lines[i]
        if line.reason is not None:
            continue
        if i == headline:
            line.reason = "headline"
        elif rules.is_masthead(line.text) and (headline is None or i < headline):
            line.reason = "masthead"
        else:
            line.reason = _header_reason(lines, i, headline)
    return headline


def _headline(lines: list[_Line], zones: _Zones) -> int | None:
    """The first title-like header line that shares a word with the story: a headline is
    written from its story, and a section label or another story's title above it ("Gold and
    Precious Metals" over "The Gaping Holes In The Official Skripal Story") shares none.  Only
    that (a caption or a teaser below the headline may share more than the headline does), and
    the first title-like line when none shares a word.  Words as written, unstemmed: the
    stemmer is not loaded while pages are read."""
    titles = [
        i
        for i in range(zones.start)
        if lines[i].reason is None
        and not rules.is_masthead(lines[i].text)
        and _title_like(lines[i].text)
    ]
    if len(titles) < 2:
        return titles[0] if titles else None
    body = {
        word
        for line in lines[zones.start : zones.end + 1]
        if line.reason is None
        for word in content_norms(line.text)
    }
    return next((i for i in titles if content_norms(lines[i].text) & body), titles[0])


def _header_reason(lines: list[_Line], i: int, headline: int | None) -> str:
    text = lines[i].text
    if headline is not None and text.startswith(split_title(lines[headline].text)[0]):
        return "repeated-headline"
    before = lines[i - 1].reason if i > 0 else None
    after = lines[i + 1].reason if i + 1 < len(lines) else None
    short = rules.word_count(text) <= 3
    if short and "weather" in (before, after):
        return "weather"  # the place a weather widget shows beside its temperature
    if short and before in _PHOTO_REASONS:
        return "photo-credit"  # a photographer's name under a caption
    if rules.is_prose(text) and (_PHOTO_REASONS | {"widget"}) & {before, after}:
        return "caption"  # prose beside a photo credit or a gallery counter describes the photo
    return "header"


def _mark_trailer(lines: list[_Line], zones: _Zones, headline: int | None) -> None:
    for line in lines[zones.end + 1 :]:
        if line.reason is None:
            same = _same_as_headline(line, lines, headline)
            line.reason = "repeated-headline" if same else "trailer"


def _mark_body(lines: list[_Line], zones: _Zones, headline: int | None) -> None:
    kept: _Line | None = None
    for i in range(zones.start, zones.end + 1):
        line = lines[i]
        if line.reason is not None:
            continue
        if _same_as_headline(line, lines, headline):
            line.reason = "repeated-headline"
        elif _between_widgets(lines, i):
            line.reason = "widget"  # a video's title between "Now Playing:" and its credit
        elif kept is not None and line.text == kept.text:
            line.reason = "duplicate"  # a caption or pull quote printed twice; keep one copy
            if i + 1 < len(lines) and lines[i + 1].reason in _PHOTO_REASONS:
                kept.reason = "caption"  # printed twice over its photo credit: a caption
        elif i != zones.start and _is_teaser(line.text, _next_kept(lines, i, zones.end)):
            line.reason = "related-links"
        else:
            kept = line


def _between_widgets(lines: list[_Line], i: int) -> bool:
    return 0 < i < len(lines) - 1 and lines[i - 1].reason == lines[i + 1].reason == "widget"


def _same_as_headline(line: _Line, lines: list[_Line], headline: int | None) -> bool:
    if headline is None:
        return False
    return line.text.casefold() == split_title(lines[headline].text)[0].casefold()


def _next_kept(lines: list[_Line], i: int, end: int) -> str | None:
    return next((x.text for x in lines[i + 1 : end + 1] if x.reason is None), None)


def _is_teaser(text: str, following: str | None) -> bool:
    """A short body line that is not a sentence ("De Blasio Interview"), or a longer one set
    in headline case (a video's title: "Netflix Is Now Worth More Than Disney With Boost From
    The Obamas Buzz 60"), links elsewhere, unless it is a crosshead of this story."""
    if rules.ends_like_sentence(text):
        return False
    words = rules.word_count(text)
    short = words <= _TEASER_MAX_WORDS and not rules.is_prose(text)
    if not short and not (words <= _TITLE_MAX_WORDS and _headline_case(text)):
        return False
    return not is_story_crosshead(text, following)


def _headline_case(text: str) -> bool:
    """Most words capitalised and the rest short function words, as headlines are set (not
    all in capitals: a wire flash quoted in capitals is the story's)."""
    words = [w for w in text.split() if w[0].isalpha()]
    lower = [w for w in words if not w[0].isupper()]
    if not words or text.upper() == text or len(lower) > 0.4 * len(words):
        return False
    return all(w in _SMALL_WORDS for w in lower)


# --- metadata ---------------------------------------------------------------------------------


def split_title(text: str) -> tuple[str, str | None]:
    """ "Headline | Outlet" → ("Headline", "Outlet"); a bare headline → (headline, None)."""
    found = _TITLE_SUFFIX.match(text)
    if found and ("|" in text or rules.is_masthead(found.group("outlet"))):
        return found.group("headline"), found.group("outlet").strip()
    return text, None


def _outlet(lines: list[_Line], zones: _Zones, headline: int | None) -> str | None:
    """The outlet only when the page names it: a " | Outlet" title suffix, else a masthead
    line in the header, else the outlet half of a desk byline ("BI Desk || BusinessInsider")."""
    if headline is not None:
        suffix = split_title(lines[headline].text)[1]
        if suffix:
            return suffix
    header = lines[: zones.start]
    masthead = next((x.text for x in header if x.reason == "masthead"), None)
    if masthead:
        return masthead
    desk = next((x.text for x in header if x.reason == "byline" and "||" in x.text), None)
    if desk is None:
        return None
    return desk.split("||", 1)[1].strip() or None


def _stated_stamps(lines: list[_Line], zones: _Zones, headline: int | None) -> tuple[Stamp, ...]:
    """The stamps the article states.  A bare date above the headline is the day the page was
    viewed, so it becomes "page-date" and is never a stamp."""
    kept: list[Stamp] = []
    for i, stamp in dates.stated_stamps(lines):
        day_only = stamp.kind == "plain" and stamp.precision == "day"
        if day_only and _above_title(lines, i, zones, headline):
            lines[i].reason = "page-date"
        else:
            kept.append(stamp)
    return tuple(kept)


def _publication_time(stamps: tuple[Stamp, ...]) -> tuple[str | None, str | None]:
    """``published`` and its source: the first published stamp, else the first updated one."""
    published, updated = dates.first_times(stamps)
    if published:
        return published, "article"
    return (updated, "article-updated") if updated else (None, None)


def _above_title(lines: list[_Line], i: int, zones: _Zones, headline: int | None) -> bool:
    """Above the headline (or, on a page without one, above the byline)."""
    if i >= zones.start:
        return False
    if headline is None:
        headline = next((j for j in range(i) if lines[j].reason == "byline"), None)
    return headline is None or i < headline


def split_dateline(text: str) -> tuple[str | None, str]:
    """ "MOSCOW (AP) — The ..." → ("MOSCOW", "The ..."); text without a dateline → (None, text).

    For readers of structured formats, which know their paragraphs but not the wire dateline.
    """
    found = _DATELINE.match(text) or _TITLE_DATELINE.match(text)
    if found is None:
        return None, text
    return found.group("place").strip(), text[found.end() :]
