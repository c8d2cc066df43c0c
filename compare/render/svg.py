"""The report's figures (composition bars, the alignment map, legend keys) as SVG geometry.

Computed here from the view-model, drawn by one template macro: every shape carries CSS
classes (``mark-updated``, ``link-shared`` …) and never a colour, so report.css styles the
figures on screen and, copied into each figure, in the PDF.  Coordinates are in the figure's
own units (its viewBox); the stylesheet decides how wide a figure is drawn.  Labels are told
apart without colour too: shared is solid, updated hatched with a thick dashed line, unique a
dashed outline with no line at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from compare.model import SentenceLabel

if TYPE_CHECKING:  # view.py builds its figures with this module: import its types lazily
    from compare.render.view import BarPart, PairView, SentenceView, VersionView

Anchor = Literal["start", "middle", "end"]


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    classes: str
    hatched: bool = False  # filled with the figure's hatch pattern (updated)
    sentence: str | None = None  # the sentence id a map mark stands for
    partners: tuple[str, ...] = ()  # ids of the sentences linked to it
    tooltip: str | None = None
    kind: Literal["rect"] = "rect"


@dataclass(frozen=True, slots=True)
class Path:
    d: str
    classes: str
    kind: Literal["path"] = "path"


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    y: float
    text: str
    classes: str
    anchor: Anchor = "start"
    kind: Literal["text"] = "text"


Shape = Rect | Path | Text


@dataclass(frozen=True, slots=True)
class Figure:
    """One inline SVG: its id (unique in the page, it prefixes the hatch pattern's id), size
    in user units, a text alternative for screen readers, and its shapes in drawing order."""

    id: str
    classes: str
    width: float
    height: float
    label: str
    shapes: tuple[Shape, ...]

    @property
    def hatched(self) -> bool:
        """Whether the figure needs its hatch pattern."""
        return any(isinstance(shape, Rect) and shape.hatched for shape in self.shapes)


# Composition bar: a 0–100 % bar drawn 6 units per percent, counts written inside the parts
# wide enough to hold them.
BAR_WIDTH, BAR_HEIGHT = 600.0, 16.0
BAR_COUNT_MIN_WIDTH = 18.0

# Alignment map: the tallest column fills at most MAP_MAX_COLUMN units (about 14 cm of an A4
# page at full width), so a 200-sentence version still fits one page with its heading.
MAP_WIDTH = 600.0
MAP_TOP = 40.0  # room for the two header lines
MAP_SIDE = 34.0  # room for paragraph numbers outside the outer columns
MAP_MARK_WIDTH = 46.0
MAP_MAX_STEP = 9.0  # a short story is not blown up
MAP_MAX_COLUMN = 520.0
MAP_PARAGRAPH_GAP = 0.7  # in steps: paragraphs stay visible as blocks
MAP_NAME_CHARS = 30


def composition_bar(version_id: str, name: str, total: int, parts: Sequence[BarPart]) -> Figure:
    """A version's sentences as one bar: shared, updated, unique, in that order."""
    shapes: list[Shape] = [Rect(0, 0, BAR_WIDTH, BAR_HEIGHT, "bar-frame")]
    for part in parts:
        if not part.count:
            continue
        x, width = round(part.start * BAR_WIDTH / 100, 2), round(part.width * BAR_WIDTH / 100, 2)
        shapes.append(
            Rect(
                x,
                0,
                width,
                BAR_HEIGHT,
                f"bar-part bar-{part.label}",
                hatched=part.label == "updated",
            )
        )
        if width >= BAR_COUNT_MIN_WIDTH:
            middle, digits = round(x + width / 2, 2), len(str(part.count))
            if part.label == "updated":  # a plain chip behind the number keeps it legible
                chip = digits * 6.5 + 5
                shapes.append(Rect(middle - chip / 2, 2.5, chip, 11, "bar-count-chip"))
            count_classes = f"bar-count bar-count-{part.label}"
            shapes.append(Text(middle, 11.5, str(part.count), count_classes, "middle"))
    counts = ", ".join(f"{part.count} {part.label}" for part in parts)
    return Figure(
        id=f"bar-{version_id}",
        classes="composition-bar",
        width=BAR_WIDTH,
        height=BAR_HEIGHT,
        label=f"{name}: {counts} of {total} sentences",
        shapes=tuple(shapes),
    )


def legend_key(label: SentenceLabel) -> Figure:
    """A mark and, for linked labels, its line: the legend entry for the bars and the map."""
    shapes: list[Shape] = []
    if label != "unique":
        shapes.append(Path("M 20 7 L 46 7", f"link link-{label}"))
    shapes.append(Rect(1, 1, 19, 12, f"mark mark-{label}", hatched=label == "updated"))
    return Figure(
        id=f"key-{label}",
        classes="legend-key",
        width=48,
        height=14,
        label=f"{label}: {_KEY_WORDS[label]}",
        shapes=tuple(shapes),
    )


_KEY_WORDS: dict[SentenceLabel, str] = {
    "shared": "solid box, solid line",
    "updated": "hatched box, thick dashed line",
    "unique": "dashed box, no line",
}


def alignment_map(versions: Sequence[VersionView], pairs: Sequence[PairView]) -> Figure:
    """Each version a column of sentence marks in document order; lines join linked sentences.

    A line that crosses others is a statement the later version moved; a mark without a line
    is a sentence only its version carries (cut from, or added to, the story).
    """
    if not versions:
        return Figure("map", "alignment-map", MAP_WIDTH, MAP_TOP, "No versions", ())
    tallest = max(_column_steps(v) for v in versions)
    step = min(MAP_MAX_STEP, MAP_MAX_COLUMN / tallest) if tallest else MAP_MAX_STEP
    mark_height = round(max(step * 0.72, 0.8), 2)
    span = MAP_WIDTH - 2 * MAP_SIDE - MAP_MARK_WIDTH
    # Coordinates rounded to 0.01 unit: far below a printer's dot, and short in the HTML.
    columns = {
        v.id: round(
            MAP_SIDE + (span * i / (len(versions) - 1) if len(versions) > 1 else span / 2), 2
        )
        for i, v in enumerate(versions)
    }
    tops = {
        s.id: round(MAP_TOP + (s.index + s.paragraph * MAP_PARAGRAPH_GAP) * step, 2)
        for v in versions
        for s in v.sentences
    }

    shapes: list[Shape] = []
    for i, v in enumerate(versions):
        x = columns[v.id]
        anchor: Anchor = "start" if i == 0 and len(versions) > 1 else "middle"
        text_x = x if anchor == "start" else x + MAP_MARK_WIDTH / 2
        if i == len(versions) - 1 and len(versions) > 1:
            anchor, text_x = "end", x + MAP_MARK_WIDTH
        shapes.append(Text(text_x, 14, _shorten(v.name), "map-name", anchor))
        shapes.append(Text(text_x, 28, v.phase or f"version {v.order + 1}", "map-phase", anchor))

    # Lines first, so the marks sit on top of their ends: one path per label, a curve per link
    # (one element instead of hundreds keeps WeasyPrint's styling and drawing cheap).
    curves: dict[str, list[str]] = {"shared": [], "updated": []}
    for pair in pairs:
        x1, x2 = columns[pair.earlier.id] + MAP_MARK_WIDTH, columns[pair.later.id]
        middle = (x1 + x2) / 2
        for row in pair.rows:
            for before in row.before:
                for after in row.after:
                    y1 = tops[before.id] + mark_height / 2
                    y2 = tops[after.id] + mark_height / 2
                    curves[row.label].append(
                        f"M {x1:.1f} {y1:.1f} C {middle:.1f} {y1:.1f} "
                        f"{middle:.1f} {y2:.1f} {x2:.1f} {y2:.1f}"
                    )
    shapes += [
        Path(" ".join(parts), f"link link-{label}") for label, parts in curves.items() if parts
    ]

    outer = {versions[0].id: "start", versions[-1].id: "end"} if len(versions) > 1 else {}
    for v in versions:
        x = columns[v.id]
        for s in v.sentences:
            shapes.append(
                Rect(
                    x,
                    tops[s.id],
                    MAP_MARK_WIDTH,
                    mark_height,
                    f"mark mark-{s.label}",
                    hatched=s.label == "updated",
                    sentence=s.id,
                    partners=s.partners,
                    tooltip=f"{v.name} ¶{s.paragraph + 1}, {s.label}: {_excerpt(s.text)}",
                )
            )
        side = outer.get(v.id)
        if side:
            shapes.extend(_paragraph_numbers(v.sentences, tops, x, mark_height, side))

    height = MAP_TOP + max((_column_steps(v) for v in versions), default=0) * step + 6
    counts = "; ".join(f"{v.name}: {v.total} sentences" for v in versions)
    return Figure(
        id="map",
        classes="alignment-map",
        width=MAP_WIDTH,
        height=round(height, 1),
        label=f"Alignment map. {counts}",
        shapes=tuple(shapes),
    )


def _column_steps(version: VersionView) -> float:
    """How many steps a version's column is tall: a step per sentence, a gap per paragraph."""
    if not version.sentences:
        return 0.0
    last = version.sentences[-1]
    return last.index + 1 + last.paragraph * MAP_PARAGRAPH_GAP


def _paragraph_numbers(
    sentences: Sequence[SentenceView],
    tops: dict[str, float],
    x: float,
    mark_height: float,
    side: str,
) -> list[Shape]:
    """ "¶1", "¶5", "¶10" … beside the first sentence of those paragraphs, outside the column."""
    paragraphs = {s.paragraph for s in sentences}
    every = 1 if len(paragraphs) <= 12 else 5 if len(paragraphs) <= 60 else 10
    shapes: list[Shape] = []
    seen: set[int] = set()
    for s in sentences:
        number = s.paragraph + 1
        if s.paragraph in seen or (number != 1 and number % every):
            continue
        seen.add(s.paragraph)
        y = round(tops[s.id] + mark_height / 2 + 3, 2)
        if side == "start":
            shapes.append(Text(x - 4, y, f"¶{number}", "map-paragraph", "end"))
        else:
            shapes.append(Text(x + MAP_MARK_WIDTH + 4, y, f"¶{number}", "map-paragraph"))
    return shapes


def _shorten(name: str) -> str:
    return name if len(name) <= MAP_NAME_CHARS else name[: MAP_NAME_CHARS - 1].rstrip() + "…"


def _excerpt(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
