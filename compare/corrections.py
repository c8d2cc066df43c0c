"""Stage 3c — corrections: an editor's fixes, kept in ``corrections.toml`` beside the versions.

The tool gets some links, orders and takes wrong; an editor's fix must survive every re-run.
Sentences are named by version and a fragment of their text (or by sentence id), never by
position, so a fix still finds its sentence after re-segmentation::

    [[link]]                       # these two sentences carry one statement
    from = { version = "dhaka",  text = "Western countries accuse Kim" }
    to   = { version = "manila", text = "accused North Korea of providing ammunition" }
    label = "shared"               # optional: shared | updated (else the rule decides)
    [[unlink]]                     # these two do not
    from = { version = "dhaka",  text = "shook hands with Putin" }
    to   = "manila-s9"             # or by sentence id
    [[exclude]]                    # not part of the story (furniture the rules missed)
    sentence = { version = "manila", text = "Click here" }
    [order]                        # versions earliest first
    versions = ["dhaka", "manila"]
    [[take]]                       # exactly these versions are one take (one alone: split off)
    versions = ["apnews", "startribune"]
    [[time]]                       # when a version was published
    version = "dhaka"
    published = 2024-06-19T12:27:00+06:00

A fragment matches on the folded text (:func:`compare.normalize.fold`, case and runs of
spaces ignored) and must occur in exactly one sentence of its version.  Anything wrong is one
:class:`~compare.errors.InputError` naming the file, the line and the fragment, raised before
any report is written.

The pipeline applies the edits where each belongs: exclusions and times before alignment
(:meth:`Edits.articles`), unlinks and links after it (:meth:`Edits.relink`), takes after
grouping, the order in classify, labels after classify's own (:meth:`Edits.relabel`).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, cast

from compare.errors import InputError
from compare.ingest.dates import normalize_published
from compare.ingest.manifest import CORRECTIONS_NAME
from compare.model import (
    Article,
    Comparison,
    Correction,
    Link,
    LinkKind,
    LinkLabel,
    Sentence,
    Take,
)
from compare.normalize import squash
from compare.paths import os_reason, resolve_inside
from compare.takes import as_takes

_LABELS: tuple[LinkLabel, ...] = ("shared", "updated")
_KEYS = {
    "link": {"from", "to", "label"},
    "unlink": {"from", "to"},
    "exclude": {"sentence"},
    "order": {"versions"},
    "take": {"versions"},
    "time": {"version", "published"},
}
_TABLE_ARRAYS = ("link", "unlink", "exclude", "take", "time")


@dataclass(frozen=True, slots=True)
class SentenceRef:
    """A sentence as the editor named it: by version and fragment, or by id."""

    line: int
    version: str | None = None
    text: str | None = None
    id: str | None = None

    def shown(self) -> str:
        return f"{self.version}: {self.text!r}" if self.text is not None else repr(self.id)


@dataclass(frozen=True, slots=True)
class _LinkEdit:
    line: int
    first: SentenceRef
    second: SentenceRef
    label: LinkLabel | None = None


@dataclass(frozen=True, slots=True)
class _VersionsEdit:
    line: int
    versions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _TimeEdit:
    line: int
    version: str
    published: str


@dataclass(frozen=True)
class Corrections:
    """A parsed corrections file; sentences not yet looked up (that needs the segmented text)."""

    path: str
    links: tuple[_LinkEdit, ...] = ()
    unlinks: tuple[_LinkEdit, ...] = ()
    exclusions: tuple[SentenceRef, ...] = ()
    order: _VersionsEdit | None = None
    takes: tuple[_VersionsEdit, ...] = ()
    times: tuple[_TimeEdit, ...] = ()

    def resolve(self, articles: Sequence[Article]) -> Edits:
        """The edits with every sentence found in the segmented ``articles``."""
        return _Resolver(self, articles).edits()


def folder_corrections(inputs: Sequence[str | Path]) -> Path | None:
    """A story folder's own corrections.toml, when the inputs are one folder that has one."""
    if len(inputs) != 1 or not Path(inputs[0]).is_dir():
        return None
    folder = Path(inputs[0])
    candidate = folder / CORRECTIONS_NAME
    try:
        present = candidate.is_file() or candidate.is_symlink()
    except OSError as error:  # an unreadable folder: said the way ingest says it
        raise InputError(f"{candidate}: {os_reason(error)}") from None
    if not present:
        return None
    # Like story.toml: a symbolic link may not lead out of the folder the user named.
    resolve_inside(candidate, folder, str(candidate))
    return candidate


