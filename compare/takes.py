"""Stage 3b — takes: versions that are one take of the story as several outlets ran it.

A take is what a wire editor would call one transmission: copies of it differ by furniture,
quote style and paragraph breaks (align already looks through those), by a cut-off ending,
and by material a page glued in from elsewhere (an embedded tweet, a related-story teaser).
A write-through that adds paragraphs, moves the lead or changes a statement's state is a new
take.  This stage groups the versions and records, per take, what a reader must not mistake
for news:

- **glued-in material** (``Take.not_story``): a run of sentences linked to nothing in any
  other version that sits where another copy of the take has nothing: appended to a paragraph
  that ends there in at least two other copies (a copy cut off there ends no paragraph), a
  paragraph of its own cut short with an ellipsis (a teaser) between two paragraphs another
  copy prints next to each other, or
  after the point where a truncated copy stops while the other copy goes on for several
  sentences; and a sentence another page of the story dropped, whole, as a picture's caption;
- **cut-off copies** (``Take.cut_off``): a copy whose story is a prefix-like run of another
  copy's and then ends, with material glued on after it (or a last sentence broken off, a
  page ending on a lead-in to what it never shows ("WORLD EXCLUSIVE:"), its
  last paragraph running several of the other's together as a preview box does, two or more
  copies going on past it where no second outlet stops, or, word for word, another outlet's
  opening where no second outlet stops), while the other copy goes on;
- **copies that lost their top** (``Take.lost_top``): a page with no headline (or only another
  story's title, sharing next to nothing with its story) and no dateline
  whose story is, sentence for sentence, another copy's from part-way in to its end (the
  scraper started below the top: headline, lead and all); a caption or teaser it printed
  above where it starts is glued in.  Such a page fits every take that differs from another
  only above where it starts: it joins the one it shares most sentences with, and never
  makes one take of two;
- **identical copies** (``Take.identical``): the same text word for word.

Two versions are one take when they lead with the same sentence (closely worded: a rewritten
lead is a write-through; a copy that lost its top leads with the other's sentence where it
starts), never differ by a state change, reword no more than a couple of
the sentences they share (copies differ by typography, spelling and story codes; a
write-through rewords as it goes), the shorter one's story nearly all
reappears closely worded in the longer one, and the longer one goes on no further than the
shorter one ends (unless the shorter one was cut off).  Several sentences of news one has and
the other lacks make two takes; for two pages of one outlet (the same page scraped twice) one
sentence does, since an outlet does not trim its own page.
The grouping reads only the versions and their links (no time order, so it can inform the
ordering), and never the order of the inputs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TypeVar

from compare.ingest.rules import is_snippet
from compare.model import Article, CutOff, Link, LostTop, Sentence, Take
from compare.normalize import squash, tokens
from compare.temporal import cues, is_update, reports_dated_event
from compare.unionfind import DisjointSet

# The shorter version's story sentences nearly all reappear, reworded at most lightly, in the
# longer one; the longer one carries most of the shorter one (an outlet trims a paragraph or
# two) and goes on at most this many sentences after the shorter one's end.
SAME_TAKE_SHARE = 0.9
SAME_TAKE_SCORE = 0.8
TRIMMED_SHARE = 0.75
EXTENDED_MAX = 1
# A cut-off copy carries most of the other copy's sentences up to where it stops (a prefix, not
# a trim throughout), and the other copy goes on for at least this many sentences, and this
# share of its length, after that point.
CUT_PREFIX_SHARE = 0.6
CUT_MIN_REST = 3
CUT_REST_SHARE = 0.2
# A copy whose last paragraph runs together this many of the other copy's paragraphs is an
# excerpt (a page's preview box: Yahoo's first four paragraphs as one block under "More"):
# it was cut where it stops, however little the other copy goes on.
EXCERPT_PARAGRAPHS = 3
# Story sentences one copy has and the other lacks, with dated news among them, that make two
# takes ("several": one sentence less is a trim).
NEWS_APART = 2
# Closely linked sentences worded differently (beyond spelling and story codes) that make two
# takes: copies of one take reword next to none (dev: 68 same-take pairs none, one pair one);
# AP's write-through of the overnight summit story (r-ap-summit-overnight t3 → t4) rewords four
# in passing.
REWORDED_APART = 3
# Two words that differ only in spelling ("criticizing" ~ "criticising", "furor" ~ "furore").
SPELLING_RATIO = 0.8
# The share of a headline's content words its own story must carry for the page to count as
# headed: another story's title over a page that lost its top carries a word or two (a
# name); the corpus's own headlines at least two in five ("Summit fever: Trump reaches for big
# moment with Putin").
HEADLINE_SHARE = 0.3
# Material glued into a paragraph counts only where this many other copies end it there.  A
# teaser (a paragraph of its own cut short with an ellipsis, another story's snippet) needs one
# copy that prints the paragraphs around it next to each other: a story's own paragraph never
# ends in "…", so the shape says most of it (a two-version report has one other copy).
WITNESSES = 2
# A sentence at least this long that another page dropped as a caption is one there too.
CAPTION_MIN_WORDS = 6
# A word of letters and digits: a wire story code ("nL8N1U7564"), not a word of the story.
_STORY_CODE = re.compile(r"\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z\d]{6,}\b")
# A picture's credit in brackets at the end of its caption.
_CREDIT = re.compile(r"\s*\([^()]{2,80}\)\s*$")
# A sentence broken off by the scraper: an ellipsis, or no closing punctuation.
_BROKEN_OFF = re.compile(r"(?:\.\.\.|…|[^.!?\"'”’)\]])\s*$")


@dataclass(frozen=True, slots=True)
class _Glue:
    """A candidate run of glued-in sentences, and the versions that show it does not belong."""

    sentences: tuple[str, ...]
    witnesses: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Cut:
    """Where a copy stops against another version: that version's story index there."""

    against: str
    stop: int  # index into the other version's story sentences
    after_paragraph: int


