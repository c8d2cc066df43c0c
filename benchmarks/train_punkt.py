"""Learn the Punkt parameters that compare/segment.py ships (compare/data/punkt_news.json).

    .venv/bin/python benchmarks/train_punkt.py TEXT_FILE [TEXT_FILE ...]

Run by hand, offline, never at install or run time; the package ships only what it learns.

What it was trained on: the Lee background corpus — 300 short news reports of the Australian
Broadcasting Corporation (about 60,000 words), collected by Lee, Pincombe and Welsh (2005) for a
study of document similarity — and its 50-document companion ``lee.cor``.  Both ship inside
gensim's wheel as test data (gensim is LGPL-2.1; the reports' own terms are not stated, which
is why the text itself is never copied into this project).  To reproduce::

    pip download --no-deps -d /tmp/punkt gensim==4.4.0
    cd /tmp/punkt && unzip -q gensim-*.whl 'gensim/test/test_data/lee*.cor'
    .venv/bin/python benchmarks/train_punkt.py \\
        /tmp/punkt/gensim/test/test_data/lee_background.cor /tmp/punkt/gensim/test/test_data/lee.cor

(the files are Latin-1; one report a line).  The corpus is small, so what is kept is filtered:

- abbreviations: only learned types with an inner period ("u.s", "u.n"); the rest of what the
  trainer proposes on 60,000 words is noise (place names, a "35c" price).  The hand-kept AP list
  in segment.py does the main work;
- sentence starters: learned ones less titles ("mr": the reports write "Mr Howard" without a
  period, so the trainer sees "Mr" open sentences after a period), which would break
  "at 5 a.m. Mr. Smith";
- orthographic context (in which case each word type was seen where): kept for the word types
  seen at least ``MIN_ORTHO_COUNT`` times — it is what lets Punkt tell "... against the U.S. The
  ministry" (a break) from "the U.S. Government"; on rarer words the evidence is too thin.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nltk.tokenize.punkt import PunktTrainer

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "compare" / "data" / "punkt_news.json"
# Orthographic evidence is kept only for word types seen this often: one report writing "the
# district" and none "the District" would make "U.S. District Judge" a sentence break.
MIN_ORTHO_COUNT = 10
TITLES = frozenset("mr mrs ms dr prof gen sen rep gov st".split())
SOURCE = (
    "Lee background corpus (300 ABC news reports, Lee, Pincombe and Welsh 2005) and lee.cor, "
    "as shipped in gensim 4.4.0's test data; trained with nltk's PunktTrainer "
    "(benchmarks/train_punkt.py)"
)


def train(paths: list[Path]) -> dict[str, object]:
    trainer = PunktTrainer()
    for path in paths:
        trainer.train(path.read_text(encoding="latin-1"), finalize=False)
    trainer.finalize_training()
    learned = trainer.get_params()
    counts = trainer._type_fdist  # how often each type was seen; PunktTrainer has no public view
    return {
        "source": SOURCE,
        "abbreviations": sorted(a for a in learned.abbrev_types if "." in a),
        "collocations": sorted([a, b] for a, b in learned.collocations),
        "sentence_starters": sorted(set(learned.sent_starters) - TITLES),
        "ortho_context": {
            word: context
            for word, context in sorted(learned.ortho_context.items())
            if counts[word] + counts[word + "."] >= MIN_ORTHO_COUNT
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", nargs="+", type=Path)
    args = parser.parse_args(argv)
    parameters = train(args.texts)
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(json.dumps(parameters, indent=0, ensure_ascii=False) + "\n")
    print(
        f"{OUTPUT.relative_to(ROOT)}: {len(parameters['abbreviations'])} abbreviations, "
        f"{len(parameters['sentence_starters'])} sentence starters, "
        f"{len(parameters['ortho_context'])} word types"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
