"""The report's figures (composition bars, the alignment map, the collation's overview figures,
legend keys) as SVG geometry.

Computed here from plain data (the figure inputs below, which the view fills in once it has
decided what the report shows: nothing here knows the view's types), drawn by one template
macro: every shape carries CSS classes (``mark-updated``, ``link-shared`` …) and never a
colour, so report.css styles the figures on screen and, copied into each figure, in the PDF.
Coordinates are in the figure's own units (its viewBox); the stylesheet decides how wide a
figure is drawn.  Labels are told apart without colour too: shared is solid, updated hatched
with a thick dashed line, unique a dashed outline with no line at all.  In the collation's
figures (three or more versions) a statement's first appearance is a full dark square, a take
that carries it on unchanged a thin bar (a row of them reads as a thread), an update a hatched
square and a drop a dashed empty square: shapes first, colours second.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from compare.model import CHANGE_STATES, CellState, LinkLabel, SentenceLabel

Anchor = Literal["start", "middle", "end"]


# What the figures are drawn from ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BarPart:
    """One label's share of a version's sentences (or a take's state's share of the statements
    it carries), as a span of a 0–100 bar."""

    label: SentenceLabel | CellState
    count: int
    start: float  # percent
    width: float  # percent


@dataclass(frozen=True, slots=True)
class MapMark:
    """A sentence of the alignment map."""

    id: str
    index: int  # 0-based position in its version
    paragraph: int  # 0-based
    label: SentenceLabel
    partners: tuple[str, ...]  # ids of the sentences linked to it
    text: str


@dataclass(frozen=True, slots=True)
class MapColumn:
    """A version of the alignment map: its name, the line under it, its sentences in order."""

    id: str
    name: str
    caption: str
    total: int
    marks: tuple[MapMark, ...]


@dataclass(frozen=True, slots=True)
class MapLines:
    """A row of a side-by-side page: every sentence of ``before`` joins every one of ``after``."""

    earlier: str  # column ids
    later: str
    label: LinkLabel
    before: tuple[str, ...]  # sentence ids
    after: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FigureTake:
    """A take of the collation's figures (a row of "who carried what" and of the timeline)."""

    number: int  # 1-based, in time order
    name: str
    published: str | None
    counts: Mapping[CellState, int]


@dataclass(frozen=True, slots=True)
class FigureRow:
    """A statement of the collation's figures: its number, where it is in the page, and its
    state in each take."""

    number: int
    anchor: str
    states: tuple[CellState, ...]


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
    href: str | None = None  # a place in the page the mark stands for (screen only)
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
    return _legend_key(f"key-{label}", f"{label}: {_KEY_WORDS[label]}", shapes)


_KEY_WORDS: dict[SentenceLabel, str] = {
    "shared": "solid box, solid line",
    "updated": "hatched box, thick dashed line",
    "unique": "dashed box, no line",
}


def alignment_map(versions: Sequence[MapColumn], pairs: Sequence[MapLines]) -> Figure:
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
        for s in v.marks
    }

    shapes: list[Shape] = []
    for i, v in enumerate(versions):
        x = columns[v.id]
        anchor: Anchor = "start" if i == 0 and len(versions) > 1 else "middle"
        text_x = x if anchor == "start" else x + MAP_MARK_WIDTH / 2
        if i == len(versions) - 1 and len(versions) > 1:
            anchor, text_x = "end", x + MAP_MARK_WIDTH
        shapes.append(Text(text_x, 14, _shorten(v.name), "map-name", anchor))
        shapes.append(Text(text_x, 28, v.caption, "map-phase", anchor))

    # Lines first, so the marks sit on top of their ends: one path per label, a curve per link
    # (one element instead of hundreds keeps WeasyPrint's styling and drawing cheap).
    curves: dict[str, list[str]] = {"shared": [], "updated": []}
    for row in pairs:
        x1, x2 = columns[row.earlier] + MAP_MARK_WIDTH, columns[row.later]
        middle = (x1 + x2) / 2
        for before in row.before:
            for after in row.after:
                y1 = tops[before] + mark_height / 2
                y2 = tops[after] + mark_height / 2
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
        for s in v.marks:
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
            shapes.extend(_paragraph_numbers(v.marks, tops, x, mark_height, side))

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


def _column_steps(version: MapColumn) -> float:
    """How many steps a version's column is tall: a step per sentence, a gap per paragraph."""
    if not version.marks:
        return 0.0
    last = version.marks[-1]
    return last.index + 1 + last.paragraph * MAP_PARAGRAPH_GAP