def read_corrections(path: Path) -> Corrections:
    """Parse ``path``; every mistake is one InputError naming the file and the line."""
    name = str(path)
    try:
        source = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{name}: cannot read ({error})") from None
    return parse_corrections(source, name)


def parse_corrections(source: str, name: str) -> Corrections:
    """Parse the text of a corrections file called ``name`` (for messages)."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        # tomllib words its errors "... (at line 3, column 7)": keep the place in our form.
        place = re.search(r"\(at line (\d+), column \d+\)$", str(error))
        line = place.group(1) if place else "1"
        message = str(error)[: place.start()].strip() if place else str(error)
        raise InputError(f"{name}:{line}: malformed TOML: {message}") from None
    return _Parser(name, source, data).corrections()


class _Parser:
    """Walks the parsed TOML, finding each table's line in the source (tomllib gives none)."""

    def __init__(self, name: str, source: str, data: dict[str, Any]) -> None:
        self.name, self.data = name, data
        self.lines = source.splitlines()

    def fail(self, line: int, message: str) -> InputError:
        return InputError(f"{self.name}:{line}: {message}")

    def corrections(self) -> Corrections:
        for key in self.data:
            if key not in _KEYS:
                known = ", ".join(f"[[{k}]]" if k in _TABLE_ARRAYS else f"[{k}]" for k in _KEYS)
                raise self.fail(self._key_line(key), f"unknown correction {key!r}; use {known}")
        tables = {key: self._tables(key) for key in _TABLE_ARRAYS}
        order = self.data.get("order")
        if order is not None and not isinstance(order, dict):
            raise self.fail(self._key_line("order"), "order must be a table: [order]")
        return Corrections(
            path=self.name,
            links=tuple(self._link(line, table, "link") for line, table in tables["link"]),
            unlinks=tuple(self._link(line, table, "unlink") for line, table in tables["unlink"]),
            exclusions=tuple(
                self._sentence(line, table, "sentence", "exclude")
                for line, table in tables["exclude"]
            ),
            order=self._versions(self._header_lines("order", single=True)[0], order, "order")
            if order is not None
            else None,
            takes=tuple(self._versions(line, table, "take") for line, table in tables["take"]),
            times=tuple(self._time(line, table) for line, table in tables["time"]),
        )

    def _tables(self, key: str) -> list[tuple[int, dict[str, Any]]]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.fail(self._key_line(key), f"{key} must be [[{key}]] tables")
        lines = self._header_lines(key)
        # Inline arrays (key = [{...}]) have no headers: their tables share the key's line.
        lines += [self._key_line(key)] * (len(value) - len(lines))
        tables = list(zip(lines, value, strict=False))
        for line, table in tables:
            unknown = sorted(set(table) - _KEYS[key])
            if unknown:
                raise self.fail(line, f"[[{key}]] has unknown key {unknown[0]!r}")
        return tables

    def _header_lines(self, key: str, single: bool = False) -> list[int]:
        opening = r"\[" if single else r"\[\["
        pattern = re.compile(rf"^\s*{opening}\s*{key}\s*\]")
        found = [number for number, text in enumerate(self.lines, 1) if pattern.match(text)]
        return found or ([self._key_line(key)] if single else [])

    def _key_line(self, key: str) -> int:
        pattern = re.compile(rf"^\s*(?:\[+\s*)?{re.escape(key)}\b")
        return next((n for n, text in enumerate(self.lines, 1) if pattern.match(text)), 1)

    def _line_of(self, start: int, text: str) -> int:
        """The first line from ``start`` on that holds ``text`` (a fragment, a value)."""
        for number in range(start, len(self.lines) + 1):
            if text in self.lines[number - 1]:
                return number
        return start

    def _link(self, line: int, table: dict[str, Any], kind: str) -> _LinkEdit:
        for key in ("from", "to"):
            if key not in table:
                raise self.fail(line, f"[[{kind}]] needs {key} = {{ version = ..., text = ... }}")
        label = table.get("label")
        if label is not None and label not in _LABELS:
            at = self._line_of(line, "label")
            raise self.fail(at, f"[[link]] label {label!r} is not one of: {', '.join(_LABELS)}")
        return _LinkEdit(
            line,
            self._sentence(line, table, "from", kind),
            self._sentence(line, table, "to", kind),
            cast(LinkLabel | None, label),
        )

    def _sentence(self, line: int, table: dict[str, Any], key: str, kind: str) -> SentenceRef:
        value = table.get(key)
        if isinstance(value, str) and value.strip():
            return SentenceRef(self._line_of(line, value), id=value.strip())
        if isinstance(value, dict):
            unknown = sorted(set(value) - {"version", "text", "id"})
            version, text, sid = value.get("version"), value.get("text"), value.get("id")
            if not unknown and isinstance(sid, str) and sid.strip() and text is None:
                return SentenceRef(self._line_of(line, sid), version=version, id=sid.strip())
            if (
                not unknown
                and sid is None
                and isinstance(version, str)
                and isinstance(text, str)
                and _squash(text)
            ):
                return SentenceRef(self._line_of(line, text), version=version, text=text)
        raise self.fail(
            line,
            f'[[{kind}]] {key} must name a sentence: {{ version = "...", text = "..." }} '
            'or a sentence id ("dhaka-s3")',
        )

    def _versions(self, line: int, table: dict[str, Any], kind: str) -> _VersionsEdit:
        versions = table.get("versions")
        if (
            not isinstance(versions, list)
            or not versions
            or not all(isinstance(v, str) for v in versions)
        ):
            raise self.fail(line, f'{kind} needs versions = ["...", ...] (version ids)')
        repeated = [v for v, n in Counter(versions).items() if n > 1]
        if repeated:
            raise self.fail(line, f"{kind} names version {repeated[0]!r} twice")
        return _VersionsEdit(line, tuple(versions))

    def _time(self, line: int, table: dict[str, Any]) -> _TimeEdit:
        version, published = table.get("version"), table.get("published")
        if not isinstance(version, str) or published is None:
            raise self.fail(line, '[[time]] needs version = "..." and published = <date or time>')
        stated = normalize_published(published, f"{self.name}:{line}: [[time]]")
        return _TimeEdit(line, version, stated)


