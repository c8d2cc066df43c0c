"""Stage 3b — takes: near-duplicate versions grouped, cut-off copies, glued-in material.

Each rule of compare/takes.py on small written stories, then the real truncated copy of the
corpus (skipped without ../shared/corpus).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from itertools import permutations
from pathlib import Path

import pytest

from compare.model import Article, Comparison, Story
from compare.pipeline import compare_articles, compare_inputs
from compare.render.json import from_dict, to_dict
from compare.render.view import build_view

# Twelve paragraphs of one take, each a distinct statement.
TAKE = (
    "Dock workers at the port of Valmora walked off the job on Monday over a pay dispute.",
    "The union said about 4,000 members joined the strike at the start of the morning shift.",
    "Container ships queued outside the harbour as cranes stood idle along the quays.",
    "Port managers called the stoppage illegal and urged workers to return to their posts.",
    "Talks between the union and the employers broke down last week after a month of meetings.",
    "The employers offered a raise of three percent, well short of the union's demand.",
    "Exporters of fruit and flowers warned that perishable cargo would spoil within days.",
    "The transport ministry appointed a mediator and asked both sides to meet on Wednesday.",
    "Truck drivers waiting at the gates said they had been told to expect long delays.",
    "A similar strike in 2019 lasted eleven days and cost the region millions in lost trade.",
    "Shipping lines began diverting some vessels to the smaller terminal at Castelnuovo.",
    "The union's leader told reporters the workers were ready to stay out for as long as needed.",
)
# Another story's teaser, glued on by a page after the scraper cut the copy short.
TEASER = (
    "Opinion: the mayor's refusal to answer questions about the stadium deal makes little sense.",
    "To the contrary, his silence about the missing millions has fueled doubts...",
)
TWEET = "Watch the moment the cranes stopped, the union posted on social media."
# News a later take puts right under the lead (a running file's new entry), no day named.
NEWS = (
    "Crane operators joined the walkout at noon, the union said. "
    "Two ferries were held at the outer anchorage."
)


def article(name: str, paragraphs: tuple[str, ...], outlet: str | None = None) -> Article:
    return Article(id=name, path=f"{name}.txt", text="\n\n".join(paragraphs), outlet=outlet)


def compare(
    *versions: tuple[str, tuple[str, ...]], outlets: dict[str, str] | None = None
) -> Comparison:
    """The story of ``versions``; ``outlets`` names a version's outlet (default: its own)."""
    outlets = outlets or {}
    return compare_articles(
        Story("strike"), [article(name, text, outlets.get(name)) for name, text in versions]
    )


def take_of(comparison: Comparison, version: str):
    return next(take for take in comparison.takes if version in take.versions)


def cut_story() -> Comparison:
    return compare(("full", TAKE), ("copy", TAKE), ("cut", TAKE[:4] + TEASER))


def test_a_copy_cut_off_with_a_teaser_glued_on_is_one_take_with_its_full_version():
    comparison = cut_story()
    assert len(comparison.takes) == 1
    (take,) = comparison.takes
    assert set(take.versions) == {"full", "copy", "cut"}
    (cut,) = take.cut_off
    assert (cut.version, cut.after_paragraph) == ("cut", 4)
    assert cut.against in {"full", "copy"}  # a full copy goes on where it stops
    assert take.not_story == ("cut-s4", "cut-s5")  # the teaser
    assert take.identical == (("copy", "full"),)


def test_a_cut_off_copy_drops_nothing_and_its_teaser_is_not_new():
    comparison = cut_story()
    states = Counter(cell.state for st in comparison.statements for cell in st.cells)
    assert states["dropped"] == 0
    cut_cells = [c for st in comparison.statements for c in st.cells if c.version == "cut"]
    assert Counter(c.state for c in cut_cells if not c.sentences) == {"cut-off": len(TAKE) - 4}
    glued_rows = [
        st for st in comparison.statements if any(c.state == "not-story" for c in st.cells)
    ]
    assert len(glued_rows) == 2
    for row in glued_rows:  # carried by the cut copy only, absent (never dropped) elsewhere
        assert {c.version: c.state for c in row.cells if c.state != "absent"} == {
            "cut": "not-story"
        }
    take_states = Counter(c.state for st in comparison.statements for c in st.take_cells)
    assert take_states == {"first": len(TAKE), "not-story": 2}


