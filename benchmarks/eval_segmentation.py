"""Segmentation evaluation: exact-match sentence lists on hard news paragraphs.

    .venv/bin/python benchmarks/eval_segmentation.py [--errors]

(also run as a section of ``make eval``).  The labelled set is
``benchmarks/segmentation/cases.jsonl``, one case a line: ``id``, ``split``, ``source``,
``text`` (one paragraph) and ``sentences`` (the exact expected list).  Two kinds of case:

- ``dev``: paragraphs of the real corpus (``../shared/corpus``) that hold something hard for a
  segmenter (abbreviations, initials, ellipses, quotes ending in "!" or "?", times, references);
  each expected list was drafted by the segmenter, then read and corrected by hand.  The rules
  were developed looking at these, hence "dev";
- ``test``: cases written for the issue's failure classes (an abbreviation ending a sentence,
  ellipses in every style, list items, "p. 55"), expected lists written before the run.

A case counts when the predicted list equals the expected one exactly (whitespace squashed).
The baseline beside it is nltk's Punkt with no parameters at all — what ``PunktSentenceTokenizer()``
does out of the box offline.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nltk.tokenize.punkt import PunktSentenceTokenizer

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout: import the local package
    sys.path.insert(0, str(ROOT))

from compare.model import Article  # noqa: E402
from compare.segment import segment  # noqa: E402

CASES = ROOT / "benchmarks" / "segmentation" / "cases.jsonl"
SPLITS = ("dev", "test")

Segmenter = Callable[[str], list[str]]


@dataclass(frozen=True)
class Case:
    id: str
    split: str
    source: str
    text: str
    sentences: tuple[str, ...]


def load_cases(path: Path = CASES) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            cases.append(
                Case(raw["id"], raw["split"], raw["source"], raw["text"], tuple(raw["sentences"]))
            )
    return cases


def story_compare(text: str) -> list[str]:
    """The project's segmenter, through the stage's own entry point."""
    return [s.text for s in segment(Article(id="v", path="v.txt", text=text)).sentences]


def untrained_punkt(text: str) -> list[str]:
    return PunktSentenceTokenizer().tokenize(text)


def _squash(sentences: Sequence[str]) -> list[str]:
    return [" ".join(s.split()) for s in sentences]


def exact(segmenter: Segmenter, case: Case) -> bool:
    return _squash(segmenter(case.text)) == _squash(case.sentences)


SEGMENTERS: dict[str, Segmenter] = {
    "story-compare": story_compare,
    "untrained Punkt": untrained_punkt,
}


def evaluate(cases: Sequence[Case]) -> dict[str, dict[str, dict[str, int]]]:
    """{segmenter: {split: {"exact": n, "cases": n}}}, with an "all" split."""
    results: dict[str, dict[str, dict[str, int]]] = {}
    for name, segmenter in SEGMENTERS.items():
        per_split = {split: {"exact": 0, "cases": 0} for split in (*SPLITS, "all")}
        for case in cases:
            hit = exact(segmenter, case)
            for split in (case.split, "all"):
                per_split[split]["cases"] += 1
                per_split[split]["exact"] += hit
        results[name] = per_split
    return results


def report(
    results: dict[str, dict[str, dict[str, int]]], cases: Sequence[Case], errors: bool
) -> list[str]:
    lines = [
        "",
        f"Segmentation — exact-match sentence lists ({CASES.relative_to(ROOT)}; "
        "dev = real corpus paragraphs, test = written cases)",
        f"  {'segmenter':<18}" + "".join(f"{split:>18}" for split in (*SPLITS, "all")),
    ]
    for name, per_split in results.items():
        cells = "".join(
            f"{c['exact']:>5}/{c['cases']:<4} {c['exact'] / max(c['cases'], 1):.3f}  "
            for c in (per_split[s] for s in (*SPLITS, "all"))
        )
        lines.append(f"  {name:<18}{cells}".rstrip())
    if errors:
        for case in cases:
            if not exact(story_compare, case):
                lines.append(f"  wrong: {case.id}")
                lines.extend(f"      got  | {s}" for s in story_compare(case.text))
                lines.extend(f"      want | {s}" for s in case.sentences)
    return lines


def section(errors: bool = False) -> tuple[list[str], dict[str, dict[str, dict[str, int]]]]:
    """The lines ``make eval`` prints for segmentation, and the numbers for its JSON."""
    cases = load_cases()
    results = evaluate(cases)
    return report(results, cases, errors), results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="list every case got wrong")
    args = parser.parse_args(argv)
    print("\n".join(section(args.errors)[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