_Found = TypeVar("_Found", "_Cut", "_Top")


@dataclass(frozen=True, slots=True)
class _Top:
    """Where a copy that lost its top starts in another version: that version's story index,
    and how many of the copy's own story sentences come before it (printed above the story)."""

    against: str
    start: int  # index into the other version's story sentences
    skipped: int


def group_takes(articles: Sequence[Article], links: Sequence[Link]) -> tuple[Take, ...]:
    """Near-duplicate versions grouped, with their cut-off, glued and identical copies.

    Every version is in exactly one take.  Each take's versions are in id order and the takes
    ordered by their representative's id; classify puts both in time order.
    """
    sentences = {s.id: s for a in articles for s in a.sentences}
    partners: dict[str, set[str]] = defaultdict(set)
    for link in links:
        partners[link.source].add(link.target)
        partners[link.target].add(link.source)
    by_version = {a.id: list(a.sentences) for a in articles}
    excerpts = {a.id: _excerpt_of(a.sentences, partners, sentences) for a in articles}
    glue = [run for a in articles for run in _glue_candidates(a, partners, by_version, excerpts)]
    captions = _captions_elsewhere(articles)
    candidate_ids = {sid for run in glue for sid in run.sentences} | captions
    story = {a.id: [s for s in a.sentences if s.id not in candidate_ids] for a in articles}
    trailing = {  # versions a trailing glued run shows to be cut off, by the copy that goes on
        (sentences[run.sentences[0]].version, witness)
        for run in glue
        if run.sentences[-1] == by_version[sentences[run.sentences[0]].version][-1].id
        for witness in run.witnesses
    }
    tops = _lost_tops(articles, story, partners)
    stops = _stops(story, partners, excerpts, {v for v, _ in tops})
    going_on = Counter(v for v, _ in stops)
    outlet = {a.id: a.outlet or a.id for a in articles}  # no stated outlet: one of its own
    ending_at: dict[tuple[str, int], set[str]] = defaultdict(set)  # (other, stop) → outlets
    for (v, other), cut in stops.items():
        ending_at[(other, cut.stop)].add(outlet[v])
    # A copy stopped where others go on was cut off when it shows it (material glued on after
    # it, a last sentence broken off, an excerpt's run-together paragraphs), or when several
    # copies go on past it and no second outlet stops there: outlets do not add the same
    # paragraphs in unison, the shorter copy lost them (where two outlets stop at one place
    # and two go on, two takes reached them: a short first take and its write-through); or
    # when it is, word for word, the opening of another outlet's copy and no second outlet
    # stops there: a take goes to every outlet on the wire at once, a page that lost its end is
    # one outlet's (an outlet that adds paragraphs to its own page moves a take).
    lead_in = {a.id for a in articles if _ends_on_lead_in(a)}
    shown = {
        (v, other)
        for (v, other), cut in stops.items()
        if _shows_cut(story[v][-1], other in excerpts[v])
        or v in lead_in
        or (v, other) in trailing
        or (going_on[v] >= WITNESSES and len(ending_at[(other, cut.stop)]) < WITNESSES)
    }
    opening = {
        (v, other)
        for (v, other), cut in stops.items()
        if (v, other) not in shown
        and len(ending_at[(other, cut.stop)]) < WITNESSES
        and outlet[v] != outlet[other]
        and _opening_of(story[v], story[other], cut, partners)
    }
    cuts = {pair: cut for pair, cut in stops.items() if pair in shown or pair in opening}
    takes = _grouped(articles, links, sentences, story, cuts, tops, outlet)
    # Glue counts only where a copy of the same take shows it: elsewhere it may be news.
    not_story = captions | {
        sid
        for run in glue
        if any(takes[w] == takes[sentences[run.sentences[0]].version] for w in run.witnesses)
        for sid in run.sentences
    }
    # What a copy that lost its top printed above where its story starts (a caption, a teaser)
    # sits where the rest of its take has the lost top.
    not_story |= {
        s.id
        for (v, other), top in tops.items()
        if takes[v] == takes[other]
        for s in story[v][: top.skipped]
    }
    size = {vid: sum(s.id not in not_story for s in kept) for vid, kept in by_version.items()}
    result = []
    for group in takes.subsets():
        members = sorted(group)
        representative = min(members, key=lambda vid: (-size[vid], vid))
        cut_off, lost_top = [], []
        for v in members:
            # A copy alone in its take, when several versions go on past it, is cut off against
            # the longest of them (other takes carry what it lost: a running file's oldest
            # entries).
            alone = len(members) == 1 and going_on[v] >= WITNESSES
            stopped = _against(cuts, v, group, alone, representative, size)
            if stopped is not None:
                stop = story[stopped.against][stopped.stop].index
                cut_off.append(
                    CutOff(
                        v,
                        stopped.after_paragraph,
                        stopped.against,
                        stop,
                        maybe_earlier_take=(v, stopped.against) in opening,
                    )
                )
            topless = _against(tops, v, group, False, representative, size)
            if topless is not None:
                start = story[topless.against][topless.start]
                lost_top.append(LostTop(v, start.paragraph + 1, topless.against, start.index))
        result.append(
            Take(
                id=representative,
                versions=tuple(members),
                cut_off=tuple(cut_off),
                lost_top=tuple(lost_top),
                not_story=tuple(s.id for v in members for s in by_version[v] if s.id in not_story),
                identical=_identical([a for a in articles if a.id in group]),
            )
        )
    return tuple(sorted(result, key=lambda take: take.id))