def test_cut_off_flags_reach_report_json_and_read_back():
    data = to_dict(cut_story())
    cut_version = next(v for v in data["versions"] if v["id"] == "cut")
    assert cut_version["cut_off_after"] == 4
    assert cut_version["not_story"] == ["cut-s4", "cut-s5"]
    assert all(v["cut_off_after"] is None for v in data["versions"] if v["id"] != "cut")
    (take,) = data["takes"]
    assert [c["version"] for c in take["cut_off"]] == ["cut"]
    assert to_dict(from_dict(data)) == data


@pytest.mark.parametrize("order", list(permutations(["full", "copy", "cut"])))
def test_takes_do_not_depend_on_the_input_order(order):
    texts = {"full": TAKE, "copy": TAKE, "cut": TAKE[:4] + TEASER}
    baseline = to_dict(cut_story())
    assert to_dict(compare(*((name, texts[name]) for name in order))) == baseline


def test_a_short_take_that_ends_cleanly_is_not_cut_off_but_an_earlier_take():
    # The first short take of a story, later extended by a write-through: no teaser, no
    # broken sentence, nothing shows the scraper cut it, and two outlets ran it so.
    comparison = compare(("short", TAKE[:4]), ("also-short", TAKE[:4]), ("extended", TAKE))
    assert {take.versions for take in comparison.takes} == {("also-short", "short"), ("extended",)}
    assert all(not take.cut_off and not take.not_story for take in comparison.takes)


def test_an_outlet_adding_paragraphs_to_its_own_page_moves_a_new_take():
    outlets = {"morning": "harbour-news", "noon": "harbour-news"}
    comparison = compare(("morning", TAKE[:4]), ("noon", TAKE), outlets=outlets)
    assert len(comparison.takes) == 2
    assert not any(take.cut_off for take in comparison.takes)


def test_one_outlet_running_another_outlets_opening_word_for_word_was_cut_off():
    # A clean paragraph break, nothing glued on, but no second outlet stopped there: the page
    # lost its end (a Tribune page of an AP story), it is not a take of its own.
    comparison = compare(("full", TAKE), ("short", TAKE[:5]))
    assert len(comparison.takes) == 1
    (cut,) = comparison.takes[0].cut_off
    assert (cut.version, cut.against, cut.after_paragraph) == ("short", "full", 5)


@pytest.mark.parametrize("inputs", [("full", "short"), ("short", "full")])
def test_a_clean_opening_of_another_outlets_copy_may_be_an_earlier_take_and_goes_first(inputs):
    # Nothing on the short page shows a cut: it may as well be a first take of five
    # paragraphs that a write-through extended (two versions have no second outlet to tell).
    # One take, flagged as either; if a take, it came first, so it is ordered first.
    texts = {"full": TAKE, "short": TAKE[:5]}
    comparison = compare(*((name, texts[name]) for name in inputs))
    (cut,) = comparison.takes[0].cut_off
    assert cut.maybe_earlier_take
    assert [v.id for v in comparison.versions] == ["short", "full"]
    (pair,) = comparison.ordering.pairs
    assert (pair.earlier, pair.later, pair.basis) == ("short", "full", "same take; text")
    assert pair.confidence > 0.5
    assert comparison.ordering.method == "content"
    assert any("an earlier, shorter take" in note for note in comparison.ordering.evidence)
    data = to_dict(comparison)
    assert data["takes"][0]["cut_off"][0]["maybe_earlier_take"] is True
    assert to_dict(from_dict(data)) == data
    notes = " ".join(build_view(comparison).takes_notes)
    assert "short is full's first 5 ¶ word for word" in notes
    assert "a copy cut off there or an earlier, shorter take" in notes


def test_a_copy_that_shows_its_cut_is_no_earlier_take_and_orders_nothing():
    # The teaser glued on after the cut shows the scraper cut the page: no take of its own.
    comparison = compare(("full", TAKE), ("cut", TAKE[:4] + TEASER))
    (cut,) = comparison.takes[0].cut_off
    assert not cut.maybe_earlier_take
    assert comparison.ordering.method == "none"
    assert comparison.ordering.pairs[0].basis == "same take"


def test_a_page_ending_on_a_lead_in_shows_its_cut():
    # The page's last line, past its story, announces what it never shows ("WORLD EXCLUSIVE:",
    # an embedded post's first line): the scraper stopped there, so the copy is cut off, not
    # an earlier, shorter take, and nothing orders it.
    from compare.model import RemovedLine

    short = replace(
        article("short", TAKE[:5]), removed=(RemovedLine(11, "WORLD EXCLUSIVE:", "trailer"),)
    )
    comparison = compare_articles(Story("strike"), [article("full", TAKE), short])
    (cut,) = comparison.takes[0].cut_off
    assert cut.version == "short" and not cut.maybe_earlier_take
    assert comparison.ordering.method == "none"
    # A lead-in line that the page goes on past is no sign: furniture between paragraphs.
    inside = replace(short, removed=(RemovedLine(11, "WORLD EXCLUSIVE:", "embedded-tweet"),))
    (cut,) = compare_articles(Story("strike"), [article("full", TAKE), inside]).takes[0].cut_off
    assert cut.maybe_earlier_take