def _squash(text: str) -> str:
    """The matching form of a fragment or sentence: folded typography, case, spacing."""
    return squash(text).casefold()


@dataclass(frozen=True)
class Edits:
    """The corrections with their sentences found: what each stage applies."""

    excluded: dict[str, int] = field(default_factory=dict)  # sentence id → line
    unlinks: tuple[tuple[int, str, str], ...] = ()  # line, sentence ids
    links: tuple[tuple[int, str, str, LinkLabel | None], ...] = ()
    order: tuple[str, ...] | None = None
    takes: tuple[tuple[str, ...], ...] = ()
    times: dict[str, str] = field(default_factory=dict)  # version id → ISO time
    applied: tuple[Correction, ...] = ()  # in the file's order

    def articles(self, articles: Sequence[Article]) -> list[Article]:
        """Before alignment: excluded sentences leave their version, edited times are set."""
        edited = []
        for article in articles:
            kept = tuple(s for s in article.sentences if s.id not in self.excluded)
            if article.id in self.times:
                article = replace(
                    article, published=self.times[article.id], published_source="editor"
                )
            edited.append(replace(article, sentences=kept))
        return edited

    def relink(
        self,
        links: Sequence[Link],
        articles: Sequence[Article],
        score: Callable[[Sequence[tuple[str, str]]], list[float]],
    ) -> list[Link]:
        """After alignment: unlinked pairs removed, the editor's links added (or confirmed).

        ``score`` gives the aligner's similarity for pairs it did not link, so that an editor's
        link sits among the others by the same measure.
        """
        if not self.unlinks and not self.links:
            return list(links)  # nothing to do: a hundred versions have 200,000 links to walk
        unlinked = {frozenset((a, b)) for _, a, b in self.unlinks}
        wanted = {frozenset((a, b)): label for _, a, b, label in self.links}
        kept = []
        for link in links:
            pair = frozenset((link.source, link.target))
            if pair in unlinked:
                continue
            if pair in wanted:
                link = replace(link, by="editor", confidence=1.0)
            kept.append(link)
        present = {frozenset((k.source, k.target)) for k in kept}
        new = [(a, b) for _, a, b, _ in self.links if frozenset((a, b)) not in present]
        scores = score(new) if new else []
        kept += [
            Link(source=a, target=b, label="shared", score=s, by="editor", confidence=1.0)
            for (a, b), s in zip(new, scores, strict=True)
        ]
        return _with_kinds(kept, {s.id: s for a in articles for s in a.sentences})

    def relabel(self, comparison: Comparison) -> Comparison:
        """After classify: the labels the editor set win over the rule's; the edits recorded."""
        labels = {frozenset((a, b)): label for _, a, b, label in self.links if label}
        links = comparison.links
        if labels:
            links = tuple(
                replace(link, label=labels[pair])
                if (pair := frozenset((link.source, link.target))) in labels
                else link
                for link in links
            )
        return replace(comparison, links=links, corrections=self.applied)


