"""Stage 3, many versions: the links of every pair without aligning every pair.

Each test compares compare.align_many.align_versions with compare.align.align, which aligns
every pair of versions with nothing remembered: the two must give the same links, in the same
order, while align_versions aligns fewer pairs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import compare.align
from compare.align import AlignOptions, PairAligner, align
from compare.align_many import RememberingAligner, align_versions, copy_key
from compare.ingest import read_story
from compare.model import Article
from compare.segment import segment

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
HOPE = CORPUS / "helsinki-2018-07-15_ap-what-trump-putin-hope-to-achieve"
RUSSIAN_MEDIA = CORPUS / "helsinki-2018-07-16_ap-trump-wins-sympathy-russian-media"

PORT = (
    "Dock workers at the port of Valmere walked off the job on Tuesday, halting cargo traffic.",
    "The union said the strike would last until the harbour authority restores night pay.",
    "Three container ships were waiting offshore by the evening, officials said.",
    "The authority called the walkout illegal and said it would seek a court order.",
    "A spokesman said talks could resume on Friday if the union returned to work first.",
    "Farmers fear their winter produce will rot on the quay.",
    "The last strike at Valmere, in 2015, lasted eleven days.",
)
TEASER = "Read more: Why the harbour authority's budget has doubled since 2019."


def version(version_id: str, *paragraphs: str) -> Article:
    return segment(Article(id=version_id, path=f"{version_id}.txt", text="\n\n".join(paragraphs)))


def read(folder: Path) -> list[Article]:
    _, articles = read_story([folder])
    return [segment(article) for article in articles]


def counted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The version pairs PairAligner.align is called on, from now on."""
    calls: list[tuple[str, str]] = []
    real = PairAligner.align

    def counting(self: PairAligner, left: str, right: str) -> list:
        calls.append((left, right))
        return real(self, left, right)

    monkeypatch.setattr(PairAligner, "align", counting)
    return calls


def many_copies() -> list[Article]:
    """Eleven versions of one written story: word-for-word copies (one with paragraphs broken
    differently), cut-off copies, one with a teaser glued on, one with a sentence retouched,
    and a later take that rewrites and adds."""
    full = "\n\n".join(PORT)
    broken = PORT[0] + "\n\n" + " ".join(PORT[1:3]) + "\n\n" + "\n\n".join(PORT[3:])
    later = (
        PORT[0].replace("on Tuesday", "on Tuesday and Wednesday"),
        "Five container ships were waiting offshore on Wednesday, officials said.",
        *PORT[3:5],
        "A judge ordered the workers back on Wednesday evening.",
        PORT[6],
    )
    texts = {
        "wire": full,
        "courier": full,
        "gazette": broken,
        "herald": "\n\n".join(PORT[:4]),
        "post": "\n\n".join(PORT[:4]),
        "ledger": "\n\n".join(PORT[:2]),
        "times": full + "\n\n" + TEASER,
        "tribune": full.replace("Farmers fear", "Farmers say they fear"),
        "news": "\n\n".join(later),
        "daily": "\n\n".join(later),
        "echo": full,
    }
    return [version(name, text) for name, text in texts.items()]


def test_copies_take_the_representatives_links_and_every_link_is_the_all_pairs_one(
    monkeypatch: pytest.MonkeyPatch,
):
    articles = many_copies()
    groups = {copy_key(a) for a in articles}
    assert len(groups) == 6  # wire = courier = gazette = echo, herald = post, news = daily
    expected = align(articles, AlignOptions())
    calls = counted(monkeypatch)
    assert align_versions(articles, AlignOptions()) == expected
    # Each pair of groups aligned at most once each way round, and one pair within each of
    # the 3 groups of copies: not 55 pairs.
    assert len(calls) == len(set(calls)) <= 6 * 5 + 3 < 55


