"""Build the WordNet synonym table that ``AlignOptions.synonym_weight`` reads
(compare/data/wordnet_synonyms.json.gz).

    .venv/bin/python benchmarks/build_synonyms.py [WORDNET_DICT_FOLDER]

Run by hand, offline, never at install or run time.  The source is Princeton WordNet 3.0 as
Debian packages it (``apt-get install wordnet-base``: /usr/share/wordnet).  nltk's reader
refuses folders outside its data paths, and only the index files are needed, so they are read
directly: each line of ``index.noun|verb|adj|adv`` is a lemma, its part of speech and, last,
the offsets of its synsets in order of sense frequency.

What is kept: single-word lemmas, each with its ``SENSES`` most frequent senses only (rare
senses make every word a synonym of every other: "supply" and "add" share a verb synset),
mapped to the aligner's Snowball stems; then only synsets that join at least two different
stems, renumbered 0…n.  The table is stem → synset numbers; two stems are synonyms when they
share one.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from compare.normalize import STOPWORDS, stem  # noqa: E402

OUTPUT = ROOT / "compare" / "data" / "wordnet_synonyms.json.gz"
SENSES = 2
SOURCE = (
    "Princeton WordNet 3.0 (Debian wordnet-base), single-word lemmas' most frequent senses; "
    "built by benchmarks/build_synonyms.py. WordNet 3.0 Copyright 2006 by Princeton "
    "University. All rights reserved. (WordNet license: free use, copying and distribution "
    "with this notice.)"
)


def synonym_table(folder: Path) -> dict[str, list[int]]:
    stems_of: dict[str, set[str]] = defaultdict(set)  # synset → stems
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (folder / f"index.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):  # the licence header
                continue
            fields = line.split()
            lemma, synset_count = fields[0], int(fields[2])
            if "_" in lemma or "-" in lemma or not lemma.isalpha() or lemma in STOPWORDS:
                continue
            for offset in fields[-synset_count:][:SENSES]:
                stems_of[f"{pos[0]}{offset}"].add(stem(lemma))
    joining = sorted(key for key, stems in stems_of.items() if len(stems) > 1)
    table: dict[str, list[int]] = defaultdict(list)
    for number, key in enumerate(joining):
        for word_stem in sorted(stems_of[key]):
            table[word_stem].append(number)
    return dict(sorted(table.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=Path("/usr/share/wordnet"))
    args = parser.parse_args(argv)
    table = synonym_table(args.folder)
    data = json.dumps({"source": SOURCE, "synsets": table}, separators=(",", ":")).encode()
    OUTPUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    size = OUTPUT.stat().st_size
    print(f"{OUTPUT.relative_to(ROOT)}: {len(table)} stems, {size} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