def test_a_cut_copy_must_be_the_opening_word_for_word():
    # The short copy rewords a sentence of the opening: a write-through, not a lost end.
    reworded = (TAKE[0], TAKE[1].replace("about 4,000 members", "some 4,000 dockers"), *TAKE[2:5])
    comparison = compare(("full", TAKE), ("short", reworded))
    assert take_of(comparison, "full") != take_of(comparison, "short")


def test_paragraphs_added_at_the_end_make_a_new_take_even_when_copies_agree():
    # Two pages end the take at paragraph 9; a third adds three paragraphs after it.
    comparison = compare(("a", TAKE[:9]), ("b", TAKE[:9]), ("longer", TAKE))
    assert {take.versions for take in comparison.takes} == {("a", "b"), ("longer",)}


def test_an_outlet_trimming_a_paragraph_keeps_the_take():
    trimmed = TAKE[:6] + TAKE[7:]
    comparison = compare(("wire", TAKE), ("trimmed", trimmed))
    assert len(comparison.takes) == 1
    assert not comparison.takes[0].cut_off


def test_a_paragraph_of_dated_news_inserted_mid_story_makes_a_new_take():
    # A write-through adds one paragraph in the middle reporting what happened on a named day;
    # without it the copies would be one take (an outlet may trim a background paragraph).
    news = (
        "In two posts sent Tuesday from the picket line, the union said the employers would "
        "not return its calls. Dock owners replied that the talks had been suspended."
    )
    extended = (*TAKE[:5], news, *TAKE[5:])
    comparison = compare(("wire", TAKE), ("copy", TAKE), ("extended", extended))
    assert {take.versions for take in comparison.takes} == {("copy", "wire"), ("extended",)}


def test_news_put_right_under_the_lead_makes_a_new_take():
    # A running file's new entry, a write-through's new second paragraph: two sentences (no
    # day named) between the lead both carry and the rest of the take.
    extended = (TAKE[0], NEWS, *TAKE[1:])
    comparison = compare(("wire", TAKE), ("copy", TAKE), ("extended", extended))
    assert {take.versions for take in comparison.takes} == {("copy", "wire"), ("extended",)}


def test_news_under_the_lead_outweighs_a_tail_only_the_other_version_has():
    # The later take (a running file's next entry on top) lost its last two paragraphs to the
    # scraper; the earlier one has them: as many sentences each side, the news on top decides.
    later = (TAKE[0], NEWS, *TAKE[1:10])
    for first, second in (("earlier", "later"), ("later", "earlier")):
        texts = {"earlier": TAKE, "later": later}
        comparison = compare((first, texts[first]), (second, texts[second]))
        assert [v.id for v in comparison.versions] == ["earlier", "later"]
        assert comparison.ordering.method != "none"


def test_a_copy_alone_in_its_take_is_cut_off_where_the_takes_around_it_go_on():
    # A running file's take whose page lost the oldest entries: the takes before and after it
    # both carry them, so it lost them; it did not drop them.
    newer = "Police cleared the main gate in the evening. The union called it provocation."
    cut = (TAKE[0], NEWS, *TAKE[1:8])
    comparison = compare(
        ("a-earlier", TAKE), ("b-cut", cut), ("c-later", (TAKE[0], newer, NEWS, *TAKE[1:]))
    )
    assert [v.id for v in comparison.versions] == ["a-earlier", "b-cut", "c-later"]
    (cut_off,) = take_of(comparison, "b-cut").cut_off
    assert len(comparison.takes) == 3
    assert (cut_off.version, cut_off.after_paragraph) == ("b-cut", 9)
    states = Counter(st.cells[1].state for st in comparison.statements)
    assert (states["cut-off"], states["dropped"]) == (4, 0)
    # One other version going on is not enough: that is a take that grew at the end.
    two = compare(("a-earlier", TAKE[:7]), ("b-longer", (TAKE[0], NEWS, *TAKE[1:])))
    assert not any(take.cut_off for take in two.takes)


def test_a_copy_one_dated_sentence_short_is_a_trim_of_the_take():
    # TAKE[7] reports an event dated to a day; one sentence less is still an outlet's trim.
    trimmed = TAKE[:7] + TAKE[8:]
    comparison = compare(("wire", TAKE), ("trimmed", trimmed))
    assert len(comparison.takes) == 1