def _against(
    found: Mapping[tuple[str, str], _Found],
    version: str,
    group: set[str],
    anywhere: bool,
    representative: str,
    size: Mapping[str, int],
) -> _Found | None:
    """Of ``version``'s cuts (or lost tops) against other versions of its take (of any version,
    when ``anywhere``), the one against the representative, else against the longest."""
    others = [
        (other != representative, -size[other], other)
        for own, other in found
        if own == version and (other in group or anywhere)
    ]
    return found[(version, min(others)[2])] if others else None


def as_takes(
    groups: Iterable[Iterable[str]], articles: Sequence[Article], previous: Sequence[Take] = ()
) -> tuple[Take, ...]:
    """Groups of version ids as takes (an editor's regrouping, compare.corrections), versions in
    id order, takes by their representative's id.

    The representative is the most complete version; among equals, the first by id.  What
    ``previous`` takes knew of their copies is kept where it still holds inside a new group: a
    cut-off or a lost top against a version of the same group, glued-in sentences, identical
    copies.
    """
    size = {a.id: len(a.sentences) for a in articles}
    owner = {s.id: a.id for a in articles for s in a.sentences}
    cut_off = [cut for take in previous for cut in take.cut_off]
    lost_top = [top for take in previous for top in take.lost_top]
    not_story = {sid for take in previous for sid in take.not_story}
    identical = [set(g) for take in previous for g in take.identical]
    takes = []
    for group in groups:
        members = sorted(group)
        inside = set(members)
        takes.append(
            Take(
                id=min(members, key=lambda vid: (-size[vid], vid)),
                versions=tuple(members),
                cut_off=tuple(c for c in cut_off if {c.version, c.against} <= inside),
                lost_top=tuple(t for t in lost_top if {t.version, t.against} <= inside),
                not_story=tuple(sorted(sid for sid in not_story if owner.get(sid) in inside)),
                identical=tuple(
                    tuple(sorted(same & inside)) for same in identical if len(same & inside) > 1
                ),
            )
        )
    return tuple(sorted(takes, key=lambda take: take.id))


