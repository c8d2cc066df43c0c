"""Fixtures shared by several test modules.

The render tests' comparisons are built by hand here, so those tests never depend on
ingest/align/classify; the ``make_*`` fixtures hand out the builders, for tests that vary them.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from support import CHROMIUM, CHROMIUM_ARGS, unavailable

from compare.collate import collate
from compare.model import (
    Article,
    Comparison,
    Cue,
    Heading,
    Link,
    Ordering,
    RemovedLine,
    Sentence,
    Story,
)
from compare.render.view import ReportView, build_view
from compare.resources import sample_story_dir
from compare.takes import group_takes, in_time_order

FIVE_TAKES = Path(__file__).resolve().parent / "fixtures" / "five-takes"


@pytest.fixture(scope="session")
def dashboard_stories(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch INPUT for the dashboard tests: the five-take story, the reference story, and a
    folder with one version only (a story that fails).  Read-only: batches write elsewhere."""
    stories = tmp_path_factory.mktemp("dashboard") / "stories"
    shutil.copytree(FIVE_TAKES, stories / "five")
    shutil.copytree(sample_story_dir(), stories / "summit")
    (stories / "lonely").mkdir()
    shutil.copy(sample_story_dir() / "dhaka.txt", stories / "lonely")
    return stories


# Hand-built comparisons -------------------------------------------------------------------

HOSTILE_SCRIPT = "<script>alert(1)</script> was posted by a reader."
HOSTILE_IMG = 'Officials shared <img src=x onerror="alert(2)"> online.'


def _article(version: str, paragraphs: list[list[str]], **meta: object) -> Article:
    """An Article whose sentences are real views into its text, paragraph by paragraph."""
    text, sentences, offset = "", [], 0
    for number, paragraph in enumerate(paragraphs):
        if number:
            text += "\n\n"
        for position, sentence in enumerate(paragraph):
            if position:
                text += " "
            start = len(text)
            text += sentence
            sentences.append(
                Sentence(
                    id=f"{version}-s{offset}",
                    version=version,
                    index=offset,
                    paragraph=number,
                    start=start,
                    end=len(text),
                    text=sentence,
                )
            )
            offset += 1
    return Article(id=version, path=f"{version}.txt", text=text, sentences=tuple(sentences), **meta)


def _comparison() -> Comparison:
    early = _article(
        "dhaka",
        [
            ["Putin will meet Kim in Pyongyang on Wednesday, the Kremlin said."],
            ["The two leaders are expected to sign a partnership treaty."],
            ["Ushakov said the visit would last two days.", HOSTILE_SCRIPT],
        ],
        headline="Putin heads to North Korea",
        outlet="Dhaka Tribune",
        dateline="MOSCOW",
        published="2024-06-19T12:27",
        published_source="article",
        phase="pre-summit",
        removed=(
            RemovedLine(1, "LATEST NEWS", "navigation"),
            RemovedLine(4, "- Advertisement -", "advertisement"),
        ),
        headings=(Heading(2, "Arsenal for autocracy"),),
    )
    late = _article(
        "manila",
        [
            ["Putin and Kim signed a strategic partnership treaty in Pyongyang on Wednesday."],
            ["Ushakov said the visit would last two days."],
            [HOSTILE_IMG],
        ],
        headline="Putin, Kim ink strategic alliance treaty",
        outlet=None,
        phase="post-treaty",
        url="https://example.org/putin-kim",
        removed=(RemovedLine(3, "Sunday, November 24, 2024", "page-date"),),
    )
    links = (
        Link("dhaka-s2", "manila-s1", "shared", 1.0),
        Link(
            "dhaka-s1",
            "manila-s0",
            "updated",
            0.62,
            cues=(Cue("outcome", "are expected to sign", "signed"),),
        ),
    )
    ordering = Ordering("published", 0.8, ("dhaka states 12:27, 19 June 2024",))
    return _taken(
        Comparison(
            Story("putin-kim", "Putin and Kim sign a treaty"), (early, late), links, ordering
        )
    )