def test_a_new_lead_makes_a_new_take():
    # The same paragraphs, but the fourth moved to the top: a new top is a new take.
    relead = (TAKE[3], *TAKE[:3], *TAKE[4:])
    comparison = compare(("a", TAKE), ("b", TAKE), ("relead", relead))
    assert {take.versions for take in comparison.takes} == {("a", "b"), ("relead",)}


def test_a_sentence_glued_into_a_paragraph_is_not_part_of_the_story():
    glued = list(TAKE)
    glued[2] = f"{TAKE[2]} {TWEET}"
    comparison = compare(("a", TAKE), ("b", TAKE), ("page", tuple(glued)))
    take = take_of(comparison, "page")
    assert set(take.versions) == {"a", "b", "page"}
    assert take.not_story == ("page-s3",)
    (cell,) = [
        c for st in comparison.statements for c in st.take_cells if c.sentences == ("page-s3",)
    ]
    assert cell.state == "not-story"  # not a FIRST statement of the take


def test_a_paragraph_cut_short_with_an_ellipsis_between_two_of_the_story_is_a_teaser():
    # A related story's teaser set between two paragraphs the other copies run together: not
    # part of the story.  The same paragraph ending in a full stop may be an outlet's own.
    teaser = "Those worries deepened on Tuesday when the harbour board met and signaled that..."
    page = (*TAKE[:3], teaser, *TAKE[3:])
    comparison = compare(("a", TAKE), ("b", TAKE), ("page", page))
    take = take_of(comparison, "page")
    assert set(take.versions) == {"a", "b", "page"}
    assert [comparison.sentences()[sid].text for sid in take.not_story] == [teaser]
    own = (*TAKE[:3], teaser.replace("signaled that...", "adjourned."), *TAKE[3:])
    assert not any(t.not_story for t in compare(("a", TAKE), ("b", TAKE), ("page", own)).takes)


def test_one_other_copy_shows_a_teaser_cut_short_with_an_ellipsis():
    # A paragraph of its own ending in "..." is another story's snippet by its shape: one copy
    # that prints the paragraphs around it next to each other shows it is not the story's, and
    # the shorter copy of the opening is then the same take (a two-version report has no
    # second witness to wait for).  The same paragraph ending in a full stop stays story.
    teaser = "Those worries deepened on Tuesday when the harbour board met and signaled that..."
    full = (*TAKE[:2], teaser, *TAKE[2:])
    comparison = compare(("full", full), ("short", TAKE[:8]))
    take = take_of(comparison, "full")
    assert set(take.versions) == {"full", "short"}
    assert [comparison.sentences()[sid].text for sid in take.not_story] == [teaser]
    assert [cut.version for cut in take.cut_off] == ["short"]
    own = (*TAKE[:2], teaser.replace("signaled that...", "adjourned."), *TAKE[2:])
    assert not any(t.not_story for t in compare(("full", own), ("short", TAKE[:8])).takes)


def test_one_other_copy_does_not_make_a_sentence_glued():
    # With one other copy, an extra sentence may be the other copy's trim: it stays story.
    glued = list(TAKE)
    glued[2] = f"{TAKE[2]} {TWEET}"
    comparison = compare(("a", TAKE), ("page", tuple(glued)))
    assert all(not take.not_story for take in comparison.takes)


def test_one_sentence_added_to_an_outlets_own_page_makes_a_new_take():
    # Another outlet's copy one sentence short is a trim; the same outlet's page scraped
    # again with a sentence more is its desk's addition: a write-through.
    added = "Port managers said the first ships were turned away at dawn."
    later = (*TAKE[:6], added, *TAKE[6:])
    two_outlets = compare(
        ("wire", TAKE), ("page", later), outlets={"wire": "a.com", "page": "b.com"}
    )
    assert len(two_outlets.takes) == 1
    one_outlet = compare(
        ("early", TAKE), ("late", later), outlets={"early": "a.com", "late": "a.com"}
    )
    assert len(one_outlet.takes) == 2


def test_a_state_change_makes_two_takes():
    later = list(TAKE)
    later[7] = "The mediator met both sides on Wednesday and the talks resumed."
    later[1] = "The union said about 6,000 members had joined the strike by Tuesday."
    comparison = compare(("early", TAKE), ("late", tuple(later)))
    assert len(comparison.takes) == 2


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TRUNCATED = CORPUS / "helsinki-2018-07-15_ap-what-trump-putin-hope-to-achieve"