def in_time_order(takes: Sequence[Take], versions: Sequence[Article]) -> tuple[Take, ...]:
    """Each take's versions in the order of ``versions`` (time order), the takes by their first."""
    rank = {article.id: position for position, article in enumerate(versions)}

    def ordered(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(ids, key=rank.__getitem__))

    moved = [
        replace(
            take,
            versions=ordered(take.versions),
            cut_off=tuple(sorted(take.cut_off, key=lambda c: rank[c.version])),
            lost_top=tuple(sorted(take.lost_top, key=lambda t: rank[t.version])),
            identical=tuple(
                sorted((ordered(group) for group in take.identical), key=lambda g: rank[g[0]])
            ),
        )
        for take in takes
    ]
    return tuple(sorted(moved, key=lambda take: rank[take.versions[0]]))


def _glue_candidates(
    article: Article,
    partners: dict[str, set[str]],
    by_version: dict[str, list[Sentence]],
    excerpts: dict[str, set[str]],
) -> list[_Glue]:
    """Runs of unlinked sentences that sit where other versions have nothing."""
    found = []
    ordered = article.sentences
    at = 0
    while at < len(ordered):
        if partners.get(ordered[at].id) or at == 0:
            at += 1
            continue
        end = at
        while end + 1 < len(ordered) and not partners.get(ordered[end + 1].id):
            end += 1
        before = ordered[at - 1]
        after = ordered[end + 1] if end + 1 < len(ordered) else None
        run = tuple(s.id for s in ordered[at : end + 1])
        # Whole paragraphs cut short with an ellipsis (another story's snippet: "… and
        # signaled that...") are a teaser set between two of the story's paragraphs; otherwise
        # only material appended to a paragraph can be glued in.
        teaser = (
            ordered[at].paragraph != before.paragraph
            and (after is None or after.paragraph != ordered[end].paragraph)
            and is_snippet(ordered[end].text)
        )
        witnesses = _witnesses(
            before, after, len(run), ordered[at], teaser, partners, by_version, excerpts
        )
        if witnesses:
            found.append(_Glue(run, frozenset(witnesses)))
        at = end + 1
    return found