def _taken(comparison: Comparison) -> Comparison:
    """The comparison with its takes, as the pipeline's takes stage groups them."""
    versions = comparison.versions
    return replace(
        comparison, takes=in_time_order(group_takes(versions, comparison.links), versions)
    )


SUBJECTS = (
    "The council", "Officials", "The mayor", "Residents", "Engineers", "The ministry",
    "Witnesses", "The company", "Police", "Analysts", "The union", "Doctors",
)  # fmt: skip
LONG_SENTENCE_WORDS = 260  # one sentence taller than a page column: its row must break


def _long_sentence(number: int, subject: str, words: int = 14) -> str:
    """A sentence whose first four words are unique in the story ("Item 17: The council …")."""
    filler = " ".join(f"detail{n}" for n in range(words))
    return f"Item {number}: {subject} said on Tuesday that {filler} would follow."


def _long_comparison(total: int = 200) -> Comparison:
    """Two versions, ``total`` sentences in all: most shared, some updated (with cues), some
    moved, a handful unique on each side, one sentence longer than a page column."""
    early_count = total // 2 + 10
    early = [
        _long_sentence(
            i, SUBJECTS[i % len(SUBJECTS)], LONG_SENTENCE_WORDS if i == 40 else 10 + i % 9
        )
        for i in range(early_count)
    ]
    kept = [i for i in range(early_count) if i % 7 != 3]  # every seventh sentence is cut
    kept = kept[: total - early_count - 12]
    # Move a few statements to the top, as a later take does with news that happened.
    moved = [i for i in kept if i % 31 == 5]
    kept = moved + [i for i in kept if i not in moved]
    late_texts, links = [], []
    for position, i in enumerate(kept):
        if i % 11 == 2:  # an update: the statement reaches a new state
            late_texts.append(early[i].replace("would follow", "followed"))
            cues = (Cue("tense", "would follow", "followed"),)
            links.append(Link(f"early-s{i}", f"late-s{position}", "updated", 0.8, cues=cues))
        else:
            late_texts.append(early[i])
            links.append(Link(f"early-s{i}", f"late-s{position}", "shared", 1.0))
    late_texts += [
        _long_sentence(1000 + n, SUBJECTS[n % len(SUBJECTS)])
        for n in range(total - early_count - len(kept))
    ]

    def paragraphs(texts: list[str]) -> list[list[str]]:
        return [texts[at : at + 2] for at in range(0, len(texts), 2)]

    return Comparison(
        Story("long-story", "A long story: two hundred sentences in two versions"),
        (
            _article(
                "early",
                paragraphs(early),
                headline="Council weighs the plan",
                outlet="Early Wire",
                phase="before",
            ),
            _article(
                "late",
                paragraphs(late_texts),
                headline="Council adopts the plan",
                outlet="Late Post",
                phase="after",
            ),
        ),
        tuple(links),
        Ordering("published", 0.9, ("early states 09:00, late 18:00",)),
    )


def _take_cells(comparison: Comparison) -> dict[tuple[str, str], bool]:
    """(statement id, take id) → whether any version of the take carries the statement:
    worked out from the model, independently of the view."""
    return {
        (statement.id, take.id): any(
            cell.sentences for cell in statement.cells if cell.version in take.versions
        )
        for statement in comparison.statements
        for take in comparison.takes
    }