@pytest.mark.skipif(not TRUNCATED.is_dir(), reason="../shared/corpus is not available")
def test_the_real_truncated_copy_is_cut_off_in_its_take_and_drops_nothing():
    # The Chicago Tribune page: nine paragraphs of the AP copy, then another story's teaser.
    comparison = compare_inputs([TRUNCATED])
    tribune = take_of(comparison, "chicagotribune-com")
    assert len(tribune.versions) == len(comparison.versions) == 14
    assert len(comparison.takes) == 1
    (cut,) = tribune.cut_off
    assert cut.version == "chicagotribune-com" and cut.after_paragraph == 7
    glued = [comparison.sentences()[sid].text for sid in tribune.not_story]
    assert len(glued) == 2 and glued[0].startswith("President-elect Donald Trump")
    states = Counter(c.state for st in comparison.statements for c in st.take_cells)
    assert states["dropped"] == 0
    tribune_cells = [
        c for st in comparison.statements for c in st.cells if c.version == "chicagotribune-com"
    ]
    assert not any(c.state == "dropped" for c in tribune_cells)
    assert sum(c.state == "cut-off" for c in tribune_cells) >= 40


def test_a_rewritten_lead_over_the_same_body_is_a_new_take():
    # A write-through that keeps the body but rewrites the lead is what an editor calls a new
    # take; a lead that differs only in quote style or a word is the same take.
    rewritten = (
        "With cranes idle and ships queued, dock workers at Valmora stayed off the job on "
        "Monday, their union vowing to hold out over pay.",
        *TAKE[1:],
    )
    touched = (TAKE[0].replace("on Monday", "Monday"), *TAKE[1:])
    comparison = compare(("first", TAKE), ("rewrite", rewritten), ("copy", touched))
    assert take_of(comparison, "first") == take_of(comparison, "copy")
    assert take_of(comparison, "rewrite") != take_of(comparison, "first")


def test_a_copy_that_stops_cleanly_where_two_others_go_on_was_cut_off():
    # No glued ending and no broken sentence, but two copies of the take go on past its end:
    # outlets do not add the same paragraphs in unison, so the short copy lost them.
    comparison = compare(("full", TAKE), ("copy", TAKE), ("short", TAKE[:5]))
    assert len(comparison.takes) == 1
    (cut,) = comparison.takes[0].cut_off
    assert (cut.version, cut.after_paragraph) == ("short", 5)


def test_a_copy_that_stops_cleanly_where_one_other_goes_on_is_another_take():
    # One longer copy alone may be a write-through that added paragraphs at the end, when two
    # outlets ran the shorter text.
    comparison = compare(("full", TAKE), ("short", TAKE[:5]), ("same", TAKE[:5]))
    assert take_of(comparison, "full") != take_of(comparison, "short")
    assert not any(take.cut_off for take in comparison.takes)


def test_two_outlets_stopping_where_two_go_on_ran_a_short_first_take():
    # Two outlets end at ¶5 and two others go on with the same paragraphs: a short first take
    # and its write-through both reached the wire's outlets, neither side lost or added alone.
    outlets = {"a": "a.com", "b": "b.com", "c": "c.com", "d": "d.com"}
    comparison = compare(
        ("a", TAKE), ("b", TAKE), ("c", TAKE[:5]), ("d", TAKE[:5]), outlets=outlets
    )
    assert take_of(comparison, "c") == take_of(comparison, "d") != take_of(comparison, "a")
    assert not any(take.cut_off for take in comparison.takes)


def test_an_excerpt_that_runs_paragraphs_together_was_cut_off_however_little_follows():
    # A preview box (Yahoo's: the first paragraphs as one block under "More") stops where the
    # story goes on by two sentences only: the run-together block shows it is an excerpt.
    comparison = compare(("full", TAKE[:6]), ("preview", (" ".join(TAKE[:4]),)))
    assert len(comparison.takes) == 1
    (cut,) = comparison.takes[0].cut_off
    assert (cut.version, cut.against) == ("preview", "full")
    # A box cut to length breaks its last sentence off: that one cannot be closely worded.
    broken = " ".join((*TAKE[:3], "Port managers called the stoppage illegal and urged"))
    cut_short = compare(("full", TAKE), ("preview", (broken,)))
    assert len(cut_short.takes) == 1
    # The same four paragraphs kept apart are no excerpt: two sentences more may be a
    # write-through's.
    apart = compare(("full", TAKE[:6]), ("short", TAKE[:4]))
    assert len(apart.takes) == 2