def _witnesses(
    before: Sentence,
    after: Sentence | None,
    length: int,
    first: Sentence,
    teaser: bool,
    partners: dict[str, set[str]],
    by_version: dict[str, list[Sentence]],
    excerpts: dict[str, set[str]],
) -> set[str]:
    """Versions showing that a run of unlinked sentences after ``before`` does not belong.

    One version suffices where it goes on with several sentences this copy lacks (this copy
    was cut off and something else filled the page); otherwise at least WITNESSES versions
    must agree that the paragraph ends where this copy's run begins (and the run sits between
    two sentences they carry next to each other, or ends the copy).  A run of its own
    paragraphs counts only as a ``teaser``: one cut short with an ellipsis, for which one such
    version suffices.
    """
    going_on, paragraph_ends = set(), set()
    for version, ordered in by_version.items():
        if version == before.version:
            continue
        matched = [s.index for s in ordered if s.id in partners.get(before.id, ())]
        if not matched:
            continue
        q = max(matched)
        rest = len(ordered) - 1 - q
        if after is None and rest >= max(CUT_MIN_REST, 2 * length + 2):
            going_on.add(version)
        next_matches = after is None or (
            rest > 0 and ordered[q + 1].id in partners.get(after.id, ())
        )
        if rest > 0:
            ends_paragraph = ordered[q + 1].paragraph != ordered[q].paragraph
        else:  # where a copy ends, unless it was cut there (two previews of one page)
            ends_paragraph = not _shows_cut(ordered[q], before.version in excerpts[version])
        if (first.paragraph == before.paragraph or teaser) and next_matches and ends_paragraph:
            paragraph_ends.add(version)
    if going_on:
        return going_on
    if len(paragraph_ends) >= (1 if teaser else WITNESSES):
        return paragraph_ends
    return set()


def _shows_cut(last: Sentence, excerpt: bool) -> bool:
    """Whether a copy's end shows that it was cut there: its last sentence broken off, or the
    copy an excerpt of the other one (see :func:`_excerpt_of`)."""
    return excerpt or _BROKEN_OFF.search(last.text) is not None


def _ends_on_lead_in(article: Article) -> bool:
    """Whether the page ends on a line announcing what it does not show: past the story, its
    last line a lead-in with nothing after it ("WORLD EXCLUSIVE:", the first line of an
    embedded post whose rest the scraper never got).  A line of the page's trailer (after its
    story), so the page stopped there."""
    last = max(article.removed, key=lambda line: line.line, default=None)
    return last is not None and last.reason == "trailer" and last.text.rstrip().endswith(":")


def _captions_elsewhere(articles: Sequence[Article]) -> set[str]:
    """Sentences another page of the story dropped, whole, as a picture's caption: a copy that
    printed the caption into its text (a preview box runs the top caption into the lead).  A
    caption that holds more than the sentence (AP's file photos quote the story) does not
    count: the sentence is the story's."""
    captions = [line.text for a in articles for line in a.removed if line.reason == "caption"]
    # A page that sets the credit on a line of its own prints the caption without it.
    dropped = {squash(text) for caption in captions for text in (caption, _uncredited(caption))}
    return {
        s.id
        for a in articles
        for s in a.sentences
        if len(s.text.split()) >= CAPTION_MIN_WORDS and squash(s.text) in dropped
    }


def _opening_of(
    own: Sequence[Sentence], other: Sequence[Sentence], cut: _Cut, partners: dict[str, set[str]]
) -> bool:
    """Whether ``own`` is ``other``'s story up to where it stops, sentence for sentence and
    word for word (typography, spelling and story codes aside)."""
    return len(own) == cut.stop + 1 and all(
        theirs.id in partners.get(mine.id, ()) and not _reworded(mine.text, theirs.text)
        for mine, theirs in zip(own, other, strict=False)
    )


def _lost_tops(
    articles: Sequence[Article], story: dict[str, list[Sentence]], partners: dict[str, set[str]]
) -> dict[tuple[str, str], _Top]:
    """(version, other) → where ``version``'s story starts in ``other``'s, for each pair where
    ``version`` lost its top: it has no headline or dateline (it lost them with its lead; a
    story pasted without its headline keeps the dateline on its lead), ``other`` has a
    headline, and ``version``'s story is, from its first linked sentence on, ``other``'s from
    part-way in, sentence for sentence.  Its sentences linked to nothing in any version (a
    caption, a teaser) are passed over.  Whether the two are one take (closely worded, no state
    change, next to no rewording, going on to the other's end) is the grouping's test, as for
    any two copies."""
    headed = {a.id for a in articles if a.headline and _heads(a.headline, story[a.id])}
    place = {s.id: (vid, at) for vid, kept in story.items() for at, s in enumerate(kept)}
    found = {}
    for article in articles:
        own = story[article.id]
        carried = [at for at, s in enumerate(own) if partners.get(s.id)]
        if article.id in headed or article.dateline or len(carried) < CUT_MIN_REST:
            continue
        first = own[carried[0]]
        starts: dict[str, int] = {}
        for partner in partners[first.id]:
            if partner in place:
                other, at = place[partner]
                starts[other] = min(at, starts.get(other, at))
        for other, start in sorted(starts.items()):
            if other in headed and start > 0 and _continues(own, story[other], start, partners):
                found[(article.id, other)] = _Top(other, start, carried[0])
    return found