def test_links_in_the_same_order_whatever_order_the_versions_come_in():
    articles = many_copies()
    assert align_versions(articles[::-1], AlignOptions()) == align(articles, AlignOptions())


@pytest.mark.parametrize(
    "options",
    [
        AlignOptions(link_threshold=0.0),
        AlignOptions(candidates=1, split_containment=0.3),
        AlignOptions(min_distinctive=1, background_weight=1.0),
    ],
)
def test_the_same_links_under_other_options(options: AlignOptions):
    articles = many_copies()
    assert align_versions(articles, options) == align(articles, options)


def test_the_same_links_with_the_sentence_encoder():
    # Sentence vectors come from each sentence's text too: remembering by text stays exact.
    pytest.importorskip("wordllama")
    articles = many_copies()
    options = AlignOptions(semantic_weight=0.4)
    assert align_versions(articles, options) == align(articles, options)


def test_remembered_steps_give_each_pair_the_links_of_a_fresh_alignment():
    # Every pair aligned directly (no groups): what RememberingAligner recalls of earlier
    # pairs (candidates, similarities, matchings) must change no link.
    articles = many_copies()
    fresh = PairAligner(articles, AlignOptions())
    remembering = RememberingAligner(articles, AlignOptions())
    ids = sorted(a.id for a in articles)
    for left in ids:
        for right in ids:
            if left != right:
                assert remembering.align(left, right) == fresh.align(left, right)


def test_a_repeated_sentence_keeps_its_tie_broken_the_same_way():
    # A version that prints one sentence twice: the matching breaks the tie by position, and
    # a component recalled from another pair must be solved for the same positions.
    twice = (PORT[0], PORT[2], PORT[1], PORT[2])
    articles = [
        version("twice", *twice),
        version("once", *PORT[:3]),
        version("again", *PORT[:3]),
        version("twice-again", *twice),
    ]
    assert align_versions(articles, AlignOptions()) == align(articles, AlignOptions())


def test_the_retrieval_index_is_built_once_per_version(monkeypatch: pytest.MonkeyPatch):
    built: list[str] = []
    real = compare.align._indexed

    def counting(scorer, article):
        built.append(article.id)
        return real(scorer, article)

    monkeypatch.setattr(compare.align, "_indexed", counting)
    articles = many_copies()
    align(articles, AlignOptions())
    assert sorted(built) == sorted(a.id for a in articles)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
@pytest.mark.parametrize("folder", [HOPE, RUSSIAN_MEDIA], ids=lambda p: p.name[:30])
def test_real_corpus_stories_get_the_all_pairs_links(folder: Path, monkeypatch):
    articles = read(folder)
    expected = align(articles, AlignOptions())
    calls = counted(monkeypatch)
    assert align_versions(articles, AlignOptions()) == expected
    pairs = len(articles) * (len(articles) - 1) // 2
    if folder == HOPE:  # 14 pages, 5 texts: 9 copies of one, 2 of another
        assert len({copy_key(a) for a in articles}) == 5
        assert len(calls) <= 5 * 4 + 2 < pairs


def test_written_five_takes_get_the_all_pairs_links():
    # The last take run by two outlets word for word (tests/fixtures/five-takes).
    articles = read(ROOT / "tests" / "fixtures" / "five-takes")
    assert align_versions(articles, AlignOptions()) == align(articles, AlignOptions())


def test_a_matching_is_recalled_only_for_the_same_gains():
    # Two near-identical sentences, in one order and then the other: both pairs' components
    # have the same shape (2 × 2, every cell a candidate) but opposite best matchings.
    night = PORT[1]
    weekend = PORT[1].replace("night pay", "weekend pay")
    articles = [
        version("a", night, weekend),
        version("b", night, weekend),
        version("c", weekend, night),
    ]
    links = align_versions(articles, AlignOptions())
    assert links == align(articles, AlignOptions())
    text = {s.id: s.text for a in articles for s in a.sentences}
    assert all(text[k.source] == text[k.target] for k in links)