def test_where_two_previews_stop_the_full_copy_goes_on_with_its_story_not_glue():
    # Two copies of one preview box stop inside the full copy's third paragraph: that the
    # paragraph "ends" there in two copies is their cut, not a sign that the rest is glued on.
    # (Nor, when the boxes break a sentence off, is a tail shorter than the copy before it.)
    later = "The union said the strike would go on through the weekend."
    for at in (2, 9):
        full = (*TAKE[:at], f"{TAKE[at]} {later}", *TAKE[at + 1 :])
        for preview in (" ".join(TAKE[: at + 1]), " ".join((*TAKE[:at], TAKE[at][:60]))):
            comparison = compare(("full", full), ("box", (preview,)), ("box-again", (preview,)))
            (take,) = comparison.takes
            assert take.not_story == ()
            assert {cut.version for cut in take.cut_off} == {"box", "box-again"}


def test_a_write_through_that_rewords_sentences_in_passing_is_a_new_take():
    # No new lead, no dated news, nothing added: three sentences reworded as AP's overnight
    # write-throughs do ("the country's annexation" → "its annexation"), the rest kept.
    rewritten = list(TAKE)
    rewritten[2] = (
        "Container ships lined up outside the harbour as cranes stood idle along the quays."
    )
    rewritten[6] = (
        "Exporters of fruit and flowers warned that perishable goods would spoil within days."
    )
    rewritten[8] = (
        "Truck drivers waiting at the gates said they had been warned to expect long delays."
    )
    comparison = compare(("wire", TAKE), ("rewrite", tuple(rewritten)))
    assert {take.versions for take in comparison.takes} == {("wire",), ("rewrite",)}


def test_spelling_a_dateline_and_story_codes_are_not_rewording():
    from compare.takes import _reworded

    assert not _reworded("HELSINKI (AP) — Trump landed.", "Trump landed.")
    assert not _reworded("Critics were criticising the plan.", "Critics were criticizing the plan.")
    assert not _reworded("Talks failed last week (nL8N1U7564).", "Talks failed last week.")
    assert not _reworded("Trump ’s plan was new.", "Trump's plan was new.")
    assert _reworded("The country's annexation of Crimea.", "Its annexation of Crimea.")
    assert _reworded("He has been trying to lower hopes.", "He has sought to lower hopes.")


def test_one_text_is_one_take_whatever_its_links():
    # Identical texts are one take even where the links do not show it (no lead linked here).
    from compare.segment import segment
    from compare.takes import group_takes

    same = [segment(article(name, TAKE)) for name in ("a", "b")]
    (take,) = group_takes(same, [])
    assert take.versions == ("a", "b") and take.identical == (("a", "b"),)


def test_a_caption_another_page_dropped_is_not_story_where_a_box_runs_it_in():
    # USA Today's page drops its top caption (ingest); Yahoo's box of the page runs the same
    # caption into its lead.  The caption is furniture there too, and the box one take with it.
    from compare.model import RemovedLine
    from compare.segment import segment

    caption = "The mayor attends a meeting of the harbour board in Valmora on Wednesday, July 11."
    page = Article(
        id="page",
        path="page.txt",
        text="\n\n".join(TAKE),
        removed=(RemovedLine(3, caption, "caption"),),
    )
    box = article("box", (" ".join((caption, *TAKE[:4])),))
    comparison = compare_articles(Story("strike"), [page, box])
    (take,) = comparison.takes
    (glued,) = take.not_story
    assert comparison.sentences()[glued].text == caption
    assert segment(box).sentences[0].text == caption  # it was the box's first sentence
    # The dropped caption may carry the photographer's credit that the other page sets on a
    # line of its own ("… July 11. (Jane Doe/Reuters)"): the same caption.
    credited = replace(page, removed=(RemovedLine(3, f"{caption} (Jane Doe/Reuters)", "caption"),))
    comparison = compare_articles(Story("strike"), [credited, box])
    (take,) = comparison.takes
    assert [comparison.sentences()[sid].text for sid in take.not_story] == [caption]


def headed(name: str, paragraphs: tuple[str, ...], headline: str | None) -> Article:
    return replace(article(name, paragraphs), headline=headline)


HEADLINE = "Valmora dock workers strike over pay"


def lost_top_story(top_page: tuple[str, ...], own_headline: str | None = None) -> Comparison:
    """The full page (with its headline) and a page of the take that starts at ¶4."""
    pages = [headed("full", TAKE, HEADLINE), headed("topless", top_page, own_headline)]
    return compare_articles(Story("strike"), pages)


