"""Stage 4 — shared vs updated, time order of versions, phases.

The rule under test (compare/temporal.py): a link is *updated* when the later sentence reports
a new state of the world (modality/tense, outcome, number, time cues); attribution changes
and other rewording leave it *shared*.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from compare.align import AlignOptions, align
from compare.classify import classify
from compare.collate import collate
from compare.model import Article, Comparison, Story
from compare.pipeline import compare_articles
from compare.rewrites import rewrite_links
from compare.segment import segment
from compare.takes import group_takes
from compare.temporal import cues, is_update


@pytest.mark.parametrize(
    ("earlier", "later", "kinds"),
    [
        (
            "The Kremlin released a document confirming Russian plans to sign a treaty.",
            "Russia and North Korea have signed a treaty, the agency reported.",
            {"modality"},
        ),
        (
            "The two leaders will meet Wednesday in Pyongyang.",
            "The two leaders met Wednesday in Pyongyang.",
            {"tense"},
        ),
        (
            "Putin and Kim will meet Wednesday in Pyongyang for a summit.",
            "Putin and Kim signed a treaty following their summit in Pyongyang Wednesday.",
            {"outcome"},
        ),
        (
            "The death toll rose to 5, police said.",
            "The death toll rose to 12, police said.",
            {"number"},
        ),
        ("Talks are set to begin later Wednesday.", "Talks began Wednesday.", {"modality", "time"}),
        # numbers in words, and a figure that moved within the sentence
        (
            "The storm killed three people, officials said.",
            "The storm killed nine people.",
            {"number"},
        ),
        (
            "A ferry capsized early Tuesday, killing at least three people.",
            "The death toll from the ferry capsizing rose to 14 on Tuesday.",
            {"number"},
        ),
        # under way → done
        (
            "Strong winds were hampering the search.",
            "Strong winds had hampered the search.",
            {"tense"},
        ),
        # not known → known
        (
            "It was not immediately clear how many workers were inside.",
            "About 60 workers were inside, the company said.",
            {"number"},
        ),
        # real rewrites where most words change: a readiness, and a plan carried on
        (
            "Trump and Putin are ready to go one-on-one in Helsinki.",
            "Then they talked one on one behind closed doors for two-plus hours.",
            {"outcome"},
        ),
        (
            "The two leaders will then continue their discussions with aides over lunch.",
            "They continued their talks over lunch.",
            {"tense"},
        ),
    ],
)
def test_state_changes_are_updates_with_typed_cues(earlier, later, kinds):
    found = cues(earlier, later)
    assert is_update(found)
    assert kinds <= {c.kind for c in found}


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        # rewording
        (
            "Kim greeted Putin at the airport, with the two leaders hugging on the red carpet.",
            "Kim earlier greeted Putin at the airport, with the pair hugging on a red carpet.",
        ),
        # the same expectation in both
        (
            "Publicly the leaders are expected to highlight cooperation in the economic sector.",
            "The leaders are expected to publicly highlight cooperation in the economic sector.",
        ),
        # a year added is a different fact, not a count that moved on
        (
            "The treaty replaces documents signed in 1961.",
            "The treaty replaces documents signed in 1961 and 2000.",
        ),
        # attribution rewritten: reported, but not a new state
        (
            "The visit is a way for Putin to thank the North, he said.",
            "The visit is a way for Putin to thank the North, said Leif-Eric Easley, a professor.",
        ),
        # a tense change that is no state change
        (
            "Questions swirl about what the two men discussed.",
            "Questions have been swirling about what the two men discussed.",
        ),
        # a stance reworded: "is signaling" → "has signaled" is not an event now done
        (
            "Trump is signaling he wants a better relationship with Moscow.",
            "Trump has signaled he wants a better relationship with Moscow.",
        ),
        # "would" after a fear is a hypothesis, not a plan that came true
        (
            "Some artists worried an allegation would affect their chances on a playlist.",
            "The policy raised concern because musicians worried an allegation would hurt them.",
        ),
        # figures of different things, and number words that are not figures
        (
            "He hopes their two countries can have an extraordinary relationship.",
            "Four hours before the meeting, he hoped for an extraordinary relationship.",
        ),
        (
            "The two presidents will then have a larger meeting with officials.",
            "After the one-on-one meeting, the presidents will then have a larger meeting.",
        ),
    ],
)
def test_rewording_and_attribution_stay_shared(earlier, later):
    assert not is_update(cues(earlier, later))


def test_attribution_change_is_reported_as_a_cue():
    found = cues(
        "The visit is a way for Putin to thank the North, he said.",
        "The visit is a way for Putin to thank the North, said Leif-Eric Easley, a professor.",
    )
    assert [c.kind for c in found] == ["attribution"]
    assert found[0].before == "he" and "Easley" in found[0].after


def story(*versions: tuple[str, str, str | None]) -> list[Article]:
    return [
        segment(Article(id=vid, path=f"{vid}.txt", text=text, published=published))
        for vid, text, published in versions
    ]


def classified(articles: list[Article]) -> Comparison:
    """The pipeline's stages from align to classify."""
    links = align(articles, AlignOptions())
    return classify(Story("s"), articles, links, group_takes(articles, links))