def regroup_takes(
    takes: Sequence[Take], articles: Sequence[Article], groups: Sequence[Sequence[str]]
) -> tuple[Take, ...]:
    """The takes with the editor's [[take]] groups: each group's versions become exactly one
    take, taken out of the takes they were in (a group of one splits that version off)."""
    if not groups:
        return tuple(takes)
    moved = {version for group in groups for version in group}
    kept = [[v for v in take.versions if v not in moved] for take in takes]
    return as_takes([*(group for group in kept if group), *groups], articles, takes)


def _with_kinds(links: list[Link], sentences: dict[str, Sentence]) -> list[Link]:
    """Each editor-touched link's kind from the links around it: a sentence linked to two of
    another version's is a split (source side) or a merge (target side)."""
    partners: Counter[tuple[str, str]] = Counter()  # (sentence, other version) → links
    for link in links:
        partners[(link.source, sentences[link.target].version)] += 1
        partners[(link.target, sentences[link.source].version)] += 1
    touched = {sid for link in links if link.by == "editor" for sid in (link.source, link.target)}

    def kind(link: Link) -> LinkKind:
        if partners[(link.source, sentences[link.target].version)] > 1:
            return "split"
        if partners[(link.target, sentences[link.source].version)] > 1:
            return "merge"
        return "one-to-one"

    return [
        replace(link, kind=kind(link)) if {link.source, link.target} & touched else link
        for link in links
    ]