def test_a_page_that_lost_its_top_is_one_take_with_the_page_that_has_it():
    # A page scraped from below its top: no headline, no lead, the story from ¶6 on, word for
    # word.  The five paragraphs it lacks were lost, not dropped; nothing orders the two.
    comparison = lost_top_story(TAKE[5:])
    (take,) = comparison.takes
    (top,) = take.lost_top
    assert (top.version, top.starts_at_paragraph, top.against) == ("topless", 6, "full")
    assert not take.cut_off and not take.not_story
    assert comparison.ordering.method == "none"
    # Tied copies of one take are neither "earlier" nor "later": both run take 1.
    assert [v.phase for v in comparison.versions] == ["take 1", "take 1"]
    cells = [c for st in comparison.statements for c in st.cells if c.version == "topless"]
    assert Counter(c.state for c in cells if not c.sentences) == {"cut-off": 5}
    assert not any(c.state == "dropped" for st in comparison.statements for c in st.cells)


def test_a_caption_above_where_a_topless_page_starts_is_glued_in():
    caption = "A gull perched on a bollard at dawn, seen from the north pier."
    comparison = lost_top_story((caption, *TAKE[3:]))
    (take,) = comparison.takes
    assert [comparison.sentences()[sid].text for sid in take.not_story] == [caption]
    assert [t.version for t in take.lost_top] == ["topless"]


def test_a_page_with_its_own_headline_over_a_shorter_story_is_an_earlier_take():
    # The same texts, but the shorter page has its headline: a page that was whole, and the
    # fuller one a write-through with a new top (a running file's new entries).
    comparison = lost_top_story(TAKE[3:], own_headline="Dock strike enters its second day")
    assert len(comparison.takes) == 2
    assert not any(take.lost_top for take in comparison.takes)


def test_a_page_under_another_storys_title_lost_its_top():
    # The title over the page is another story's (a related link or video the scraper kept
    # where the page's own top was): it shares nothing with the story, so the page is read as
    # one that lost its top, not as an earlier take with a headline of its own.
    comparison = lost_top_story(TAKE[3:], own_headline="Mayor opens a new library in the old town")
    (take,) = comparison.takes
    assert [top.version for top in take.lost_top] == ["topless"]


def test_a_shorter_story_with_its_dateline_kept_its_lead_and_is_an_earlier_take():
    # A story pasted without its headline still has its dateline: it did not lose its top.
    pages = [headed("full", TAKE, HEADLINE), headed("body", TAKE[3:], None)]
    pages[1] = replace(pages[1], dateline="VALMORA")
    comparison = compare_articles(Story("strike"), pages)
    assert len(comparison.takes) == 2


def test_a_topless_page_must_run_to_the_end_of_the_other():
    # It starts at ¶4 but stops at ¶9 where the other goes on: an excerpt, not one take.
    comparison = lost_top_story(TAKE[3:9])
    assert len(comparison.takes) == 2
    assert not any(take.lost_top for take in comparison.takes)


def test_a_topless_page_that_stops_where_two_copies_go_on_lost_its_end_too():
    # Caught in the middle by the scraper: it starts at ¶6 and stops at ¶9 of a take that two
    # copies carry on to ¶12.  Measured from where it starts (not from the top it lost, which
    # would make it no prefix at all), it stops where they go on, and outlets do not add
    # paragraphs in unison: one take.
    pages = [
        headed("full", TAKE, HEADLINE),
        headed("copy", TAKE, None),
        headed("middle", TAKE[5:9], None),
    ]
    comparison = compare_articles(Story("strike"), pages)
    (take,) = comparison.takes
    assert [(t.version, t.starts_at_paragraph) for t in take.lost_top] == [("middle", 6)]
    assert [(c.version, c.after_paragraph) for c in take.cut_off] == [("middle", 4)]
    assert comparison.ordering.method == "none"
    assert not any(c.state == "dropped" for st in comparison.statements for c in st.cells)


def test_a_topless_page_that_fits_two_takes_joins_one_and_keeps_them_apart():
    # Two takes with different leads (a write-through's new top) and the same story below,
    # and a page scraped from below the tops: it fits both, so it joins one of them, never
    # making one take of the two.
    new_top = "Port managers said on Tuesday that the strike had cost exporters millions."
    pages = [
        headed("first", TAKE, HEADLINE),
        headed("second", (new_top, *TAKE[1:]), "Valmora dock strike costs millions"),
        headed("topless", TAKE[5:], None),
    ]
    comparison = compare_articles(Story("strike"), pages)
    assert sorted(len(take.versions) for take in comparison.takes) == [1, 2]
    (joined,) = (take for take in comparison.takes if "topless" in take.versions)
    assert [top.version for top in joined.lost_top] == ["topless"]