PRE = "Officials will sign the accord in Geneva on Friday. Delegates arrived on Thursday."
POST = "Officials signed the accord in Geneva on Friday. Delegates arrived on Thursday."


@pytest.mark.parametrize("given", [["post", "pre"], ["pre", "post"]])
def test_order_comes_from_the_text_when_times_are_missing(given):
    texts = {"pre": PRE, "post": POST}
    articles = story(*((vid, texts[vid], None) for vid in given))
    comparison = classified(articles)
    assert [v.id for v in comparison.versions] == ["pre", "post"]
    assert comparison.ordering.method == "content"
    assert comparison.ordering.evidence
    assert [v.phase for v in collate(comparison).versions] == ["earlier", "later"]
    updated = [k for k in comparison.links if k.label == "updated"]
    assert len(updated) == 1
    assert updated[0].source.startswith("pre-") and updated[0].target.startswith("post-")


def test_contradicted_page_dates_lose_to_the_text():
    # The post-signing take carries the older timestamp: the text wins.
    articles = story(("pre", PRE, "2024-06-19T15:00"), ("post", POST, "2024-06-19T09:00"))
    comparison = classified(articles)
    assert [v.id for v in comparison.versions] == ["pre", "post"]
    assert comparison.ordering.method == "content"


def test_consistent_publication_times_order_versions_and_name_phases():
    same = "Delegates arrived in Geneva on Thursday for the talks."
    articles = story(("b", same, "2024-06-19T15:00+02:00"), ("a", same, "2024-06-19T14:00+00:00"))
    comparison = classified(articles)
    # 15:00+02:00 is 13:00 UTC: earlier than 14:00 UTC.
    assert [v.id for v in comparison.versions] == ["b", "a"]
    assert comparison.ordering.method == "published"
    assert collate(comparison).versions[0].phase == "earlier — 19 Jun 15:00"
    assert [k.label for k in comparison.links] == ["shared"]


def test_manifest_phases_are_kept():
    articles = story(("pre", PRE, None), ("post", POST, None))
    articles = [replace(articles[0], phase="pre-talks"), replace(articles[1], phase="post-signing")]
    comparison = collate(classified(articles))
    assert [v.phase for v in comparison.versions] == ["pre-talks", "post-signing"]


def test_default_phases_name_takes_and_show_a_clock_time_only_when_stated():
    # Three versions, two of them one take (the same copy): they share the take's name and
    # the time its first version ran; a date without a time is shown without "00:00".
    articles = story(
        ("pre", PRE, "2024-06-19"),
        ("post", POST, "2024-06-20T09:30"),
        ("post-copy", POST, "2024-06-20T11:00"),
    )
    comparison = collate(classified(articles))
    assert {v.id: v.phase for v in comparison.versions} == {
        "pre": "take 1 — 19 Jun",
        "post": "take 2 — 20 Jun 09:30",
        "post-copy": "take 2 — 20 Jun 09:30",
    }


REWRITE_EARLY = (
    "President Donald Trump and Russian President Vladimir Putin arrived in Helsinki on Monday.",
    "The two leaders are ready to go one-on-one, with only interpreters in the room.",
    "They will then continue their discussions with aides over a working lunch.",
    "Trump has said he expects to discuss Syria, Ukraine and nuclear arms.",
)
REWRITE_LATE = (
    "President Donald Trump and Russian President Vladimir Putin met in Helsinki on Monday.",
    "The two leaders then talked one on one behind closed doors for two-plus hours, with only "
    "interpreters present.",
    "They continued their discussions with aides over lunch.",
    "Trump has said he expects to discuss Syria, Ukraine and nuclear arms.",
)


def test_a_plan_rewritten_as_what_happened_is_linked_and_updated():
    # Too few words in common for the aligner; the rewrites pass links the pair because the
    # plan came true, the story around it lines up, and the words that remain are shared.
    articles = story(
        ("late", " ".join(REWRITE_LATE), None), ("early", " ".join(REWRITE_EARLY), None)
    )
    assert not any(
        {link.source, link.target} == {"early-s1", "late-s1"}
        for link in align(articles, AlignOptions())
    )
    comparison = compare_articles(Story("s"), articles)
    (link,) = [k for k in comparison.links if {k.source, k.target} == {"early-s1", "late-s1"}]
    assert (link.source, link.target, link.label) == ("early-s1", "late-s1", "updated")
    assert [(c.kind, c.before, c.after) for c in link.cues] == [
        ("outcome", "are ready to go", "talked")
    ]


def test_a_rewrite_link_needs_the_plan_and_shared_words_not_just_names():
    # Two different statements about the same people, a plan and an event: the names alone
    # do not make them one statement.
    early = "President Donald Trump said he would discuss trade with Russian President Putin."
    late = "Russian President Putin arrived late, and President Donald Trump waited at his hotel."
    articles = story(("early", early, None), ("late", late, None))
    assert rewrite_links(articles, []) == []  # as if the aligner had linked nothing