def _heads(headline: str, own: Sequence[Sentence]) -> bool:
    """Whether ``headline`` is the headline of the story ``own``: a headline is written from
    its story, and a page that lost its top may show another story's title where its own
    was ("British PM May: Trump advised her to sue the EU" over the Trump-blames story),
    which shares next to nothing with it."""
    words = {t.stem for t in tokens(headline) if t.content}
    story = {t.stem for s in own for t in tokens(s.text) if t.content}
    return len(words & story) >= HEADLINE_SHARE * len(words)


def _continues(
    own: Sequence[Sentence], other: Sequence[Sentence], start: int, partners: dict[str, set[str]]
) -> bool:
    """Whether ``own``'s linked sentences are ``other``'s from ``start`` on, one for one."""
    carried = [s for s in own if partners.get(s.id)]
    return len(carried) <= len(other) - start and all(
        theirs.id in partners[mine.id] for mine, theirs in zip(carried, other[start:], strict=False)
    )


def _uncredited(caption: str) -> str:
    """A caption without the picture's credit in brackets at its end ("… in Helsinki. (Jorge
    Silva/Reuters)")."""
    return _CREDIT.sub("", caption)


def _identical(articles: Sequence[Article]) -> tuple[tuple[str, ...], ...]:
    """Groups of two or more versions with the same text (whitespace and typography aside)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: a.id):
        groups[squash(article.text)].append(article.id)
    return tuple(sorted(tuple(ids) for ids in groups.values() if len(ids) > 1))


def _grouped(
    articles: Sequence[Article],
    links: Sequence[Link],
    sentences: dict[str, Sentence],
    story: dict[str, list[Sentence]],
    cuts: dict[tuple[str, str], _Cut],
    tops: dict[tuple[str, str], _Top],
    outlet: Mapping[str, str],
) -> DisjointSet:
    """Versions joined when they are one take (:func:`_carries`) and lead with the same sentence
    (or one lost its top and starts with the other's sentence there)."""
    kept = {s.id for ids in story.values() for s in ids}
    close: dict[tuple[str, str], set[str]] = defaultdict(set)  # version pair → sentences linked
    linked_at_all: dict[tuple[str, str], set[str]] = defaultdict(set)  # any score
    updated: set[tuple[str, str]] = set()
    # Pairs whose first story sentences are one wording, or one lost its top (its sentences
    # were matched one for one from where it starts).
    leads = {(min(pair), max(pair)) for pair in tops}
    first = {ids[0].id for ids in story.values() if ids}
    # Whether a text pair reports a new state, once per pair: copies repeat the few there are.
    changed: dict[tuple[str, str], bool] = {}
    rewording: dict[tuple[str, str], bool] = {}  # likewise, whether a text pair is reworded
    reworded: Counter[tuple[str, str]] = Counter()  # version pair → close links reworded
    for link in links:
        source, target = sentences[link.source], sentences[link.target]
        pair = (min(source.version, target.version), max(source.version, target.version))
        linked_at_all[pair].update((link.source, link.target))
        if link.source in first and link.target in first and link.score >= SAME_TAKE_SCORE:
            leads.add(pair)  # the same lead, closely worded: a rewritten lead is a new take
        # Either direction: a state change makes two takes whichever of them came first.
        texts = (source.text, target.text)
        if texts not in changed:
            changed[texts] = is_update(cues(*texts)) or is_update(cues(*texts[::-1]))
        if changed[texts]:
            updated.add(pair)
        elif link.score >= SAME_TAKE_SCORE:
            close[pair].update(sid for sid in (link.source, link.target) if sid in kept)
            if texts not in rewording:
                rewording[texts] = texts[0] != texts[1] and _reworded(*texts)
            reworded[pair] += rewording[texts]
    takes = DisjointSet(sorted(a.id for a in articles))
    # A copy that lost its top fits every take that differs from another only above where it
    # starts: it joins one of them (the one it shares most with), never two, so that it does
    # not make one take of two.
    topless: dict[str, list[tuple[int, str]]] = defaultdict(list)  # version → (shared, other)
    for (a, b), linked in sorted(close.items()):
        if (a, b) in updated or (a, b) not in leads or reworded[(a, b)] >= REWORDED_APART:
            continue
        if _news_apart(a, b, linked_at_all[(a, b)], story, cuts, tops, outlet[a] == outlet[b]):
            continue
        shorter, longer = sorted((a, b), key=lambda v: (len(story[v]), v))
        cut, top = cuts.get((shorter, longer)), tops.get((shorter, longer))
        if not _carries(longer, shorter, linked, story, cut, top):
            continue
        if top is not None:
            topless[shorter].append((len(linked), longer))
        else:
            takes.merge(a, b)
    for version, fits in sorted(topless.items()):
        _, other = min(fits, key=lambda fit: (-fit[0], fit[1]))
        takes.merge(version, other)
    for same in _identical(articles):  # one text is one take, however its links fell
        for other in same[1:]:
            takes.merge(same[0], other)
    return takes


def _reworded(first: str, second: str) -> bool:
    """Whether two closely linked sentences differ by a content word, not only by typography,
    spelling ("criticizing" / "criticising"), a word in capitals (a dateline: "HELSINKI (AP)")
    or a story code ("(nL8N1U7564)": letters and digits in one word)."""
    own, other = _wording(first), _wording(second)

    def unexplained(words: frozenset[str], against: frozenset[str]) -> bool:
        return any(
            not any(SequenceMatcher(None, word, o).ratio() >= SPELLING_RATIO for o in against)
            for word in words
        )

    return unexplained(own - other, other - own) or unexplained(other - own, own - other)


@lru_cache(maxsize=16384)
def _wording(text: str) -> frozenset[str]:
    """The content words of a sentence as :func:`_reworded` compares them."""
    plain = _STORY_CODE.sub(" ", text)
    return frozenset(t.norm for t in tokens(plain) if t.content and not t.text.isupper())


def _news_apart(
    a: str,
    b: str,
    linked: set[str],
    story: dict[str, list[Sentence]],
    cuts: dict[tuple[str, str], _Cut],
    tops: dict[tuple[str, str], _Top],
    same_outlet: bool,
) -> bool:
    """Whether one of two versions has several story sentences the other lacks, where the
    other could carry them (before the point it was cut off at, after the point it starts at
    when it lost its top), one of them reporting an event dated to a day ("tweeted … Sunday"),
    or all of them right under the shared lead (a running file's new entry on top, a new
    paragraph two): a write-through added news, so the two are different takes, however little
    else differs.  One sentence less is an outlet's trim, an
    outlet trims below the top rather than under the lead, and glued-in material is not in
    ``story``.  Two pages of one outlet (``same_outlet``: the same page scraped twice) are apart
    by a single such sentence: an outlet does not trim its own page, its desk added to it
    (cnbc.com's summit story at 05:47 and 07:28, the later with Putin's late landing)."""
    for own, other in ((a, b), (b, a)):
        cut, top, own_top = cuts.get((other, own)), tops.get((other, own)), tops.get((own, other))
        carried = story[own] if cut is None else story[own][: cut.stop + 1]
        if top is not None:
            carried = carried[top.start :]
        elif own_top is not None:  # what it printed above its story is no news of its own
            carried = carried[own_top.skipped :]
        extra = [s for s in carried if s.id not in linked]
        if same_outlet and extra:
            return True
        if len(extra) < NEWS_APART:
            continue
        under_lead = all(s.id not in linked for s in carried[1 : 1 + NEWS_APART])
        if under_lead or any(reports_dated_event(s.text) for s in extra):
            return True
    return False


def _carries(
    longer: str,
    shorter: str,
    linked: set[str],
    story: dict[str, list[Sentence]],
    cut: _Cut | None,
    top: _Top | None,
) -> bool:
    """Whether ``longer`` and ``shorter`` are one take: the shorter one's story nearly all
    reappears in the longer one, which may lack a few of its paragraphs (an outlet's trim) but
    goes on no further than the shorter one ends, unless the shorter one was cut off there.
    A shorter one that lost its top is read from its start, the longer one from there."""
    own, other = story[shorter], story[longer]
    start = 0
    if top is not None:
        own, start = own[top.skipped :], top.start
    # A sentence broken off at the end cannot be closely worded: it (and, where the copy was cut
    # off, its partner) is left out.
    broken = len(own) > 1 and bool(_BROKEN_OFF.search(own[-1].text))
    if broken:
        own = own[:-1]
    if not own or sum(s.id in linked for s in own) / len(own) < SAME_TAKE_SHARE:
        return False
    matched = [at for at, s in enumerate(other) if s.id in linked]
    end = cut.stop - broken if cut is not None else max(matched, default=-1)
    if cut is None and len(other) - 1 - end > EXTENDED_MAX:
        return False  # paragraphs added after the end: a write-through, a new take
    return end >= start and len(matched) / (end + 1 - start) >= TRIMMED_SHARE


def _stops(
    story: dict[str, list[Sentence]],
    partners: dict[str, set[str]],
    excerpts: dict[str, set[str]],
    topless: set[str],
) -> dict[tuple[str, str], _Cut]:
    """(version, other) → where ``version`` stops against ``other``, for each pair where it may
    have been cut off there: its story is a prefix-like run of ``other``'s, and ``other`` goes
    on (for an excerpt, by a sentence or more).  A copy that lost its top (``topless``) is
    measured from where it starts in ``other``: a page the scraper caught in the middle may
    lack its end too.  Each version's partners are read once, by the version they are in (a
    hundred versions of a story are ten thousand pairs)."""
    place = {s.id: (vid, at) for vid, kept in story.items() for at, s in enumerate(kept)}
    found = {}
    for version, own in story.items():
        if len(own) < 2 or not partners.get(own[-1].id):
            continue
        carried: dict[str, set[int]] = defaultdict(set)  # other → positions linked to own
        for sentence in own:
            for partner in partners.get(sentence.id, ()):
                if partner in place:
                    other, at = place[partner]
                    carried[other].add(at)
        last: dict[str, int] = {}  # other → the furthest position linked to own's last
        for partner in partners[own[-1].id]:
            if partner in place:
                other, at = place[partner]
                last[other] = max(at, last.get(other, at))
        for other in story:  # in the story's order, as the pairs are read downstream
            if other == version or other not in last:
                continue
            stop = last[other]
            start = min(carried[other]) if version in topless else 0
            length = len(story[other]) - start
            rest = len(story[other]) - 1 - stop
            prefix = len({at for at in carried[other] if start <= at <= stop}) / (stop + 1 - start)
            if prefix < CUT_PREFIX_SHARE or rest < 1:
                continue
            short_rest = rest < max(CUT_MIN_REST, CUT_REST_SHARE * length)
            if short_rest and other not in excerpts[version]:
                continue
            found[(version, other)] = _Cut(other, stop, own[-1].paragraph + 1)
    return found


def _excerpt_of(
    own: Sequence[Sentence], partners: dict[str, set[str]], sentences: dict[str, Sentence]
) -> set[str]:
    """The versions ``own`` is an excerpt of: its last paragraph carries EXCERPT_PARAGRAPHS or
    more of their paragraphs, run together."""
    if not own:
        return set()
    spanned: dict[str, set[int]] = defaultdict(set)  # other version → its paragraphs carried
    for sentence in own:
        if sentence.paragraph == own[-1].paragraph:
            for partner in partners.get(sentence.id, ()):
                spanned[sentences[partner].version].add(sentences[partner].paragraph)
    return {other for other, paragraphs in spanned.items() if len(paragraphs) >= EXCERPT_PARAGRAPHS}
