"""compare.rewrites on copies: each distinct pair is worked out once and renamed, with the
same links as working out every pair."""

from __future__ import annotations

from compare.align import AlignOptions, align
from compare.model import Article, Link
from compare.rewrites import rewrite_links
from compare.segment import segment

EARLY = (
    "President Donald Trump and Russian President Vladimir Putin arrived in Helsinki on Monday. "
    "The two leaders are ready to go one-on-one, with only interpreters in the room. "
    "Trump has said he expects to discuss Syria, Ukraine and nuclear arms."
)
LATE = (
    "President Donald Trump and Russian President Vladimir Putin met in Helsinki on Monday. "
    "The two leaders then talked one on one behind closed doors for two-plus hours, with only "
    "interpreters present. "
    "Trump has said he expects to discuss Syria, Ukraine and nuclear arms."
)


def versions(*texts: tuple[str, str]) -> list[Article]:
    return [segment(Article(id=vid, path=f"{vid}.txt", text=text)) for vid, text in texts]


def version(sentence_id: str) -> str:
    return sentence_id.rsplit("-s", 1)[0]


def pairs(links: list[Link]) -> set[tuple[str, str]]:
    return {(link.source, link.target) for link in links}


def added(articles: list[Article], links: list[Link]) -> list[Link]:
    """The links rewrite_links adds to ``links`` (it returns them all)."""
    known = {(link.source, link.target) for link in links}
    return [k for k in rewrite_links(articles, links) if (k.source, k.target) not in known]


def linked(links: list[Link]) -> set[frozenset[str]]:
    return {frozenset((link.source, link.target)) for link in links}


def test_copies_get_the_rewrite_of_their_originals_renamed():
    articles = versions(("a", EARLY), ("a2", EARLY), ("b", LATE), ("b2", LATE))
    links = align(articles, AlignOptions())
    found = added(articles, links)
    # Every early × late pair, alone, gives the same one rewrite at the same places.
    each = set()
    for early in ("a", "a2"):
        for late in ("b", "b2"):
            two = [x for x in articles if x.id in (early, late)]
            (link,) = added(
                two, [k for k in links if {version(k.source), version(k.target)} <= {early, late}]
            )
            each.add((link.source, link.target))
    assert each == {(f"{e}-s1", f"{x}-s1") for e in ("a", "a2") for x in ("b", "b2")}
    assert pairs(found) == each
    assert len(found) == 4


def test_copies_linked_at_other_places_are_worked_out_apart():
    # Same texts, but one pair of copies already has the rewritten sentences linked (say by an
    # editor): no rewrite there, while the other pair still gets one.
    articles = versions(("a", EARLY), ("a2", EARLY), ("b", LATE), ("b2", LATE))
    links = [
        Link("a-s0", "b-s0", "shared", 0.8),
        Link("a-s2", "b-s2", "shared", 1.0),
        Link("a2-s0", "b2-s0", "shared", 0.8),
        Link("a2-s1", "b2-s1", "shared", 0.5),
        Link("a2-s2", "b2-s2", "shared", 1.0),
    ]
    found = added(articles, links)
    assert ("a-s1", "b-s1") in pairs(found)
    assert ("a2-s1", "b2-s1") not in pairs(found)
    assert {("a-s1", "b2-s1"), ("a2-s1", "b-s1")} <= pairs(found)  # those pairs have no links


# A preview's one-sentence schedule that a later take splits: the second half kept, the
# first reported done in the lead (the aligner links the kept half only).
SCHEDULE = (
    "Trump and Putin arrived in Helsinki on Monday. "
    "The two leaders first meet one-on-one in the palace's opulent Gothic Hall, then continue "
    "their discussions with their broader delegations over a working lunch. "
    "The Kremlin has said no agreements will be signed."
)
UNDER_WAY = (
    "With that, the two leaders gave a quick handshake and their private meeting in the "
    "opulent Gothic Hall was under way. "
    "Trump and Putin arrived in Helsinki on Monday. "
    "The Kremlin has said no agreements will be signed. "
    "They'll continue their discussions with their broader delegations over a working lunch."
)


