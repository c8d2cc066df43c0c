"""What changed between two linked sentences, and which of them was written later.

The rule (tested in tests/test_classify.py): a link is **updated** when the later sentence
reports a new state of the world — at least one *state cue*:

- ``modality``: something planned, expected or scheduled in the earlier sentence is reported
  as done in the later one ("plans to sign" → "have signed", "will meet" → "met");
- ``outcome``: the plan gave way to a different completed event ("will meet" → "signed");
- ``number``: a figure in the same place changed ("killed 5" → "killed 12");
- ``time``: the time of the event moved on ("later Wednesday" → "Wednesday", "Tuesday" →
  "Wednesday").

``attribution`` cues (who said it: "he said" → "said Leif-Eric Easley") are reported but leave a
link **shared**, as does any other change of wording: the same statement, reworded.  So do
tense changes that are no state change: a stance reworded ("is signaling" → "has signaled"),
a hypothesis ("worried an allegation would affect …"), figures of different things ("two
countries" / "four hours") and number words that are no figures ("one-on-one"); tuned on the
real dev sets (benchmarks/eval/r-*).

Matching uses difflib over folded words, so each cue names the words as written in each
sentence.  No part-of-speech model is needed (nltk's tagger would need a download): verbs are
recognised by the markers around them and by past-tense forms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from compare.model import Cue
from compare.normalize import Token, background_spans, fold, number_value, stem, tokens
from compare.words import ATTRIBUTION_VERBS

STATE_CUES = frozenset({"modality", "tense", "outcome", "number", "time"})

# Markers of a planned or expected event, and the verb they govern ("expected to discuss").
_PLANNED = re.compile(
    r"(?:(?<=\w)'ll|\b(?:will|shall|(?:is|are|was|were) (?:widely )?"
    r"(?:expected|set|due|scheduled|slated|poised|going|about|ready) to"
    r"|(?:widely )?expected to|set to|due to|scheduled to|plans? to"
    r"|planned to|plans for|hopes? to|hoped to|aims? to|intends? to|intended to|prepares? to"
    r"|preparing to|seeks? to|looks? to|(?:is|are|was|were) to|(?:has|have) yet to|would)) "
    r"(?:(?:also|then|later|soon|formally|jointly|publicly|again) )?(\w+)",
    re.IGNORECASE,
)
_LATER_DAY = re.compile(
    r"\b(?:later|early|earlier) (?:on )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|today|tonight|this week)\b",
    re.IGNORECASE,
)
MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Past tense of irregular verbs common in news copy (regular ones end in -ed).
IRREGULAR_PAST = {
    "met": "meet", "held": "hold", "gave": "give", "made": "make", "took": "take", "went": "go",
    "began": "begin", "spoke": "speak", "won": "win", "lost": "lose", "left": "leave",
    "came": "come", "flew": "fly", "saw": "see", "brought": "bring", "bought": "buy",
    "fought": "fight", "sent": "send", "spent": "spend", "built": "build", "chose": "choose",
    "fell": "fall", "rose": "rise", "broke": "break", "ran": "run", "sold": "sell",
    "found": "find", "kept": "keep", "led": "lead", "paid": "pay", "struck": "strike",
    "sat": "sit", "stood": "stand", "threw": "throw", "wrote": "write", "drove": "drive",
    "grew": "grow", "knew": "know", "drew": "draw", "shot": "shoot", "hit": "hit",
    "arrived": "arrive", "signed": "sign", "agreed": "agree", "inked": "ink",
    "withdrew": "withdraw", "forgave": "forgive", "swore": "swear", "took office": "take",
    # participles, for "has begun", "have not yet spoken"
    # ("given", "seen", "gone" left out: "given the tensions", "seen as", "gone are")
    "begun": "begin", "spoken": "speak", "taken": "take", "written": "write",
    "chosen": "choose", "broken": "break", "flown": "fly", "drawn": "draw", "grown": "grow",
    "sworn": "swear", "withdrawn": "withdraw",
}  # fmt: skip
# "will be alone", "'ll be there": a future state, which a later take may report as an event
# ("met alone"): an outcome only, as "be" itself is never reported done.
_FUTURE_BE = re.compile(r"(?:will|'ll) be$", re.IGNORECASE)
# A plan already behind the writer: "had been scheduled to run 90 minutes" (it ran longer),
# "had planned to" — a past plan set against what happened, not an event still ahead.
_PAST_PLAN = re.compile(r"\bhad (?:been )?(?:\w+ )?$", re.IGNORECASE)
# Verbs that name a plan, not an event: "planned", "expected" are no completed events.
PLAN_VERBS = frozenset(
    "plan expect schedule hope intend aim prepare set seek want slate poise predict".split()
)
# An event under way ("rescuers were searching", "fires are hampering") that a later take may
# report as done ("had hampered").
_PROGRESSIVE = re.compile(r"\b(?:is|are|was|were) (?:still |now )?(\w{3,}ing)\b", re.IGNORECASE)
# A figure not yet known ("it was not immediately clear how many"), that a later take may give.
_UNKNOWN_FIGURE = re.compile(
    r"\b(?:not (?:immediately |yet )?(?:clear|known)|unclear|unknown|undisclosed|how many)\b",
    re.IGNORECASE,
)
# "would" after a fear or a condition ("worried an allegation would affect their chances") is a
# hypothesis, not a plan.
_HYPOTHETICAL = re.compile(
    r"\b(?:worr(?:y|ied|ies)|fear(?:ed|s)?|concern(?:ed|s)?|afraid|if|unless|whether"
    r"|wonder(?:ed|s)?)\b[^,.;:]*$",
    re.IGNORECASE,
)
# Verbs of saying, signalling and stance: "is signaling" → "has signaled" rewords the same
# stance, it does not report an event that was under way and is now done.
STANCE_VERBS = frozenset(
    "signal hint indicate suggest say claim insist argue call urge warn press push seek hope "
    "express swirl mount grow loom face try tout look".split()
)


# "Was starting", "is beginning": the start still ahead ("the summit was starting later than
# scheduled", as the leaders arrived), a plan like "was expected to start", not an event under
# way; the start reported done ("started late") is its update.
STARTING_VERBS = frozenset({"start", "begin"})


# Speech and stance are no outcome of a plan ("will try to take the danger out" → "he is
# concerned about the meeting" is another speaker's view, not what the meeting came to).
_NOT_OUTCOMES = STANCE_VERBS | frozenset(
    "speak voice downplay concern praise criticize blame welcome dismiss defend worry fear".split()
)


@lru_cache(maxsize=8)
def _stemmed(words: frozenset[str]) -> frozenset[str]:
    """A word list of this module stemmed, on first use (the stemmer is loaded only where a
    stage runs)."""
    return frozenset(stem(word) for word in words)


# Number words that are not figures: "one-on-one", "one of", "no one".
_NOT_FIGURES = re.compile(
    r"\bone[- ]on[- ]one\b|\bone (?:of|another)\b|\bno one\b|\bat one point\b", re.IGNORECASE
)
# A perfect tense, not an infinitive ("to have the summit happen") nor "have" as a verb of its
# own ("have the"): the word after it must read as a participle (checked in _done_verbs).
_PERFECT = re.compile(
    r"(?<!\bto )\b(?:has|have|had) (?:now |already |also |formally )?(\w+)", re.IGNORECASE
)
# Not done yet: "have not yet met", "has never signed" — a later take may report it done.
_NOT_YET = re.compile(r"\b(?:has|have|had)(?: not|n't| never) (?:yet )?(\w+)", re.IGNORECASE)
# A time still ahead, that makes a present-tense verb a schedule ("Trump and Putin meet
# Monday", "the summit opens at 1 p.m.").
# A day named as a possessive names an event, not when it is ("Monday's summit").
_AHEAD_TIME = re.compile(
    r"\b(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|tomorrow)"
    r"\b(?!'s)|this (?:morning|afternoon|evening|week)|later|\d{1,2}(?::\d\d)? ?[ap]\.?m\b)",
    re.IGNORECASE,
)
# A schedule of steps in the present tense ("The two leaders first meet one-on-one …, then
# continue their discussions …"): its verbs are plans, as they are before a time ahead.
_STEPS = re.compile(r"\bfirst\b.*\bthen\b", re.IGNORECASE)
# An event still ahead, or behind, named by the words after these ("ahead of their summit" →
# "after their summit").
_BEFORE_EVENT = re.compile(
    r"\b(?:ahead of|before|upcoming|forthcoming|in advance of|(?:tomorrow|tonight)'s)\s", re.I
)
_AFTER_EVENT = re.compile(r"\b(?:after|following|during|since|at the end of)\s", re.I)
# An event reported as begun without a verb of its own ("the talks were under way").
_UNDER_WAY = re.compile(r"\b(?:under ?way|in progress)\b", re.IGNORECASE)
# A count not yet known, that a later take may give as a figure ("some passengers" → "at
# least 20 more people").
_VAGUE_COUNT = frozenset("some several many few dozens scores hundreds thousands".split())
# Round counts that are no more exact than a vague one ("several officers" → "a dozen
# operatives" rewords one indictment: r-fox-summit-palace).
_ROUND_COUNT = frozenset({"dozen"})


@dataclass(frozen=True, slots=True)
class _Plan:
    verb: str  # stem of the planned verb
    words: str  # the marker and verb as written in the earlier sentence
    kind: str  # the cue it gives when done: "tense" (will, under way) or "modality"
    # Only the same verb done counts ("meets Monday" → "met"), not another event: a present
    # tense is a schedule only where a time still ahead says so, and may be a noun ("talks").
    same_verb_only: bool = False
    under_way: bool = False  # "are meeting": begun, not done
    # Inside a quotation: a speaker's prediction ('predicting … "will end up having an
    # extraordinary relationship"'), whose own verb may come true, but that no other event
    # reported later is the outcome of.
    quoted: bool = False


@lru_cache(maxsize=16384)
def cues(earlier: str, later: str) -> tuple[Cue, ...]:
    """The typed differences between two linked sentences, earlier → later.

    Cached: ordering weighs each link both ways, then labelling and collation ask again.
    """
    before, after = tokens(earlier), tokens(later)
    found: list[Cue] = []
    # Plans and events are read in the statement, not in its background: "…," Trump said as
    # he and Putin sat down' → '…where the leaders are meeting' rewords the scene of a quote.
    said, now_said = _statement(earlier), _statement(later)
    found.extend(_plan_cues(said, now_said, tokens(said), tokens(now_said)))
    found.extend(_replacement_cues(before, after))
    found.extend(_later_day_cues(earlier, later))
    found.extend(_event_passed_cues(earlier, later))
    # a sequel a plan cue already names ("are ready to go" → "then talked") once
    found.extend(
        cue
        for cue in _sequel_cues(said, now_said)
        if not any(other.after and other.after in cue.after for other in found)
    )
    found.extend(_superseded_cues(earlier, later))
    found.extend(_attribution_cues(earlier, later))
    found.extend(_figure_cues(earlier, before, after))
    found.extend(_number_cues(earlier, later))
    return tuple(dict.fromkeys(found))  # each cue once, first occurrence first


# The same words with the verb moved back a tense: "the American president is set to go
# face-to-face" → "was set to go", as a later take retells what an earlier one said in the
# present.  ("has a plan" → "had a plan" is left out: "have" as a verb of its own.)
_BACKSHIFT = {"is": "was", "are": "were"}


# A state the earlier sentence reports as holding and the later one as over: "While Kelly's
# catalogs remain on Spotify, … the streaming service said it wouldn't be promoting their
# material" → "Under the original policy, Kelly's catalogs remained on Spotify, but …": the
# same verb moved into the past under a word that says what held has been replaced.
_SUPERSEDED = re.compile(
    r"\b(?:original(?:ly)?|previous(?:ly)?|former(?:ly)?|initial(?:ly)?)\b", re.IGNORECASE
)
_STATE_PAST = {**_BACKSHIFT, "remain": "remained", "remains": "remained", "stays": "stayed",
               "has": "had", "have": "had"}  # fmt: skip


def _superseded_cues(earlier: str, later: str) -> list[Cue]:
    """A present state of the earlier sentence told in the past under "original", "previous",
    "former" or "initial" in the later one (which the earlier one does not say)."""
    marker = _SUPERSEDED.search(later)
    if marker is None or _SUPERSEDED.search(earlier):
        return []
    before, after = _words(earlier), _words(later)
    for present, past in _STATE_PAST.items():
        if present in before and past in after and present not in after:
            return [Cue("tense", present, f"{marker.group(0)} … {past}")]
    return []


def _statement(text: str) -> str:
    """The sentence with its background clauses (speaker tag, non-restrictive relative
    clauses) blanked out."""
    for start, end in background_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def is_update(link_cues: tuple[Cue, ...]) -> bool:
    """Does the later sentence report a new state (not just new wording)?"""
    return any(cue.kind in STATE_CUES for cue in link_cues)


@lru_cache(maxsize=16384)
def order_evidence(first: str, second: str) -> float:
    """Positive when ``first`` reads as written before ``second``; negative for the reverse.

    State cues count one each way; weaker hints count half: "earlier" appearing only in one
    sentence ("Kim earlier greeted Putin") marks that one as the later take, and so does a
    retelling, the same act told in the present perfect in one and in the simple past in the
    other ("has set low expectations" → "On the eve of the summit, Mr. Trump set low
    expectations"; "has arrived in Helsinki" → "arrived … a day early").
    """
    forward = sum(cue.kind in STATE_CUES - {"number"} for cue in cues(first, second))
    backward = sum(cue.kind in STATE_CUES - {"number"} for cue in cues(second, first))
    hint = 0.0
    first_earlier = "earlier" in _words(first)
    second_earlier = "earlier" in _words(second)
    if second_earlier and not first_earlier:
        hint += 0.5
    elif first_earlier and not second_earlier:
        hint -= 0.5
    return forward - backward + hint + 0.5 * (_retold(first, second) + _backshifted(first, second))


def _backshifted(first: str, second: str) -> int:
    """+1 when ``second`` has ``first``'s words with a present "is" or "are" moved back to the
    past, -1 for the reverse, 0 otherwise."""
    before, after = [t.norm for t in tokens(first)], [t.norm for t in tokens(second)]
    shifts = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op != "replace" or i2 - i1 != 1 or j2 - j1 != 1:
            continue
        if _BACKSHIFT.get(before[i1]) == after[j1]:
            shifts += 1
        elif _BACKSHIFT.get(after[j1]) == before[i1]:
            shifts -= 1
    return (shifts > 0) - (shifts < 0)


def _retold(first: str, second: str) -> int:
    """+1 when ``second`` tells in the simple past an act ``first`` tells in the present
    perfect, -1 for the reverse, 0 otherwise (or both).  Attribution ("has said" → "said")
    is rewording, not a retelling."""
    perfect_first, perfect_second = _present_perfect(first), _present_perfect(second)
    retold = (perfect_first - perfect_second) & _words(second)
    unretold = (perfect_second - perfect_first) & _words(first)
    return (1 if retold else 0) - (1 if unretold else 0)


@lru_cache(maxsize=16384)
def _present_perfect(text: str) -> frozenset[str]:
    """The verbs ``text`` tells in the present perfect ("has arrived", "have set"; not the
    past perfect, which already looks back), attribution verbs aside."""
    verbs = set()
    for match in _PERFECT.finditer(fold(text)):
        verb = match.group(1).lower()
        if match.group(0)[:3].lower() == "had" or verb in ATTRIBUTION_VERBS:
            continue
        if verb in _SAME_PAST or _participle(verb):
            verbs.add(verb)
    return frozenset(verbs)


# Irregular verbs whose simple past is their base form too ("has set" → "set").
_SAME_PAST = frozenset("set put cut let hurt spread cost quit shut split bet".split())


def _words(text: str) -> set[str]:
    return {t.norm for t in tokens(text)}


def _planned_verb(match: re.Match[str], folded: str) -> str:
    """The stem of the verb a plan marker governs; for "will be", with the word after it
    ("be alon"), so that "will be alone" and "there will be no witnesses" are two plans."""
    verb = stem(match.group(1).lower())
    if verb != "be":
        return verb
    following = tokens(folded[match.end() :])[:1]
    return f"be {following[0].stem}" if following else verb


def _plans(text: str) -> list[_Plan]:
    """Events the sentence reports as planned, expected or under way."""
    folded = fold(text)
    plans = [
        _Plan(
            verb=_planned_verb(match, folded),
            words=match.group(0),
            kind="tense" if match.group(0).lower().startswith(("will", "'ll")) else "modality",
            quoted=folded.count('"', 0, match.start()) % 2 == 1,
        )
        for match in _PLANNED.finditer(folded)
        if (
            match.group(1).lower() not in ("be", "not")
            or (match.group(1).lower() == "be" and _FUTURE_BE.match(match.group(0)))
        )
        and not _PAST_PLAN.search(folded[: match.start()])
        and not (
            match.group(0).lower().startswith("would")
            and _HYPOTHETICAL.search(folded[: match.start()])
        )
    ]
    plans += [
        _Plan(
            verb=stem(match.group(1).lower()),
            words=match.group(0),
            kind="tense",
            under_way=stem(match.group(1).lower()) not in _stemmed(STARTING_VERBS),
        )
        for match in _PROGRESSIVE.finditer(folded)
        if stem(match.group(1).lower()) not in _stemmed(STANCE_VERBS)
    ]
    plans += [
        _Plan(verb=stem(_base(match.group(1).lower())), words=match.group(0), kind="modality")
        for match in _NOT_YET.finditer(folded)
        if match.group(1).lower() not in ("been", "be")
    ]
    if _AHEAD_TIME.search(folded) or _STEPS.search(folded):
        words = tokens(text)
        plans += [
            _Plan(
                verb=stem(token.norm),
                words=token.text,
                kind="tense",
                # an irregular verb's base after its subject ("Trump and Putin meet") is a
                # verb for certain, and may come true as another ("sat down"); an -s form
                # may be a noun ("talks"), so only the same verb done counts for it
                same_verb_only=token.norm not in _IRREGULAR_BASES,
            )
            for at, token in enumerate(words)
            if _present_tense(token, words[at - 1] if at else None)
        ]
    return plans


def _plan_verb(word: str) -> bool:
    """A verb of planning in any form ("planned", "scheduled"): it reports no event done."""
    return stem(word) in _stemmed(PLAN_VERBS)


# Words before a participle that make it an adjective: "the indicted", "long-awaited", and
# prepositions, which a finite verb never follows ("with rattled world capitals watching").
_BEFORE_ADJECTIVE = frozenset(
    "a an the his her their its our your my this that these those long much well so very most "
    "more less with of for from in on into among about against between without".split()
)


def _adjective_before(previous: Token) -> bool:
    return previous.norm in _BEFORE_ADJECTIVE or previous.norm.endswith("ly")


def _participle(word: str) -> bool:
    """Whether a word after "has", "have" or "had" reads as a past participle ("signed",
    "met", "begun"), not a noun or a determiner ("have the", "had talks")."""
    return word in IRREGULAR_PAST or (word.endswith("ed") and len(word) > 4)


def _base(verb: str) -> str:
    """The base form of a past tense or participle this module knows ("met" → "meet")."""
    return IRREGULAR_PAST.get(verb, verb)


_IRREGULAR_BASES = frozenset(IRREGULAR_PAST.values())
_BEFORE_NOUN = frozenset("of for in on at with by from into about against".split())
_PLURAL_SUBJECTS = frozenset("they we leaders presidents".split())


def _present_tense(token: Token, previous: Token | None) -> bool:
    """A verb in the present, as far as its form tells: the third person ("meets", "opens"),
    or an irregular verb's base form after a name or a plural subject ("Trump and Putin
    meet"); not a verb of saying or stance (those are reworded, "says" → "said", not done)."""
    word = token.norm
    if not token.content or token.capitalized or word in ATTRIBUTION_VERBS:
        return False
    if stem(word) in _stemmed(STANCE_VERBS):
        return False
    if previous is not None and previous.norm in ("first", "then"):  # "first meet …, then continue"
        return not word.endswith(("ed", "ing"))
    if word in _IRREGULAR_BASES:
        return previous is not None and (previous.capitalized or previous.norm in _PLURAL_SUBJECTS)
    if previous is not None and (
        previous.norm in _BEFORE_NOUN
        or previous.norm in _BEFORE_ADJECTIVE
        or number_value(previous) is not None
    ):
        return False  # a noun: "two days of protests", "the talks"
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ies"))


def _done_verbs(text: str, tokens_: Sequence[Token]) -> dict[str, str]:
    """Stem of each verb the sentence reports as done → its words as written."""
    done: dict[str, str] = {}
    for at, token in enumerate(tokens_):
        if token.capitalized:  # a name ("United States"), not a verb
            continue
        if not _participle(token.norm):
            continue
        if token.norm not in IRREGULAR_PAST and at and _adjective_before(tokens_[at - 1]):
            continue  # "the indicted Russians", "a highly anticipated summit"
        if at and tokens_[at - 1].norm in ("be", "being"):
            continue  # "will be taken", "is being used": not done
        if at and tokens_[at - 1].norm in _LINKING_VERBS:
            continue  # "may go unchallenged", "remained unchanged": a state, not an event
        base = _base(token.norm)
        if token.norm not in ATTRIBUTION_VERBS and not _plan_verb(base):
            done.setdefault(stem(base), token.text)
    for match in _PERFECT.finditer(fold(text)):
        verb = match.group(1).lower()
        base = IRREGULAR_PAST.get(verb, verb)
        if verb not in ATTRIBUTION_VERBS and _participle(verb) and not _plan_verb(base):
            done[stem(base)] = match.group(0)
    for match in _NOT_YET.finditer(fold(text)):  # "has not met": not done
        done.pop(stem(_base(match.group(1).lower())), None)
    under_way = _UNDER_WAY.search(fold(text))
    if under_way:
        done.setdefault(stem("begin"), under_way.group(0))
    return done


# Verbs whose complement is a state, so a participle after them is an adjective: "aggression
# may go unchallenged", "went unpunished", "remained unchanged", "left unanswered".
_LINKING_VERBS = frozenset(
    "go goes went gone going remain remains remained stay stays stayed left seem seemed".split()
)


_SUBORDINATE = re.compile(
    r"\b(?:who|whom|whose|which|who've|who's|after|since)\b[^,;:]*", re.IGNORECASE
)


def _plan_cues(
    earlier: str, later: str, before: Sequence[Token], after: Sequence[Token]
) -> list[Cue]:
    """Plans of the earlier sentence that the later one reports as done."""
    plans_before = _plans(earlier)
    if not plans_before:
        return []
    plans_after = _plans(later)
    ahead_after = {plan.verb for plan in plans_after if not plan.under_way}
    under_way_after = {plan.verb: plan.words for plan in plans_after if plan.under_way}
    done_before = _done_verbs(earlier, before)
    done_after = _done_verbs(later, after)
    under_way_later = _UNDER_WAY.search(fold(later))
    # What a plan came to is told in the main clause: not in a relative clause ("officers
    # who've been indicted") or an "after" clause ("days after the department indicted …").
    main = _SUBORDINATE.sub(lambda m: " " * len(m.group()), fold(later))
    main_after = _done_verbs(main, tokens(main))
    named_after = {t.stem for t in after if t.norm.endswith("ing")}  # "meeting", "signing"
    found = []
    for plan in plans_before:
        if plan.verb in ahead_after:
            continue
        if plan.verb in under_way_after:
            # "will meet" → "are meeting": the plan has begun; "were searching" → "are
            # searching" has not moved on
            if not plan.under_way:
                found.append(Cue(plan.kind, plan.words, under_way_after[plan.verb]))
            continue
        if plan.verb in done_after:
            if not (plan.same_verb_only and plan.verb in done_before):
                found.append(Cue(plan.kind, plan.words, done_after[plan.verb]))
            continue
        if under_way_later and not plan.under_way and plan.verb in named_after:
            # the planned verb's event named as begun: "first meet" → "their private meeting
            # … was under way"
            found.append(Cue(plan.kind, plan.words, under_way_later.group(0)))
            continue
        if (
            plan.same_verb_only
            or plan.quoted
            or (plan.under_way and plan.words.lower().startswith(("was ", "were ")))
        ):
            # no plan that something else came of: a present -s form (it may be a noun), a
            # prediction in a quotation, a past progressive (the story's narrative: "the
            # drama was playing out")
            continue
        # The plan did not come true as planned but something else happened: the first
        # completed event the later sentence reports that the earlier one did not.
        new_events = [
            words
            for verb, words in main_after.items()
            if verb not in done_before and verb not in _stemmed(_NOT_OUTCOMES)
        ]
        if new_events:
            found.append(Cue("outcome", plan.words, new_events[0]))
    return found


def _replacement_cues(before: Sequence[Token], after: Sequence[Token]) -> list[Cue]:
    """Figures and days swapped in place (difflib's 'replace' runs)."""
    matcher = SequenceMatcher(
        None, [t.norm for t in before], [t.norm for t in after], autojunk=False
    )
    found = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = before[i1:i2], after[j1:j2]
        if op == "replace":
            old_days = [t.text for t in old if t.norm in WEEKDAYS]
            new_days = [t.text for t in new if t.norm in WEEKDAYS]
            if old_days and new_days and old_days != new_days:
                found.append(Cue("time", " ".join(old_days), " ".join(new_days)))
    known = {number_value(t) for t in before} - {None}
    for old, new in _changed_regions(matcher.get_opcodes(), before, after):
        vague = [t.text for t in old if t.norm in _VAGUE_COUNT]
        figures = [
            t.text
            for at, t in enumerate(new)
            if number_value(t) not in known | {None}
            and t.norm not in _VAGUE_COUNT | _ROUND_COUNT
            and not (at and new[at - 1].norm in MONTHS)  # "May 10" is a date, not a count
        ]
        if vague and figures:  # "some passengers" → "at least 20 more people"
            found.append(Cue("number", vague[0], figures[0]))
    return found


def _changed_regions(
    opcodes: Sequence[tuple[str, int, int, int, int]],
    before: Sequence[Token],
    after: Sequence[Token],
) -> list[tuple[Sequence[Token], Sequence[Token]]]:
    """The words each sentence has in place of the other's, runs that one shared word ("at",
    "the") splits taken as one."""
    regions: list[tuple[int, int, int, int]] = []
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            continue
        if regions and i1 - regions[-1][1] <= 1 and j1 - regions[-1][3] <= 1:
            regions[-1] = (regions[-1][0], i2, regions[-1][2], j2)
        else:
            regions.append((i1, i2, j1, j2))
    return [(before[i1:i2], after[j1:j2]) for i1, i2, j1, j2 in regions]


def _event_passed_cues(earlier: str, later: str) -> list[Cue]:
    """An event the earlier sentence places ahead ("ahead of their summit", "before the
    talks") that the later one places behind or under way ("after their summit")."""

    def events(marker: re.Pattern[str], text: str) -> list[tuple[str, set[str]]]:
        return [_event_after(m, text) for m in marker.finditer(fold(text))]

    ahead, behind = events(_BEFORE_EVENT, earlier), events(_AFTER_EVENT, later)
    # Still ahead in the later sentence, or already behind in the earlier one: not moved on.
    unmoved = {
        stem_
        for _, event in (*events(_BEFORE_EVENT, later), *events(_AFTER_EVENT, earlier))
        for stem_ in event
    }
    unmoved |= {plan.verb for plan in _plans(later) if not plan.under_way}  # "will meet"
    for words, event in ahead:
        for later_words, later_event in behind:
            if (event & later_event) - unmoved:
                return [Cue("time", words, later_words)]
    # Or the later sentence reports that event done ("hours before a summit" → "The summit
    # began"): it names the event and a completed verb the earlier sentence lacks.
    later_stems = {t.stem for t in tokens(later)}
    done_before = _done_verbs(earlier, tokens(earlier))
    new_events = [
        words
        for verb, words in _done_verbs(later, tokens(later)).items()
        if verb not in done_before
    ]
    for words, event in ahead:
        if new_events and (event & later_stems & _stemmed(EVENT_NOUNS)) - unmoved:
            return [Cue("time", words, new_events[0])]
    # Or the later sentence reports begun an event the earlier one names without a start
    # ("arrived … for a long-awaited summit" → "The summit began just hours after …").
    begun = _events_begun(later)
    if begun and not _events_begun(earlier):
        noun, began = begun[0]
        mention = next((t.text for t in tokens(earlier) if t.stem == noun), None)
        if mention is not None:
            return [Cue("time", mention, began)]
    return []


# What happened next, told after the event both sentences report: "opened their summit …,
# then talked one on one behind closed doors for two-plus hours".
_THEN_DONE = re.compile(r"\bthen (\w+)", re.IGNORECASE)


def _sequel_cues(earlier: str, later: str) -> list[Cue]:
    """An event the later sentence tells as having followed (", then talked …") that the
    earlier one does not report."""
    if _THEN_DONE.search(fold(earlier)):
        return []
    stems_before = {t.stem for t in tokens(earlier)}
    for match in _THEN_DONE.finditer(fold(later)):
        verb = match.group(1).lower()
        if (
            _participle(verb)
            and verb not in ATTRIBUTION_VERBS
            and stem(_base(verb)) not in stems_before
        ):
            return [Cue("time", "", match.group(0))]
    return []


def _events_begun(text: str) -> list[tuple[str, str]]:
    """(event noun's stem, words) of each event the sentence reports begun."""
    return [
        (stem(m.group(1).lower()), m.group(0))
        for m in _BEGUN.finditer(fold(text))
        if stem(m.group(1).lower()) in _stemmed(EVENT_NOUNS)
    ]


# An event named as begun: "the summit began", "talks opened", "the meeting got under way".
_BEGUN = re.compile(
    r"\b(\w+) (?:(?:finally|formally|just|then) )?(?:began|begun|started|opened|got under ?way"
    r"|(?:was|were|is|are) under ?way|kicked off)\b",
    re.IGNORECASE,
)


# Nouns that name a scheduled event, for "before a summit" → "the summit began": "before the
# American leader declared" is a clause, not an event ahead.
EVENT_NOUNS = frozenset(
    "summit meeting talks session conference vote election trial hearing speech visit "
    "ceremony launch match game race debate rally parade funeral inauguration negotiations "
    "briefing interview".split()
)


def _event_after(match: re.Match[str], text: str) -> tuple[str, set[str]]:
    """The marker with the next three words as written, and the stems of their common
    words (a name or a day alone does not make two events one)."""
    following = tokens(fold(text)[match.end() :])[:3]
    words = match.group(0) + " ".join(t.text for t in following)
    return words, {
        t.stem for t in following if t.content and not t.capitalized and number_value(t) is None
    }


def _number_cues(earlier: str, later: str) -> list[Cue]:
    """Figures changed: each sentence has a figure the other lacks ("at least three" → "14").

    Years are left out: a year one version adds or drops is a different fact, not a count that
    moved on.  So are figures of different things ("two countries", "four hours": the word
    after each names what is counted, and they differ) and number words that are not figures
    ("one-on-one").
    """

    def figures(text: str) -> dict[float, tuple[str, str | None]]:
        words = tokens(_NOT_FIGURES.sub(" ", fold(text)))
        found: dict[float, tuple[str, str | None]] = {}
        for at, word in enumerate(words):
            value = number_value(word)
            if value is not None and not (1900 <= value <= 2100 and word.norm.isdigit()):
                following = words[at + 1] if at + 1 < len(words) else None
                counted = (
                    following.stem
                    if following is not None
                    and following.content
                    and number_value(following) is None
                    else None
                )
                found.setdefault(value, (word.text, counted))
        return found

    old, new = figures(earlier), figures(later)
    dropped = [shown for value, shown in old.items() if value not in new]
    added = [shown for value, shown in new.items() if value not in old]
    compatible = [
        (before, after)
        for before in dropped
        for after in added
        if before[1] is None or after[1] is None or before[1] == after[1]
    ]
    if compatible:
        was = list(dict.fromkeys(before[0] for before, _ in compatible))
        now = list(dict.fromkeys(after[0] for _, after in compatible))
        return [Cue("number", " ".join(was), " ".join(now))]
    return []


def _figure_cues(earlier: str, before: Sequence[Token], after: Sequence[Token]) -> list[Cue]:
    """A figure the earlier sentence did not know that the later one gives."""
    unknown = _UNKNOWN_FIGURE.search(fold(earlier))
    known_before = {number_value(t) for t in before} - {None}
    new_figures = [t.text for t in after if number_value(t) not in known_before | {None}]
    if unknown and new_figures:
        return [Cue("number", unknown.group(0), new_figures[0])]
    return []


def _attribution_cues(earlier: str, later: str) -> list[Cue]:
    """The speaker changed: "he said" → "said Leif-Eric Easley".  The same speaker named more
    or less fully ("Daniel Ek" → "Ek", "Spotify's CEO" → "CEO") is no change."""
    before, after = _speaker(earlier), _speaker(later)
    if not before or not after:
        return []
    own, other = set(_fold_words(before).split()), set(_fold_words(after).split())
    if own <= other or other <= own:
        return []
    return [Cue("attribution", before, after)]


_SAYING = "|".join(sorted(ATTRIBUTION_VERBS - {"according", "tell", "say"}))
# "…, said Leif-Eric Easley, a professor" / "…," he said — the speaker follows the verb.
_SPEAKER_AFTER = re.compile(rf"""[,"']\s*(?:{_SAYING})\s+([A-Z][^,.;:"]{{0,60}})""")
# "Easley added" / "he said" / "KCNA said" — the speaker comes before the verb.
_SPEAKER_BEFORE = re.compile(
    rf"\b((?:[A-Z][\w'-]*\s+){{0,3}}[A-Z][\w'-]*|he|she|they|it|we|I)\s+(?:{_SAYING})\b"
)


def _speaker(text: str) -> str | None:
    """Who the sentence says is speaking, from its last attribution."""
    folded = fold(text)
    found = [(m.start(), m.group(1)) for m in _SPEAKER_AFTER.finditer(folded)]
    found += [(m.start(), m.group(1)) for m in _SPEAKER_BEFORE.finditer(folded)]
    if not found:
        return None
    position, speaker = max(found)
    return text[folded.index(speaker, position) :][: len(speaker)].strip()


def _fold_words(text: str) -> str:
    return " ".join(t.norm for t in tokens(text))


def _later_day_cues(earlier: str, later: str) -> list[Cue]:
    """'later Wednesday' becoming plain 'Wednesday': the event of that day has happened."""
    found = []
    later_folded = fold(later).lower()
    for match in _LATER_DAY.finditer(fold(earlier)):
        phrase, day = match.group(0), match.group(1)
        happened = day.lower() in later_folded and phrase.lower() not in later_folded
        if phrase.lower().startswith("later") and happened:
            found.append(Cue("time", phrase, day))
    return found


# A day the story's events are placed on ("Monday morning", "on Tuesday", "tonight").
_DAY_REFERENCE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=16384)
def reports_dated_event(text: str) -> bool:
    """Does the sentence report an event as done on a named day ("Trump tweeted from Helsinki
    Monday morning")?  A later take adds such news; ordering counts the ones only one version
    carries.  Plans ("will meet Monday") are not events yet; "would" is not a plan here, it
    reports speech or a condition ("complained that the media would not give him credit").

    Cached, like :func:`order_evidence`: many versions of one story ask about the same few
    texts once per link or per version pair."""
    folded = fold(text)
    planned = any(not m.group(0).lower().startswith("would") for m in _PLANNED.finditer(folded))
    if not _DAY_REFERENCE.search(folded) or planned:
        return False
    return any(
        t.norm in IRREGULAR_PAST or (t.norm.endswith("ed") and len(t.norm) > 4)
        for t in tokens(text)
    )


def event_days(text: str) -> frozenset[int]:
    """The weekdays (Monday 0) on which the sentence reports an event done."""
    if not reports_dated_event(text):
        return frozenset()
    return frozenset(WEEKDAYS.index(t.norm) for t in tokens(text) if t.norm in WEEKDAYS)


def latest_day_order(first: frozenset[int], second: frozenset[int]) -> int:
    """+1 when ``second``'s events reach a later day than ``first``'s, -1 for the reverse, 0
    when they end on one day or either names none.  The week is read from the day after the
    longest stretch that neither names (a story's days cluster: Saturday, Sunday, Monday)."""
    days = first | second
    if not first or not second or len(days) == 7:
        return 0
    ordered = sorted(days)
    gaps = [((ordered[(k + 1) % len(ordered)] - day) % 7 or 7, k) for k, day in enumerate(ordered)]
    _, widest = max(gaps)
    start = ordered[(widest + 1) % len(ordered)]

    def latest(named: frozenset[int]) -> int:
        return max((day - start) % 7 for day in named)

    return (latest(second) > latest(first)) - (latest(second) < latest(first))
