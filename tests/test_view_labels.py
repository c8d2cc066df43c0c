"""One label per sentence, decided once (compare.model.Comparison.label): report.json, the HTML
and the PDF never disagree on which sentences one version alone carries."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from io import BytesIO

from pypdf import PdfReader

from compare.collate import collate
from compare.model import Comparison, Link, Ordering, Story
from compare.render import write_reports
from compare.render.html import render_html
from compare.render.view import build_view
from compare.takes import group_takes, in_time_order


class _UniqueItems(HTMLParser):
    """The sentence ids the "Only in one version" section lists, and that section's headings."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.listed: list[str] = []
        self.headings: list[str] = []
        self._in_unique = False
        self._heading: list[str] | None = None
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section":
            self._in_unique = found.get("id") == "unique"
        if not self._in_unique:
            return
        if tag == "li" and "unique-item" in (found.get("class") or ""):
            self.listed.append(found["data-sid"] or "")
        if tag == "h3":
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3" and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


def _refused_join(make_article) -> Comparison:
    """Three versions linked a0–b0, b0–c0 and a1–c0, weakest last: collate refuses the last
    join (it would put a0 and a1, one version's two sentences, into one statement), so a1
    keeps its link but no other version carries its statement."""
    alpha = make_article(
        "alpha",
        [
            ["The mayor opened the new bridge over the river on Monday."],
            ["Its builders were paid forty million euros for the work."],
        ],
        outlet="Alpha Daily",
        published="2024-05-01T09:00",
    )
    beta = make_article(
        "beta",
        [
            ["The mayor opened the new bridge over the river on Monday morning."],
            ["Cyclists welcomed the wider lanes."],
        ],
        outlet="Beta Post",
        published="2024-05-01T12:00",
    )
    gamma = make_article(
        "gamma",
        [
            ["The mayor opened the bridge on Monday, officials said."],
            ["A second crossing is planned for 2027."],
        ],
        outlet="Gamma Times",
        published="2024-05-01T15:00",
    )
    links = (
        Link("alpha-s0", "beta-s0", "shared", 0.75),
        Link("beta-s0", "gamma-s0", "shared", 0.7),
        Link("alpha-s1", "gamma-s0", "shared", 0.5),
    )
    versions = (alpha, beta, gamma)
    comparison = Comparison(
        Story("bridge", "Bridge opens"),
        versions,
        links,
        Ordering("published", 0.9, ("stated times",)),
        takes=in_time_order(group_takes(versions, links), versions),
    )
    return collate(comparison)


def test_every_output_gives_a_sentence_the_same_label(tmp_path, make_article):
    comparison = _refused_join(make_article)
    (alone,) = [st for st in comparison.statements if "alpha-s1" in st.cells[0].sentences]
    assert alone.carriers == ("alpha",)  # the join was refused: a1 is its statement's only carrier
    assert any(link.source == "alpha-s1" for link in comparison.links)  # though it has a link

    paths = write_reports(comparison, tmp_path, ["json", "html", "pdf"])
    report = json.loads(paths[0].read_text(encoding="utf-8"))
    labels = {s["id"]: s["label"] for v in report["versions"] for s in v["sentences"]}
    assert labels["alpha-s1"] == "unique"
    unique = {sid for sid, label in labels.items() if label == "unique"}
    assert unique == {"alpha-s1", "beta-s1", "gamma-s1"}

    # The HTML's "Only in one version" lists exactly those, under headings that count them as
    # report.json's summary does; the print view (what the PDF lays out) says the same.
    counts = report["summary"]["versions"]
    names = {v["id"]: v["outlet"] for v in report["versions"]}
    headings = [
        f"{names[vid]}: {c['unique']} of {c['sentences']} sentences unique"
        for vid, c in counts.items()
    ]
    for page in (
        paths[1].read_text(encoding="utf-8"),
        render_html(build_view(comparison), medium="print"),
    ):
        items = _UniqueItems(page)
        assert sorted(items.listed) == sorted(unique)
        assert items.headings == headings
        assert "3 in one version only" in page  # page 1 counts the same statements

    # The PDF: the section lists the text of every unique sentence and of no other.
    reader = PdfReader(BytesIO(paths[2].read_bytes()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    section = text[text.rindex("Only in one version") : text.index("Appendix: page furniture")]
    for version in comparison.versions:
        for sentence in version.sentences:
            listed = " ".join(sentence.text.split()) in section
            assert listed == (labels[sentence.id] == "unique"), sentence.id
    for heading in headings:
        assert heading in section
    assert "3 in one version only" in text  # page 1 counts the same statements