def _three(**options: object) -> Comparison:
    """Three hand-made versions whose statements are known (see the similarity test)."""
    a = _article(
        "alpha",
        [
            ["The mayor opened the new bridge over the river on Monday."],
            ["Traffic on the old crossing fell by half within hours."],
            ["The bridge cost 40 million euros."],
            ["Local schools closed for the ceremony."],
        ],
        outlet="Alpha Daily",
        published="2024-05-01T09:00",
        **options,
    )
    b = _article(
        "beta",
        [
            ["The mayor opened the new bridge over the river on Monday morning."],
            ["Traffic on the old crossing fell by half within two hours."],
            ["Cyclists welcomed the wider lanes."],
        ],
        outlet="Beta Post",
        published="2024-05-01T12:00",
    )
    c = _article(
        "gamma",
        [
            ["The mayor opened the new bridge over the river on Monday, officials said."],
            ["A second bridge is planned for 2027."],
        ],
        outlet="Gamma Times",
        published="2024-05-01T15:00",
    )
    links = (
        Link("alpha-s0", "beta-s0", "shared", 0.7),
        Link("alpha-s1", "beta-s1", "shared", 0.7),
        Link("beta-s0", "gamma-s0", "shared", 0.7),
    )
    ordering = Ordering("published", 0.9, ("stated times",))
    return collate(_taken(Comparison(Story("bridge", "Bridge opens"), (a, b, c), links, ordering)))


def _many(takes: int = 12, statements: int = 64) -> Comparison:
    """``takes`` versions, none a near-duplicate of another (links score below the take
    threshold), ``statements`` statements entering and leaving, every fifth with a figure that
    grows each take (an update chain)."""
    versions = []
    for t in range(takes):
        texts = []
        for i in range(statements):
            start = 0 if i < statements // 2 else 1 + i % (takes - 1)
            end = takes if i % 4 else max(start + 1, takes - 1 - i % 3)
            if start <= t < end:
                figure = f", where {3 + t} people were hurt" if i % 5 == 0 else ""
                texts.append(f"Item {i}: {SUBJECTS[i % len(SUBJECTS)]} said on Tuesday{figure}.")
        versions.append(
            _article(
                f"v{t:02d}", [texts], outlet=f"Outlet {t + 1}", published=f"2024-05-{t + 1:02d}"
            )
        )
    links = []
    for earlier, later in pairwise(versions):
        position = {s.text.split(":")[0]: s.id for s in later.sentences}
        for s in earlier.sentences:
            if (target := position.get(s.text.split(":")[0])) is not None:
                links.append(Link(s.id, target, "shared", 0.7))
    ordering = Ordering("published", 0.9, ("stated times",))
    comparison = Comparison(Story("many", "Many takes"), tuple(versions), tuple(links), ordering)
    return collate(_taken(comparison))


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> and <style>."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.bodies: dict[str, list[str]] = {"script": [], "style": []}
        self._open: str | None = None
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in self.bodies else None

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.bodies[self._open].append(data)


@pytest.fixture(scope="session")
def make_article() -> Callable[..., Article]:
    return _article


@pytest.fixture(scope="session")
def make_comparison() -> Callable[[], Comparison]:
    return _comparison


@pytest.fixture(scope="session")
def make_long_comparison() -> Callable[..., Comparison]:
    return _long_comparison


@pytest.fixture(scope="session")
def make_three() -> Callable[..., Comparison]:
    return _three


@pytest.fixture(scope="session")
def make_many() -> Callable[..., Comparison]:
    return _many


@pytest.fixture(scope="session")
def take_cells() -> Callable[[Comparison], dict[tuple[str, str], bool]]:
    return _take_cells


@pytest.fixture(scope="session")
def html_tags() -> type[_Tags]:
    """The parser that lists a page's start tags and its script and style text."""
    return _Tags


@pytest.fixture(scope="session")
def comparison() -> Comparison:
    """Two versions of the reference story, by hand: an update, a shared statement, hostile
    markup in the text, removed lines and a crosshead."""
    return _comparison()


# The five-take fixture, through the whole pipeline -------------------------------------------


@pytest.fixture(scope="session")
def five() -> Comparison:
    from compare.pipeline import compare_inputs

    return compare_inputs([FIVE_TAKES])


@pytest.fixture(scope="session")
def five_view(five) -> ReportView:
    return build_view(five)


@pytest.fixture(scope="session")
def five_html(five_view) -> str:
    from compare.render.html import render_html

    return render_html(five_view)


@pytest.fixture(scope="session")
def five_pdf(five_view) -> bytes:
    from compare.render.pdf import render_pdf

    return render_pdf(five_view)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