def _paragraph_numbers(
    sentences: Sequence[MapMark],
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


def _shorten(name: str, chars: int = MAP_NAME_CHARS) -> str:
    return name if len(name) <= chars else name[: chars - 1].rstrip() + "…"


def _excerpt(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


# Collation figures (three or more versions): states as shapes.  A carried-on statement is a
# bar as wide as its cell, so an unchanged run of takes joins up into one thread.
_STATE_WORDS: dict[CellState, str] = {  # the legend's text alternative for each mark
    "first": "full dark square",
    "shared": "thin bar, joining up along the row",
    "updated": "hatched square",
    "dropped": "dashed empty square",
}

# "Who carried what": statements across, takes down.  A cell is at most MATRIX_MAX_CELL units
# wide (a short story is not blown up) and at least MATRIX_MIN_CELL (about 2.4 mm in print):
# a story with more statements than fit at that width wraps into bands, one below the other.
MATRIX_WIDTH = 600.0
MATRIX_LABEL = 170.0  # room for "12 Coast Tribune + Metro Daily" left of the rows
MATRIX_MIN_CELL = 8.0
MATRIX_MAX_CELL = 16.0
MATRIX_HEADER = 16.0  # the statement numbers above each band
MATRIX_BAND_GAP = 14.0
MATRIX_NAME_CHARS = 27

# Similarity: one square per pair of versions with its percentage written in it.
SIMILARITY_WIDTH = 600.0
SIMILARITY_LABEL = 200.0  # "take 12", "chicagotribune-com" and its number
SIMILARITY_TOP = 18.0
SIMILARITY_MIN_CELL = 16.0  # "100" still fits at the smallest font
SIMILARITY_MAX_CELL = 28.0
SIMILARITY_SHADES = 10  # report.css has .sim-0 … .sim-9, white to dark grey

# Timeline: per take, a line of numbered marks for each kind of change.
TIMELINE_WIDTH = 600.0
TIMELINE_LABEL = 190.0
TIMELINE_CAPTION = 78.0  # "updated 12" before the marks
TIMELINE_MARK_WIDTH, TIMELINE_MARK_HEIGHT, TIMELINE_STEP = 19.0, 13.0, 21.0
TIMELINE_LINE = 17.0
TIMELINE_ROW_GAP = 10.0
TIMELINE_NAME_CHARS = 32


def state_key(state: CellState) -> Figure:
    """The legend entry for a state: the mark the collation figures draw for it."""
    shapes: list[Shape] = [Path("M 0 7 L 48 7", "matrix-rule")]
    shapes += _state_mark(state, 0, 0, 48, 14, 12, tooltip=None, href=None)
    return _legend_key(f"state-key-{state}", f"{state}: {_STATE_WORDS[state]}", shapes)


def _legend_key(figure_id: str, label: str, shapes: list[Shape]) -> Figure:
    """A legend entry: one 48 × 14 figure, the same size for every key so they line up."""
    return Figure(
        id=figure_id, classes="legend-key", width=48, height=14, label=label, shapes=tuple(shapes)
    )


def _state_mark(
    state: CellState,
    x: float,
    y: float,
    width: float,
    height: float,
    size: float,
    *,
    tooltip: str | None,
    href: str | None,
) -> list[Shape]:
    """The mark for one cell (x, y, width, height) of a matrix: ``size`` is a square's side.
    Nothing where the take has no such statement: absent, lost after a copy's cut-off (not a
    drop), or material glued in from elsewhere (not the story)."""
    if state in ("absent", "cut-off", "not-story"):
        return []
    middle_x, middle_y = x + width / 2, y + height / 2
    if state == "shared":
        bar = round(max(size * 0.34, 1.5), 2)
        box = (x, middle_y - bar / 2, width, bar)
    elif state == "dropped":
        side = size * 0.8
        box = (middle_x - side / 2, middle_y - side / 2, side, side)
    else:
        box = (middle_x - size / 2, middle_y - size / 2, size, size)
    bx, by, bw, bh = (round(value, 2) for value in box)
    classes = f"carry carry-{state}"
    return [Rect(bx, by, bw, bh, classes, state == "updated", tooltip=tooltip, href=href)]


def carried_matrix(takes: Sequence[FigureTake], rows: Sequence[FigureRow]) -> Figure:
    """Takes down, statements across: which take carried which statement, in which state."""
    if not takes or not rows:
        return Figure("carried", "carried-matrix", MATRIX_WIDTH, 10, "No statements", ())
    room = MATRIX_WIDTH - MATRIX_LABEL - 4
    per_band = max(int(room // MATRIX_MIN_CELL), 1)
    bands = -(-len(rows) // per_band)
    per_band = -(-len(rows) // bands)  # balanced: 73 statements are 37 + 36, not 53 + 20
    cell = min(MATRIX_MAX_CELL, room / per_band)
    row_height = min(max(cell, 11.0), MATRIX_MAX_CELL)
    size = round(min(cell, row_height) * 0.72, 2)
    every = next(step for step in (1, 2, 5, 10, 20, 50) if step * cell >= 14)
    shapes: list[Shape] = []
    top = 0.0
    for band in range(bands):
        chunk = rows[band * per_band : (band + 1) * per_band]
        for at, row in enumerate(chunk):
            # every `every`-th number, and the band's first one if it clears the next label
            gap = -row.number % every
            if gap == 0 or (at == 0 and gap * cell >= 12):
                x = round(MATRIX_LABEL + (at + 0.5) * cell, 2)
                shapes.append(Text(x, top + 10, str(row.number), "matrix-number", "middle"))
        right = round(MATRIX_LABEL + len(chunk) * cell, 2)
        for number, take in enumerate(takes):
            y = top + MATRIX_HEADER + number * row_height
            middle = round(y + row_height / 2, 2)
            shapes.append(Path(f"M {MATRIX_LABEL} {middle} L {right} {middle}", "matrix-rule"))
            label = f"{take.number} {_shorten(take.name, MATRIX_NAME_CHARS)}"
            shapes.append(Text(MATRIX_LABEL - 6, middle + 3.5, label, "matrix-take", "end"))
            for at, row in enumerate(chunk):
                state = row.states[number]
                shapes += _state_mark(
                    state,
                    MATRIX_LABEL + at * cell,
                    y,
                    cell,
                    row_height,
                    size,
                    tooltip=f"Statement {row.number}, take {take.number} ({take.name}): {state}",
                    href=f"#{row.anchor}",
                )
        top += MATRIX_HEADER + len(takes) * row_height + MATRIX_BAND_GAP
    counts = "; ".join(
        f"take {take.number}, {take.name}: {take.counts['first']} first, "
        f"{take.counts['shared']} shared, {take.counts['updated']} updated"
        for take in takes
    )
    return Figure(
        id="carried",
        classes="carried-matrix",
        width=MATRIX_WIDTH,
        height=round(top - MATRIX_BAND_GAP + 2, 1),
        label=f"Who carried what: {len(rows)} statements across {len(takes)} takes. {counts}",
        shapes=tuple(shapes),
    )


def similarity_matrix(
    groups: Sequence[tuple[str, Sequence[str]]], percent: Sequence[Sequence[int]]
) -> Figure:
    """Versions against versions, grouped by take: the share of statements two versions carry
    in common, written in each square and shaded from white (none) to dark grey (all).

    ``groups`` is (take label, version names) in order; ``percent`` the square matrix over all
    the versions in that order.
    """
    names = [
        (label if at == 0 else "", name) for label, group in groups for at, name in enumerate(group)
    ]
    count = len(names)
    cell = min(
        SIMILARITY_MAX_CELL,
        max(SIMILARITY_MIN_CELL, (SIMILARITY_WIDTH - SIMILARITY_LABEL) / max(count, 1)),
    )
    font = "sim-value-small" if cell < 24 else "sim-value"
    shapes: list[Shape] = []
    for column in range(count):
        x = round(SIMILARITY_LABEL + (column + 0.5) * cell, 2)
        shapes.append(Text(x, SIMILARITY_TOP - 6, str(column + 1), "sim-number", "middle"))
    for row, (take_label, name) in enumerate(names):
        y = SIMILARITY_TOP + row * cell
        baseline = round(y + cell / 2 + 3.5, 2)
        if take_label:
            shapes.append(Text(0, baseline, take_label, "sim-take"))
        shapes.append(Text(SIMILARITY_LABEL - 28, baseline, _shorten(name, 24), "sim-name", "end"))
        shapes.append(Text(SIMILARITY_LABEL - 6, baseline, str(row + 1), "sim-number", "end"))
        for column in range(count):
            value = percent[row][column]
            shade = min(value * SIMILARITY_SHADES // 100, SIMILARITY_SHADES - 1)
            x = SIMILARITY_LABEL + column * cell
            shapes.append(
                Rect(round(x, 2), round(y, 2), round(cell, 2), round(cell, 2), f"sim sim-{shade}")
            )
            ink = "sim-light" if shade >= SIMILARITY_SHADES // 2 else "sim-dark"
            shapes.append(
                Text(
                    round(x + cell / 2, 2),
                    round(y + cell / 2 + 3, 2),
                    str(value),
                    f"{font} {ink}",
                    "middle",
                )
            )
    # Thicker rules between takes: a take's versions form a dark block on the diagonal.
    edge = SIMILARITY_LABEL + count * cell
    bottom = SIMILARITY_TOP + count * cell
    start, rules = 0, []
    for _, group in groups[:-1]:
        start += len(group)
        x, y = round(SIMILARITY_LABEL + start * cell, 2), round(SIMILARITY_TOP + start * cell, 2)
        rules.append(f"M {x} {SIMILARITY_TOP} L {x} {round(bottom, 2)}")
        rules.append(f"M 0 {y} L {round(edge, 2)} {y}")
    if rules:
        shapes.append(Path(" ".join(rules), "sim-group"))
    return Figure(
        id="similarity",
        classes="similarity-matrix",
        # as wide as the other figures whatever the count, so all are drawn at one scale
        width=round(max(edge, SIMILARITY_WIDTH), 1),
        height=round(bottom + 2, 1),
        label=f"Share of statements in common between {count} versions, in percent",
        shapes=tuple(shapes),
    )


# The timeline's word for each step of the story (compare.model.CHANGE_STATES).
_CHANGE_WORDS: dict[CellState, str] = {"first": "new", "updated": "updated", "dropped": "dropped"}


def timeline(
    takes: Sequence[FigureTake], changes: Sequence[Mapping[CellState, Sequence[FigureRow]]]
) -> Figure:
    """Per take, in time order: the statements that first appear, are updated or are dropped
    there, one numbered mark each, so a line of marks is as long as its count.

    ``changes`` holds, for each take, its statements by kind (CHANGE_STATES).
    """
    shapes: list[Shape] = []
    top = 0.0
    per_line = max(int((TIMELINE_WIDTH - TIMELINE_LABEL - TIMELINE_CAPTION) // TIMELINE_STEP), 1)
    for take, kinds in zip(takes, changes, strict=True):
        if take.number > 1:
            rule = round(top - TIMELINE_ROW_GAP / 2, 2)
            shapes.append(Path(f"M 0 {rule} L {TIMELINE_WIDTH} {rule}", "timeline-rule"))
        shapes.append(Text(0, top + 11, f"Take {take.number}", "timeline-take"))
        shapes.append(Text(0, top + 24, _shorten(take.name, TIMELINE_NAME_CHARS), "timeline-name"))
        shapes.append(Text(0, top + 36, take.published or "published: not stated", "timeline-when"))
        lines = 0
        for state in CHANGE_STATES:
            word, rows = _CHANGE_WORDS[state], kinds.get(state, ())
            if not rows:
                continue
            caption = f"{word} {len(rows)}"
            shapes.append(
                Text(
                    TIMELINE_LABEL, top + lines * TIMELINE_LINE + 10.5, caption, "timeline-caption"
                )
            )
            for at, row in enumerate(rows):
                y = round(top + (lines + at // per_line) * TIMELINE_LINE, 2)
                x = round(TIMELINE_LABEL + TIMELINE_CAPTION + (at % per_line) * TIMELINE_STEP, 2)
                tooltip = f"Statement {row.number}: {word} in take {take.number}"
                shapes.append(
                    Rect(
                        x,
                        y,
                        TIMELINE_MARK_WIDTH,
                        TIMELINE_MARK_HEIGHT,
                        f"carry carry-{state} timeline-mark",
                        hatched=state == "updated",
                        tooltip=tooltip,
                        href=f"#{row.anchor}",
                    )
                )
                if state == "updated":  # a plain chip inside the hatching keeps the number legible
                    chip = (TIMELINE_MARK_WIDTH - 5, TIMELINE_MARK_HEIGHT - 5)
                    shapes.append(Rect(x + 2.5, y + 2.5, *chip, "timeline-chip"))
                middle = round(x + TIMELINE_MARK_WIDTH / 2, 2)
                number_classes = f"timeline-number timeline-number-{state}"
                shapes.append(Text(middle, y + 9.5, str(row.number), number_classes, "middle"))
            lines += -(-len(rows) // per_line)
        if not lines:
            quiet = "nothing new, updated or dropped"
            shapes.append(Text(TIMELINE_LABEL, top + 10.5, quiet, "timeline-caption"))
        top += max(lines * TIMELINE_LINE, 40.0) + TIMELINE_ROW_GAP
    summary = "; ".join(
        f"take {take.number}, {take.name}: "
        + ", ".join(
            f"{len(kinds.get(state, ()))} {_CHANGE_WORDS[state]}" for state in CHANGE_STATES
        )
        for take, kinds in zip(takes, changes, strict=True)
    )
    return Figure(
        id="timeline",
        classes="timeline",
        width=TIMELINE_WIDTH,
        height=round(top - TIMELINE_ROW_GAP + 2, 1),
        label=f"Timeline. {summary}",
        shapes=tuple(shapes),
    )
