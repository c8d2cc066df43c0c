"""Stage 4 — shared vs updated, time order of versions, phases.

The rule under test (compare/temporal.py): a link is *updated* when the later sentence reports
a new state of the world (modality/tense, outcome, number, time cues); attribution changes
and other rewording leave it *shared*.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from itertools import pairwise

import pytest

from compare.align import AlignOptions, align
from compare.classify import (
    EXACT_TAKES,
    SAME_STORY_SHARE,
    STAMP_WEIGHT,
    _order_takes,
    classify,
    probability,
    version_overlap,
)
from compare.collate import collate
from compare.confidence import needs_check
from compare.model import Article, Comparison, Story, Take
from compare.pipeline import compare_articles
from compare.render.json import to_dict
from compare.render.view import build_view
from compare.rewrites import rewrite_links
from compare.segment import segment
from compare.takes import group_takes
from compare.temporal import cues, event_days, is_update, latest_day_order, order_evidence


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
        # a present tense with a time still ahead is a schedule
        (
            "Trump and Putin meet Monday at the presidential palace.",
            "Trump and Putin met Monday at the presidential palace.",
            {"tense"},
        ),
        (
            "The summit opens at 1 p.m. with a one-on-one meeting.",
            "The summit opened with a one-on-one meeting.",
            {"tense"},
        ),
        # a schedule of steps in the present tense, and its event named as under way
        (
            "The two ministers first meet in the castle's great hall, then sign the accord.",
            "The ministers signed the accord over dinner.",
            {"tense"},
        ),
        (
            "The two ministers first meet in the castle's great hall, then sign the accord.",
            "With that, their private meeting in the great hall was under way.",
            {"tense"},
        ),
        # what happened next, told after the event both report
        (
            "The ministers opened the talks on Monday with smiles all around.",
            "The ministers opened the talks on Monday, then walked out after an hour.",
            {"time"},
        ),
        # an irregular verb's base after its subject is a schedule that may come true as
        # another verb
        (
            "Before Lopez and Chen meet on Friday for their first talks, aides briefed them.",
            "Lopez and Chen sat down with each other on Friday for their first talks.",
            {"outcome"},
        ),
        # "is to", "has yet to", "have not yet": not done, then done
        ("Putin is to meet Trump in Helsinki.", "Putin met Trump in Helsinki.", {"modality"}),
        ("The leaders have not yet spoken by phone.", "The leaders spoke by phone.", {"modality"}),
        # an event ahead, then behind, and a plan that is under way
        (
            "Protesters gathered in the square ahead of the summit.",
            "Protesters gathered in the square after the summit.",
            {"time"},
        ),
        ("The talks are set to begin later Monday.", "The talks were under way.", {"modality"}),
        (
            "Trump will meet Putin one-on-one in Helsinki.",
            "Trump is meeting Putin one-on-one in Helsinki.",
            {"tense"},
        ),
        # contractions and a plan stated in the past ("were to"), then carried out
        (
            "They'll sign the accord over dinner at the castle.",
            "They signed the accord over dinner at the castle.",
            {"tense"},
        ),
        (
            "The ministers were to sign the accord over dinner.",
            "The ministers signed the accord over dinner.",
            {"modality"},
        ),
        # a future state that became an event; "will be" keyed by what follows it
        (
            "Critics worry that the two ministers will be alone in the room, with no aides.",
            "Critics worry that the two ministers met alone in the room, with no aides, so "
            "there will be no record.",
            {"outcome"},
        ),
        # an event named ahead, then reported begun or done
        (
            "The mayor resigned hours before a hearing on the budget.",
            "The hearing began hours after the mayor resigned.",
            {"time"},
        ),
        (
            "The ministers landed in Oslo for a long-awaited conference on fishing rights.",
            "The conference opened just hours after the ministers landed in Oslo.",
            {"time"},
        ),
        # a vague count given as a figure
        (
            "Survivors said some passengers who boarded at the last minute were not counted.",
            "The coast guard said at least 20 more people were on board.",
            {"number"},
        ),
        # a state in force, then told as the superseded one (CNET: the policy canceled)
        (
            "While the artists' catalogs remain on the service, it said it would not promote "
            "their songs.",
            "Under the original policy, the artists' catalogs remained on the service, but it "
            "would not promote their songs.",
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
        # a plan already behind the writer, set against what happened, is no plan ahead
        (
            "The session had been scheduled to run an hour.",
            "The session ran well past the scheduled hour.",
        ),
        # verbs of planning report no event; "to have" is no perfect tense
        (
            "The minister said he would raise the dispute again with his counterpart.",
            "The minister said he planned to again raise the dispute with his counterpart.",
        ),
        (
            "She hopes the visit will help her build ties with the region.",
            "Her main aim was simply to have the visit happen.",
        ),
        # the scene of a quote, reworded in its speaker tag, is no new state of the quote
        (
            '"We will not give up," the mayor said as she and the governor sat down together.',
            '"We will not give up," the mayor said at the town hall, where the two are meeting.',
        ),
        # participles used as adjectives, and names, are no events that replaced a plan
        (
            "The two leaders will meet in the palace on Monday.",
            "The highly anticipated meeting of the two leaders in the palace, on Monday.",
        ),
        (
            "The two leaders will meet in the palace on Monday.",
            "United States and Russian leaders in the palace on Monday.",
        ),
        # a clause after "before" is no scheduled event
        (
            "The mayor resigned before the city council voted on the plan.",
            "The city council passed the plan after the mayor resigned, aides predicted.",
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
        # a present tense without a time ahead, and a noun reworded as a verb
        (
            "Trump says he wants better relations with Russia.",
            "Trump said he wanted better relations with Russia.",
        ),
        (
            "Trump's attack on the press Monday drew criticism.",
            "Trump attacked the press Monday, drawing criticism.",
        ),
        # the same event before and after, in one sentence and its copy
        (
            "The two men shook hands after speaking before reporters were ushered out.",
            "The two men shook hands after speaking before reporters were ushered out.",
        ),
        # a past progressive is narrative, not a plan that another event came of
        (
            "The protest was unfolding against a backdrop of rising prices.",
            "The minister resigned hours before a vote that unfolded against a backdrop of "
            "rising prices.",
        ),
        # a prediction in a quotation is no plan that a later event is the outcome of
        (
            'The mayor opened the fair by predicting the town "will end up famous for it."',
            "The mayor began the fair by thanking the volunteers.",
        ),
        # a round count is no more exact than a vague one
        (
            "Prosecutors charged several officers with hacking the party's servers.",
            "Prosecutors charged a dozen officers with hacking the party's servers.",
        ),
        # the same sequel in both
        (
            "The ministers met at the castle, then signed the accord over dinner.",
            "The ministers met at the old castle and then signed the accord.",
        ),
        # speech and stance are no outcome of a plan, nor is an event in a relative clause
        (
            "The mayor is expected to visit the flooded district.",
            "The mayor said she was concerned about crews in the flooded district.",
        ),
        (
            "The mayor is expected to visit the flooded district.",
            "Crews who have repaired the levee in the flooded district are waiting for her.",
        ),
        # a passive after "be" is not done; a noun after "of" or "the" is no present tense,
        # and a possessive day ("Monday's summit") is no time ahead
        ("We will have to see.", "We will see if those steps will be taken."),
        (
            "Activists used Monday's summit to hold two days of protests in the capital.",
            "Some 1,500 people are protesting in the capital ahead of Monday's summit.",
        ),
        # an event still ahead in the later sentence has not passed
        (
            "Trump tweeted ahead of his meeting with Putin.",
            "Trump will meet Putin in Helsinki, days after prosecutors indicted 12 officers.",
        ),
        (
            "McCain called on Trump to cancel his upcoming summit with Putin.",
            "The indictment of officers accused of meddling sparked calls to cancel tomorrow's "
            "summit with Putin.",
        ),
        # steps told in the past are no schedule
        (
            "The two ministers first met in the castle's great hall, then signed the accord.",
            "The ministers met in the great hall and signed the accord.",
        ),
        # a vague count and a date are different things
        (
            "Some artists worried that mistakes made in their youth would be used against them.",
            "Because of the May 10 policy, artists worried mistakes would be used against them.",
        ),
        # blaming is stance, no outcome of a plan; a participle after "go" or after a
        # preposition is an adjective, no event (AP's overnight summit leads)
        (
            "Trump and Putin are ready to go one-on-one as fears grow that aggression may go "
            "unpunished.",
            "Trump blamed the United States hours before the summit as fears grow that "
            "aggression may go unchallenged.",
        ),
        (
            "Trump blamed the United States hours before a summit with Putin.",
            "With rattled world capitals watching, Trump and Putin are ready for the summit.",
        ),
        # the superseded policy in both: no new state
        (
            "Under the original policy, the catalogs remain on the service.",
            "Under the original policy, the catalogs remained on the service.",
        ),
        # the start still ahead, expected or "starting" (the leaders arriving)
        (
            "The summit was expected to start later than scheduled after Putin arrived late.",
            "The summit was starting later than scheduled because Putin arrived late.",
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
    # The same speaker named more or less fully, or a scraper's stray space ("Spotify 's"),
    # is no change of who said it.
    assert (
        cues('"We rolled this out wrong," Daniel Ek said.', '"We rolled this out wrong," Ek said.')
        == ()
    )
    assert cues("Spotify 's CEO says it was wrong.", "Spotify's CEO says it was wrong.") == ()


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


def test_one_doubtful_cue_does_not_overrule_two_consistent_stamps():
    # The post-signing text carries the earlier stamp, six hours clear of the other: one
    # state cue against two stamps that do not overlap leaves the stamps' order.
    articles = story(("pre", PRE, "2024-06-19T15:00Z"), ("post", POST, "2024-06-19T09:00Z"))
    comparison = classified(articles)
    assert [v.id for v in comparison.versions] == ["post", "pre"]
    assert comparison.ordering.pairs[0].basis == "stamps+text"


STALE_PRE = (
    "Officials will sign the accord in Geneva on Friday. Ministers will meet the press later "
    "Friday. Rescuers are searching the river for the missing boat."
)
STALE_POST = (
    "Officials signed the accord in Geneva on Friday. Ministers met the press Friday. "
    "Rescuers had searched the river for the missing boat."
)


def test_contradicted_stamps_lose_to_several_consistent_cues():
    # A stale take republished late: three state cues say it came first, against one stamp.
    articles = story(
        ("pre", STALE_PRE, "2024-06-19T15:00Z"), ("post", STALE_POST, "2024-06-19T09:00Z")
    )
    comparison = classified(articles)
    assert [v.id for v in comparison.versions] == ["pre", "post"]
    assert comparison.ordering.method == "published+content"


SAME = "Delegates arrived in Geneva on Thursday for the talks."
OTHER = "Delegates gathered in a Geneva hotel on Thursday for the talks."


def test_naive_times_of_different_outlets_do_not_order_versions_hours_apart():
    # 09:00 of an unknown zone may be 19:00 UTC the day before or 21:00 UTC: it overlaps
    # 14:00 UTC, so the stamps order nothing (the names do, said to be a coin).
    articles = story(("a", SAME, "2024-06-19T14:00+00:00"), ("b", OTHER, "2024-06-19T09:00"))
    articles = [replace(a, stamps=(), published_source="article") for a in articles]
    comparison = classified(articles)
    (decision,) = comparison.ordering.pairs
    assert decision.basis == "none" and decision.confidence == 0.5
    assert comparison.ordering.method == "none"


def test_naive_times_a_day_apart_order_versions_of_different_outlets():
    articles = story(("b", SAME, "2024-06-19T09:00"), ("a", OTHER, "2024-06-21T09:00+00:00"))
    articles = [replace(a, published_source="article") for a in articles]
    comparison = classified(articles)
    assert [v.id for v in comparison.versions] == ["b", "a"]
    assert comparison.ordering.pairs[0].basis == "stamps"


def test_naive_times_of_one_outlet_are_compared_as_read():
    articles = story(("b", SAME, "2024-06-19T15:00"), ("a", OTHER, "2024-06-19T09:00"))
    articles = [replace(a, outlet="Daily Example", published_source="article") for a in articles]
    comparison = classified(articles)
    assert [v.id for v in comparison.versions] == ["a", "b"]
    assert comparison.ordering.method == "published"


def test_a_bare_date_is_the_whole_day_not_midnight():
    # "July 16" against 06:18 ET that day: the day may end after 06:18, so no order; were the
    # date taken as midnight it would come first.
    articles = story(("globe", SAME, "2018-07-16"), ("detroit", OTHER, "2018-07-16T06:18-04:00"))
    comparison = classified(articles)
    assert comparison.ordering.pairs[0].basis == "none"
    assert articles[0].time.latest - articles[0].time.earliest > timedelta(days=1)


def test_a_page_seen_before_the_others_stamp_came_first():
    # The bare date overlaps the other's 06:18 ET, but a scraper saw the dated page at 04:08
    # ET: its text was out before the other's was dated.  Without the sighting, no order.
    articles = story(("globe", SAME, "2018-07-16"), ("detroit", OTHER, "2018-07-16T06:18-04:00"))
    seen = [replace(articles[0], seen="2018-07-16T04:08:00-04:00"), articles[1]]
    comparison = classified(seen)
    assert [v.id for v in comparison.versions] == ["globe", "detroit"]
    assert comparison.ordering.pairs[0].basis == "stamps"
    written = {v["id"]: v["seen"] for v in to_dict(comparison)["versions"]}
    assert written == {"globe": "2018-07-16T04:08:00-04:00", "detroit": None}
    (note,) = comparison.ordering.evidence
    assert "stamps 1 of 1 agree (1 a page seen before the other's stamp)" in note
    shown = {v.id: v.seen for v in build_view(collate(comparison)).versions}
    assert shown == {"globe": "2018-07-16 04:08-04:00", "detroit": None}
    # Seen after the other's stamp says nothing: a page seen late may carry an old text.
    late = [replace(articles[0], seen="2018-07-16T08:00:00-04:00"), articles[1]]
    assert classified(late).ordering.pairs[0].basis == "none"


def test_a_sighting_orders_only_clear_of_the_other_stamp_and_of_its_own():
    # Seen five minutes before the other's stamp: within a scraper's lag, no order.  Seen
    # before its own stamp (08:50 ET on a page listed at 07:09): the listing's time is not
    # this text's, and bounds nothing.
    articles = story(("a", SAME, "2018-07-16T07:30-04:00"), ("b", OTHER, None))
    near = [articles[0], replace(articles[1], seen="2018-07-16T07:25:00-04:00")]
    assert classified(near).ordering.pairs[0].basis == "none"
    stale = story(("a", SAME, "2018-07-16T08:50-04:00"), ("b", OTHER, "2018-07-16T08:50-04:00"))
    listed = [replace(stale[0], seen="2018-07-16T07:09:00-04:00"), stale[1]]
    assert classified(listed).ordering.pairs[0].basis == "none"


def test_a_page_seen_before_an_undated_one_is_no_evidence():
    # A sighting bounds a version's own time; against a version with no stamp it says nothing.
    articles = story(("a", SAME, None), ("b", OTHER, None))
    seen = [replace(a, seen="2018-07-16T04:08:00-04:00") for a in articles]
    assert classified(seen).ordering.pairs[0].basis == "none"


def test_stamp_decisions_carry_the_calibrated_confidence():
    articles = story(("b", SAME, "2024-06-20T09:00Z"), ("a", OTHER, "2024-06-19T09:00Z"))
    comparison = classified(articles)
    (decision,) = comparison.ordering.pairs
    assert (decision.earlier, decision.later) == ("a", "b")
    assert decision.margin == STAMP_WEIGHT
    assert decision.confidence == round(probability(STAMP_WEIGHT), 3)
    assert comparison.ordering.confidence == round(probability(STAMP_WEIGHT), 2)


def test_probability_is_a_coin_at_zero_and_grows_with_the_margin():
    assert probability(0.0) == 0.5
    assert 0.5 < probability(0.5) < probability(1.0) < probability(3.0) < 1.0


# A story told in four takes, each derived from the one before: a window sliding over its
# paragraphs, so that consecutive takes share the most.
CHAIN = [
    "Flood waters rose along the Danube after days of rain.",
    "Officials opened emergency shelters in three riverside towns.",
    "The mayor of Komarno asked residents to move cars away from the embankment.",
    "Rail services between Bratislava and Budapest were suspended at noon.",
    "Volunteers filled sandbags outside the town hall through the afternoon.",
    "The river crested at Bratislava shortly before midnight, the water agency said.",
    "Engineers inspected the old bridge at Sturovo for damage overnight.",
]


def take(first: int) -> str:
    return " ".join(CHAIN[first : first + 4])


def test_takes_follow_the_chain_of_likeness_oriented_by_the_evidence():
    # No stamps, no state cue: consecutive takes are the most alike (the chain), and one
    # stamp on the first take puts that end first.  Names would give d, b, a, c.
    articles = story(
        ("c", take(0), "2024-06-10T06:00Z"),
        ("a", take(1), None),
        ("d", take(2), None),
        ("b", take(3), "2024-06-12T06:00Z"),
    )
    comparison = classified(articles)
    assert [v.id for v in comparison.versions] == ["c", "a", "d", "b"]


def test_undated_versions_are_placed_by_their_text_not_last_by_name():
    # The undated version (named to sort last) carries the middle take.
    articles = story(
        ("first", take(0), "2024-06-10T06:00Z"),
        ("zz-undated", take(1), None),
        ("last", take(2), "2024-06-12T06:00Z"),
    )
    comparison = classified(articles)
    assert [v.id for v in comparison.versions] == ["first", "zz-undated", "last"]
    bases = {(p.earlier, p.later): p.basis for p in comparison.ordering.pairs}
    assert bases[("first", "last")] == "stamps"


def test_versions_of_one_take_are_ordered_by_their_stamps_and_said_tied():
    text = take(0)
    articles = story(
        ("a", text, "2024-06-10T09:00Z"),
        ("b", text, "2024-06-10T06:00Z"),
        ("e", text, None),
        ("c", take(2), None),
    )
    takes = (Take("a", ("a", "b", "e")), Take("c", ("c",)))
    comparison = classify(Story("s"), articles, align(articles, AlignOptions()), takes)
    assert comparison.takes[0].versions == ("b", "a", "e")
    within = {
        (p.earlier, p.later): (p.basis, p.confidence)
        for p in comparison.ordering.pairs
        if p.basis.startswith("same take")
    }
    assert within == {
        ("b", "a"): ("same take; stamps", round(probability(STAMP_WEIGHT), 3)),
        ("b", "e"): ("same take", 0.5),
        ("a", "e"): ("same take", 0.5),
    }


SPOTIFY = (
    "Spotify said on Friday it would stop removing artists for their conduct. "
    "The company had removed R. Kelly from its playlists last month. "
    "Its chief executive said the rollout had been handled badly. "
    "Record labels had complained about the policy for weeks. "
    "Streaming rivals Apple and Amazon did not comment on the change."
)
CENSUS = (
    "A federal judge in Maryland heard arguments on the citizenship question on Friday. "
    "Lawyers said a redistricting expert had drafted the question years ago. "
    "The Justice Department denied that the expert played any role. "
    "Census officials are expected to print the forms this summer. "
    "Spotify said on Friday it would stop removing artists for their conduct."
)


def test_different_stories_get_a_warning_and_no_order_from_their_links():
    # One sentence in common (with a state cue both ways: "would stop" is a plan) is no
    # evidence of order between two stories; stamps still order them.
    articles = story(("census", CENSUS, "2024-06-12T06:00Z"), ("spotify", SPOTIFY, None))
    comparison = classified(articles)
    (warning,) = comparison.warnings
    assert warning.kind == "different-stories"
    assert set(warning.versions) == {"census", "spotify"}
    assert "different stories" in warning.message
    assert comparison.ordering.pairs[0].basis == "none"


def test_one_loose_link_does_not_make_a_one_sentence_page_the_same_story():
    # A page of one sentence, 42 % linked to another story by one link the report asks to
    # check: no order from the other's "growth", a warning that says why.
    from compare.pipeline import compare_articles

    stub = (
        "Mayor Dana Reyes called the bridge plan a disaster in a radio interview ahead of the "
        "council vote."
    )
    week = (
        "Here are five moments from Mayor Dana Reyes's week in the capital, as she prepares "
        "for the council vote. She opened a library branch on Tuesday. She met union leaders "
        "on Wednesday. She toured the flooded district on Thursday. She spoke at a school "
        "graduation on Friday."
    )
    pages = [
        Article(id="stub", path="stub.txt", text=stub),
        Article(id="week", path="w.txt", text=week),
    ]
    comparison = compare_articles(Story("s"), pages)
    (link,) = comparison.links
    assert needs_check(link)
    (warning,) = comparison.warnings
    assert "at most 42% linked, every link to check" in warning.message
    assert comparison.ordering.method == "none"
    # The same page closely linked (a copy of the other's lead) is one story with it.
    lead = week.split(". ")[0] + "."
    pages[0] = Article(id="stub", path="stub.txt", text=lead)
    assert compare_articles(Story("s"), pages).warnings == ()


def test_a_link_between_different_stories_is_never_an_update():
    # The one sentence the two stories share differs by a state cue ("would stop" → "stopped"):
    # between two stories that is no new state of anything.
    spotify = SPOTIFY.replace("it would stop removing", "it stopped removing")
    articles = story(("census", CENSUS, None), ("spotify", spotify, None))
    comparison = classified(articles)
    assert comparison.warnings
    (link,) = comparison.links
    assert is_update(link.cues)
    assert link.label == "shared"


PREVIEW = (
    "Ministers will sign the fishing accord in Oslo on Friday. "
    "The accord covers cod quotas in the Barents Sea for the next decade. "
    "Norway and Iceland have argued over the quotas since 2019. "
    "Fishing crews in Tromso said they feared lower catches. "
    "Talks broke down twice last year over mackerel."
)
MIDDAY = (
    "Ministers will sign the fishing accord in Oslo on Friday. "
    "The accord covers cod quotas in the Barents Sea for the next decade. "
    "Norway and Iceland have argued over the quotas since 2019. "
    "Environmental groups called the quotas too generous. "
    "A coast guard ship escorted the Icelandic delegation into the harbour."
)
EVENING = (
    "Ministers signed the fishing accord in Oslo on Friday. "
    "Environmental groups called the quotas too generous. "
    "A coast guard ship escorted the Icelandic delegation into the harbour. "
    "The signing ceremony lasted less than an hour. "
    "Prices for cod futures fell slightly after the announcement. "
    "Both parliaments must still ratify the text before it takes effect."
)


def test_a_preview_and_a_late_rewrite_are_one_story_through_the_take_between_them():
    # The evening take shares one sentence with the preview (too little to be one story on
    # its own), but each shares most of its text with the midday take: the story moved on,
    # so that sentence's new state is an update, and no different-stories warning is given.
    articles = story(
        ("preview", PREVIEW, None), ("midday", MIDDAY, None), ("evening", EVENING, None)
    )
    comparison = classified(articles)
    sentences = {s.id: s for v in comparison.versions for s in v.sentences}
    overlap = version_overlap(comparison.versions, comparison.links, sentences)
    assert overlap[("evening", "preview")].containment < SAME_STORY_SHARE
    assert comparison.warnings == ()
    (across,) = [
        link
        for link in comparison.links
        if {sentences[link.source].version, sentences[link.target].version}
        == {"preview", "evening"}
    ]
    assert across.label == "updated"


def test_one_story_gets_no_warning():
    articles = story(("pre", PRE, None), ("post", POST, None))
    assert classified(articles).warnings == ()


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


@pytest.mark.parametrize("count", [5, 11])  # the exact search, and the greedy beyond EXACT_TAKES
def test_the_order_of_takes_is_the_chain_oriented_by_the_evidence(count):
    # Takes 0..count-1 in a scrambled naming: likeness only between chain neighbours, and one
    # piece of evidence that the chain's first take came before its second.
    chain = [(7 * k) % count for k in range(count)]
    likeness = [[0.0] * count for _ in range(count)]
    margin = [[0.0] * count for _ in range(count)]
    for a, b in pairwise(chain):
        likeness[a][b] = likeness[b][a] = 0.9
    margin[chain[0]][chain[1]], margin[chain[1]][chain[0]] = 1.0, -1.0
    order, decisions = _order_takes(margin, likeness)
    assert order == chain
    assert min(decisions.values()) > 0  # no reversal scores better
    assert (count > EXACT_TAKES) == (count == 11)


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
    assert rewrite_links(articles, []) == []  # as if the aligner had linked nothing: none added


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ({"Friday", "Saturday"}, {"Sunday"}, 1),
        ({"Sunday"}, {"Monday"}, 1),  # across the week's end
        ({"Monday"}, {"Sunday"}, -1),
        ({"Saturday", "Sunday"}, {"Sunday"}, 0),
        (set(), {"Monday"}, 0),
    ],
)
def test_the_version_whose_dated_events_reach_a_later_day_is_later(first, second, expected):
    def days(names: set[str]) -> frozenset[int]:
        return frozenset().union(*(event_days(f"The minister resigned on {n}.") for n in names))

    assert latest_day_order(days(first), days(second)) == expected


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # A retelling: the act in the present perfect, then in the simple past (r-wtimes).
        (
            "Mr. Trump has set low expectations heading into the summit.",
            "On the eve of the summit, Mr. Trump set low expectations for the talks.",
            0.5,
        ),
        ("President Trump has arrived in Helsinki.", "Trump arrived in Helsinki a day early.", 0.5),
        (
            "Trump arrived in Helsinki a day early.",
            "President Trump has arrived in Helsinki.",
            -0.5,
        ),
        # The same words a tense back: "is set to go" → "was set to go".
        (
            "Undeterred, the president is set to go face-to-face with Putin.",
            "Undeterred, the president was set to go face-to-face with Putin.",
            0.5,
        ),
        (
            "Undeterred, the president was set to go face-to-face with Putin.",
            "Undeterred, the president is set to go face-to-face with Putin.",
            -0.5,
        ),
        # Attribution and "have" as a verb of its own are no retelling.
        ("Trump has said he would raise it.", "Trump said he would raise it.", 0.0),
        ("Trump has a plan for the talks.", "Trump had a plan for the talks.", 0.0),
        # Both tenses in both: nothing to go by.
        (
            "Putin has arrived, and Trump arrived earlier.",
            "Trump has arrived, and Putin arrived earlier.",
            0.0,
        ),
    ],
)
def test_a_retelling_in_the_simple_past_reads_as_the_later_take(first, second, expected):
    # No state cue in any of these: the hint alone (half a cue) decides.
    assert not [c for c in cues(first, second) if is_update((c,))]
    assert order_evidence(first, second) == expected


def test_the_summit_starting_late_then_started_is_an_update():
    assert is_update(
        cues(
            "The summit was starting later than scheduled because Putin arrived late.",
            "The summit started late because Putin arrived late.",
        )
    )


def test_an_embedded_tweet_repeating_the_next_sentence_is_no_news_under_the_lead():
    # Fox8 printed Trump's tweet as a paragraph of its own under the lead, above the sentence
    # quoting it: the page is the same take as a copy without it, and says nothing of time.
    lead = "President Trump blamed the United States for poor relations with Russia on Monday."
    quote = (
        '"Our relationship with Russia has NEVER been worse," Trump tweeted, blaming "many '
        'years of U.S. foolishness and stupidity."'
    )
    tweet = (
        "Our relationship with Russia has NEVER been worse thanks to many years of U.S. "
        "foolishness and stupidity!"
    )
    rest = (
        "The two leaders first meet one-on-one in the palace's Gothic Hall.",
        "They then hold a news conference before going their separate ways.",
        "Dozens of protesters gathered in the city's main square on Sunday evening.",
    )
    # The other take rewords three sentences in passing: a take of its own, no state change.
    reworded = (
        "The two leaders first meet one-on-one in the palace's ornate Gothic Hall.",
        "They then hold a joint news conference before going their separate ways.",
        "Dozens of protesters gathered in the city's central square on Sunday evening.",
    )
    plain = Article(id="plain", path="plain.txt", text="\n\n".join((lead, quote, *rest)))
    embedded = Article(
        id="embedded", path="embedded.txt", text="\n\n".join((lead, tweet, quote, *reworded))
    )
    comparison = compare_articles(Story("summit"), [plain, embedded])
    assert len(comparison.takes) == 2
    assert comparison.ordering.method == "none"
