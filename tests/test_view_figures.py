"""The figures (compare.render.svg, fed by compare.render.view.figures): marks, lines and numbers
agree with the model."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import compare.render.pdf
from compare.model import (
    CARRIED_STATES,
)
from compare.render.svg import Path as SvgPath
from compare.render.svg import Rect, Text
from compare.render.view import build_view


def test_alignment_map_has_a_mark_per_sentence_and_a_line_per_link(
    comparison, make_long_comparison
):
    view = build_view(comparison)
    shapes = view.alignment_map.shapes
    marks = [shape for shape in shapes if isinstance(shape, Rect)]
    assert sorted(m.sentence for m in marks) == sorted(
        s.id for v in comparison.versions for s in v.sentences
    )
    lines = {shape.classes: shape.d for shape in shapes if isinstance(shape, SvgPath)}
    # one curve per link, one path per label
    assert {label: d.count("M ") for label, d in lines.items()} == {
        "link link-shared": 1,
        "link link-updated": 1,
    }
    long_map = build_view(make_long_comparison()).alignment_map
    assert sum(s.d.count("M ") for s in long_map.shapes if isinstance(s, SvgPath)) == 78
    labels = {m.sentence: m.classes for m in marks}
    assert labels["dhaka-s0"] == "mark mark-unique" and labels["dhaka-s1"] == "mark mark-updated"
    # marks go down the column in document order
    dhaka = [m for m in marks if m.sentence.startswith("dhaka")]
    assert [m.y for m in dhaka] == sorted(m.y for m in dhaka)


def test_no_colour_is_set_in_python():
    render_dir = Path(compare.render.pdf.__file__).parent
    sources = sorted(render_dir.rglob("*.py"))
    assert render_dir / "view" / "wording.py" in sources  # the view package too
    for source in sources:
        assert not re.search(r"#[0-9a-fA-F]{6}\b|\brgb\(", source.read_text(encoding="utf-8")), (
            source
        )


def test_matrix_has_one_mark_per_carried_cell(five, five_view, five_html, take_cells):
    expected = take_cells(five)
    figure = five_view.collation.carried_matrix
    marks = [s for s in figure.shapes if isinstance(s, Rect) and s.classes.startswith("carry ")]
    carried = Counter(m.href for m in marks if m.classes.split()[1][6:] in CARRIED_STATES)
    assert carried == Counter(f"#row-{st}" for (st, _), has in expected.items() if has)
    # one first appearance per statement, and a dropped mark wherever a take stopped carrying
    firsts = Counter(m.href for m in marks if m.classes == "carry carry-first")
    assert firsts == Counter(f"#row-{st.id}" for st in five.statements)
    dropped = sum(m.classes == "carry carry-dropped" for m in marks)
    takes = [take.id for take in five.takes]
    assert dropped == sum(
        not expected[(st.id, take)] and any(expected[(st.id, t)] for t in takes[:at])
        for st in five.statements
        for at, take in enumerate(takes)
    )
    # and the page draws them: one <rect> per mark in the figure's SVG, linked to its row
    svg = re.search(r'<svg class="figure carried-matrix".*?</svg>', five_html, re.S).group(0)
    for state in CARRIED_STATES:
        count = sum(m.classes == f"carry carry-{state}" for m in marks)
        assert svg.count(f'<rect class="carry carry-{state}"') == count
    assert svg.count('<a href="#row-') == len(marks)


def test_matrix_stays_legible_with_many_statements_and_takes(make_many):
    many = make_many()
    assert len(many.takes) == 12 and len(many.statements) >= 60
    figure = build_view(many).collation.carried_matrix
    squares = [s for s in figure.shapes if isinstance(s, Rect) and s.classes == "carry carry-first"]
    labels = [s for s in figure.shapes if isinstance(s, Text) and s.classes == "matrix-take"]
    bands = len(labels) // len(many.takes)
    assert bands >= 2  # wrapped, not squeezed
    assert all(label.text.split()[0].isdigit() for label in labels)
    assert min(square.width for square in squares) >= 5  # about 1.5 mm on an A4 page
    assert all(s.x >= 0 and s.x + s.width <= figure.width for s in squares)
    assert len(squares) == len(many.statements)


def test_similarity_is_the_share_of_statements_in_common(make_three):
    # alpha carries 4 statements, beta 3, gamma 2; alpha and beta share 2, the others 1:
    # Dice = 2·|A∩B| / (|A| + |B|), in percent rounded half up.
    view = build_view(make_three())
    assert [take.name for take in view.collation.takes] == [
        "Alpha Daily",
        "Beta Post",
        "Gamma Times",
    ]
    numbers = [
        int(s.text)
        for s in view.collation.similarity.shapes
        if isinstance(s, Text) and "sim-value" in s.classes
    ]
    assert numbers == [100, 57, 33, 57, 100, 40, 33, 40, 100]  # printed row by row


def test_the_matrix_draws_no_mark_where_a_copy_was_cut_off():
    # A take's cells past its cut are "cut-off" (lost, not dropped): the figure, whose legend
    # knows first, carried, updated and dropped, leaves them empty as it does absent ones.
    from test_takes import NEWS, TAKE, compare

    newer = "Police cleared the main gate in the evening. The union called it provocation."
    comparison = compare(
        ("a-earlier", TAKE),
        ("b-cut", (TAKE[0], NEWS, *TAKE[1:8])),
        ("c-later", (TAKE[0], newer, NEWS, *TAKE[1:])),
    )
    states = Counter(cell.state for st in comparison.statements for cell in st.take_cells)
    assert states["cut-off"] == 4
    figure = build_view(comparison).collation.carried_matrix
    drawn = {s.classes for s in figure.shapes if isinstance(s, Rect)}
    assert drawn == {f"carry carry-{state}" for state in ("first", "shared")}