def test_a_topless_page_that_rewords_is_another_take():
    # Below where it starts it rewords three sentences: a write-through, not a scrape.
    words = {4: ("broke down", "collapsed"), 6: ("warned", "cautioned"), 8: ("long", "lengthy")}
    reworded = tuple(
        TAKE[at].replace(*words[at]) if at in words else TAKE[at] for at in range(3, len(TAKE))
    )
    comparison = lost_top_story(reworded)
    assert len(comparison.takes) == 2


def test_lost_tops_reach_report_json_page_one_and_read_back():
    comparison = lost_top_story(TAKE[3:])
    data = to_dict(comparison)
    (take,) = data["takes"]
    assert take["lost_top"] == [{"version": "topless", "starts_at_paragraph": 4, "against": "full"}]
    assert to_dict(from_dict(data)) == data
    view = build_view(comparison)
    assert any("topless lost its top: it starts at ¶4 of full" in n for n in view.takes_notes)
    (topless,) = (v for v in view.versions if v.id == "topless")
    assert topless.starts_at_paragraph == 4


def test_a_topless_page_needs_the_other_page_to_show_its_top():
    # Neither page has a headline (a live page's two states, both scraped without one): the
    # fuller one's top may be new entries, not what the shorter one lost.
    pages = [headed("full", TAKE, None), headed("topless", TAKE[3:], None)]
    comparison = compare_articles(Story("strike"), pages)
    assert len(comparison.takes) == 2


def test_what_a_topless_page_printed_above_and_inside_its_story_is_no_news_of_its_own():
    # A caption above where it starts and another inside, of a dated event: still one take.
    above = "A gull perched on a bollard at dawn, seen from the north pier."
    inside = "Crowds gathered outside the ministry building on Tuesday."
    page = (above, *TAKE[3:7], inside, *TAKE[7:])
    (take,) = lost_top_story(page).takes
    assert [t.version for t in take.lost_top] == ["topless"]


def test_the_unique_list_says_which_truncated_copy_lost_a_sentence():
    view = build_view(cut_story())
    full = next(v for v in view.versions if v.id == take_of(cut_story(), "cut").cut_off[0].against)
    notes = [s.lost_note for s in full.sentences]
    assert notes[:4] == [None] * 4  # the cut copy carries these
    assert set(notes[4:]) == {"not in cut's copy, cut off before it"}
    view = build_view(lost_top_story(TAKE[3:]))
    (full,) = (v for v in view.versions if v.id == "full")
    assert [s.lost_note for s in full.sentences[:4]] == [
        "not in topless's copy, which lost its top"
    ] * 3 + [None]


def test_two_scrapes_of_one_outlet_are_told_apart_by_id_in_the_notes():
    pages = [
        replace(headed("nbc_0951", TAKE, HEADLINE), outlet="nbcnews.com"),
        replace(headed("nbc_1044", TAKE[3:], None), outlet="nbcnews.com"),
    ]
    view = build_view(compare_articles(Story("strike"), pages))
    assert "nbc_1044 lost its top: it starts at ¶4 of nbc_0951" in " ".join(view.takes_notes)
    # The same page scraped twice, word for word, beside another outlet's copy of the take.
    twice = [
        replace(headed("herald_0644", TAKE, HEADLINE), outlet="miamiherald.com"),
        replace(headed("herald_1933", TAKE, HEADLINE), outlet="miamiherald.com"),
        replace(
            headed("observer", (*TAKE[:2], TAKE[2].replace("on", "along"), *TAKE[3:]), HEADLINE),
            outlet="charlotteobserver.com",
        ),
    ]
    view = build_view(compare_articles(Story("strike"), twice))
    assert "Same text word for word: herald_0644, herald_1933." in view.takes_notes


def test_copies_cut_off_before_one_sentence_are_named_together():
    outlets = {"full": "wire", "short": "a.com", "longer": "b.com"}
    story = compare(("full", TAKE), ("short", TAKE[:5]), ("longer", TAKE[:7]), outlets=outlets)
    (full,) = (v for v in build_view(story).versions if v.id == "full")
    notes = [s.lost_note for s in full.sentences]
    assert notes[5:7] == ["not in a.com's copy, cut off before it"] * 2
    (both,) = set(notes[7:])  # in the take's (time) order of the copies
    assert both in {
        "not in a.com's and b.com's copies, cut off before it",
        "not in b.com's and a.com's copies, cut off before it",
    }