def test_the_rest_of_a_split_schedule_is_linked_to_its_rewrite_elsewhere():
    articles = versions(("preview", SCHEDULE), ("later", UNDER_WAY))
    links = align(articles, AlignOptions())
    assert frozenset(("preview-s1", "later-s3")) in linked(links)  # the kept half, by the aligner
    assert frozenset(("preview-s1", "later-s0")) not in linked(links)
    every = rewrite_links(articles, links)
    (rewrite,) = added(articles, links)
    assert {rewrite.source, rewrite.target} == {"preview-s1", "later-s0"}
    # Both halves are one split of the preview's sentence, whichever way each link points.
    halves = [k for k in every if "preview-s1" in (k.source, k.target)]
    assert len(halves) == 2
    for half in halves:
        assert half.kind == ("split" if half.source == "preview-s1" else "merge")
    assert [k for k in every if "preview-s1" not in (k.source, k.target)] == [
        k for k in links if "preview-s1" not in (k.source, k.target)
    ]


def test_a_split_rest_needs_more_than_a_word_in_common_with_its_rewrite():
    # The rest of the preview's sentence ("taking questions") shares one word with a later
    # sentence that reports something done: a topic, not the same statement.
    preview = (
        "Trump and Putin arrived in Helsinki on Monday. "
        "The leaders will conclude by taking questions at a joint news conference. "
        "The Kremlin has said no agreements will be signed."
    )
    later = (
        "Reporters shouted questions. "
        "Trump and Putin arrived in Helsinki on Monday. "
        "The Kremlin has said no agreements will be signed. "
        "The leaders will conclude at a joint news conference."
    )
    articles = versions(("preview", preview), ("later", later))
    links = align(articles, AlignOptions())
    assert frozenset(("preview-s1", "later-s3")) in linked(links)
    assert rewrite_links(articles, links) == links


def test_a_split_rewrite_puts_both_halves_in_the_statement_and_reads_updated():
    from compare.model import Story
    from compare.pipeline import compare_articles

    comparison = compare_articles(
        Story("s"),
        [
            Article(id="preview", path="p.txt", text=SCHEDULE),
            Article(id="later", path="l.txt", text=UNDER_WAY),
        ],
    )
    assert [v.id for v in comparison.versions] == ["preview", "later"]
    (statement,) = [
        st for st in comparison.statements if any("preview-s1" in c.sentences for c in st.cells)
    ]
    first, later = statement.cells
    assert (first.state, later.state) == ("first", "updated")
    assert set(later.sentences) == {"later-s0", "later-s3"}


def test_an_old_lead_split_into_a_new_top_and_its_background_is_linked_to_the_new_top():
    # A write-through's new top: the old lead's plan ("are ready to go one-on-one") became the
    # new lead's news ("arrived … for a long-awaited summit"), and its background clause went
    # on as a sentence of its own, which the aligner links.  The rest shares only three words
    # with the new lead (too few a share for a rewrite anywhere else), but both lead their
    # versions.
    early = (
        "With rattled capitals watching, the two presidents are ready to go one-on-one in a "
        "summit that plays out against a backdrop of fraying alliances, a widening inquiry into "
        "election meddling and fears that aggression may go unpunished. "
        "The meeting was condemned in advance by lawmakers from both parties.\n\n"
        "The leaders will then take questions at a news conference."
    )
    late = (
        "Both leaders arrived Monday at the lakeside palace for a long-awaited summit, hours "
        "after a public quarrel over election meddling, sanctions and trade tariffs that "
        "rattled markets. "
        "The drama was playing out against a backdrop of fraying alliances, a widening inquiry "
        "and fears that aggression may go unpunished.\n\n"
        "The meeting was condemned in advance by lawmakers from both parties.\n\n"
        "The leaders will then take questions at a news conference."
    )
    articles = versions(("early", early), ("late", late))
    links = align(articles, AlignOptions())
    assert frozenset(("early-s0", "late-s1")) in linked(links)
    (rewrite,) = added(articles, links)
    assert (rewrite.source, rewrite.target, rewrite.kind) == ("early-s0", "late-s0", "split")
    # The same two sentences further down are no new top: their share is too small.
    moved = versions(
        ("early", f"The port reopened on Sunday. {early}"),
        ("late", f"The port reopened on Sunday. {late}"),
    )
    assert added(moved, align(moved, AlignOptions())) == []