class _Resolver:
    """Finds each named sentence in the segmented versions; one InputError per problem."""

    def __init__(self, corrections: Corrections, articles: Sequence[Article]) -> None:
        self.corrections = corrections
        self.versions = {a.id: a for a in articles}
        self.by_id = {s.id: s for a in articles for s in a.sentences}

    def fail(self, line: int, message: str) -> InputError:
        return InputError(f"{self.corrections.path}:{line}: {message}")

    def version(self, line: int, version: str) -> Article:
        if version not in self.versions:
            known = ", ".join(sorted(self.versions))
            raise self.fail(line, f"unknown version {version!r} (the versions are: {known})")
        return self.versions[version]

    def sentence(self, ref: SentenceRef) -> Sentence:
        if ref.id is not None:
            found = self.by_id.get(ref.id)
            if found is None or (ref.version is not None and found.version != ref.version):
                raise self.fail(ref.line, f"no sentence {ref.id!r}")
            return found
        article = self.version(ref.line, cast(str, ref.version))
        wanted = _squash(cast(str, ref.text))
        matches = [s for s in article.sentences if wanted in _squash(s.text)]
        if len(matches) != 1:
            where = f"text {ref.text!r} matches {len(matches) or 'no'} sentence"
            detail = (
                f"s of {article.id} ({', '.join(s.id for s in matches)}): give more of it"
                if matches
                else f" of {article.id}"
            )
            raise self.fail(ref.line, where + detail)
        return matches[0]

    def pair(self, edit: _LinkEdit, kind: str) -> tuple[Sentence, Sentence]:
        first, second = self.sentence(edit.first), self.sentence(edit.second)
        if first.version == second.version:
            raise self.fail(
                edit.line, f"[[{kind}]] joins two sentences of {first.version}: name two versions"
            )
        return first, second

    def versions_of(self, edit: _VersionsEdit) -> tuple[str, ...]:
        for version in edit.versions:
            self.version(edit.line, version)
        return edit.versions

    def edits(self) -> Edits:
        c = self.corrections
        applied: list[Correction] = []
        excluded: dict[str, int] = {}
        for ref in c.exclusions:
            sentence = self.sentence(ref)
            excluded[sentence.id] = ref.line
            applied.append(
                Correction("exclude", ref.line, (sentence.id,), (), None, (sentence.text,))
            )
        pairs: dict[frozenset[str], tuple[str, int]] = {}
        resolved: dict[str, list[tuple[_LinkEdit, Sentence, Sentence]]] = {"link": [], "unlink": []}
        kinds: tuple[tuple[Literal["unlink", "link"], tuple[_LinkEdit, ...]], ...] = (
            ("unlink", c.unlinks),
            ("link", c.links),
        )
        for kind, edits in kinds:
            for edit in edits:
                first, second = self.pair(edit, kind)
                for sentence, ref in ((first, edit.first), (second, edit.second)):
                    if sentence.id in excluded:
                        raise self.fail(
                            ref.line,
                            f"{ref.shown()} is excluded at line {excluded[sentence.id]}",
                        )
                key = frozenset((first.id, second.id))
                if key in pairs:
                    earlier_kind, earlier_line = pairs[key]
                    raise self.fail(
                        edit.line,
                        f"[[{kind}]] names the pair [[{earlier_kind}]] names at line "
                        f"{earlier_line}",
                    )
                pairs[key] = (kind, edit.line)
                resolved[kind].append((edit, first, second))
                applied.append(
                    Correction(
                        kind,
                        edit.line,
                        (first.id, second.id),
                        (first.version, second.version),
                        edit.label,
                        (first.text, second.text),
                    )
                )
        order = None
        if c.order is not None:
            order = self.versions_of(c.order)
            missing = sorted(set(self.versions) - set(order))
            if missing:
                raise self.fail(c.order.line, f"order leaves out {', '.join(missing)}")
            applied.append(Correction("order", c.order.line, (), order))
        taken: dict[str, int] = {}
        for take in c.takes:
            for version in self.versions_of(take):
                if version in taken:
                    raise self.fail(
                        take.line,
                        f"version {version!r} is in the [[take]] of line {taken[version]}",
                    )
                taken[version] = take.line
            applied.append(Correction("take", take.line, (), take.versions))
        times: dict[str, str] = {}
        for timing in c.times:
            self.version(timing.line, timing.version)
            times[timing.version] = timing.published
            applied.append(Correction("time", timing.line, (), (timing.version,), timing.published))
        applied.sort(key=lambda correction: correction.line)
        return Edits(
            excluded=excluded,
            unlinks=tuple((e.line, a.id, b.id) for e, a, b in resolved["unlink"]),
            links=tuple((e.line, a.id, b.id, e.label) for e, a, b in resolved["link"]),
            order=order,
            takes=tuple(t.versions for t in c.takes),
            times=times,
            applied=tuple(applied),
        )
