"""Build the news-background document frequencies that ``AlignOptions.background_idf`` blends
into the story's own IDF (compare/data/news_df.json.gz).

    .venv/bin/python benchmarks/build_news_idf.py TEXT_FILE [TEXT_FILE ...]

Run by hand, offline, never at install or run time; the package ships only the table (stem →
number of background sentences holding it), never the text.  The body is the one
benchmarks/train_punkt.py learns from: the Lee background corpus (300 ABC news reports) and
its 50-report companion, shipped as test data in gensim's wheel (Latin-1, one report a line)::

    pip download --no-deps -d /tmp/lee gensim==4.4.0
    cd /tmp/lee && unzip -q gensim-*.whl 'gensim/test/test_data/lee*.cor'
    .venv/bin/python benchmarks/build_news_idf.py \\
        /tmp/lee/gensim/test/test_data/lee_background.cor /tmp/lee/gensim/test/test_data/lee.cor

Each report is segmented by the project's own segmenter and counted per sentence, the unit
the story's IDF counts in, with the aligner's own content stems.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from compare.model import Article  # noqa: E402
from compare.normalize import tokens  # noqa: E402
from compare.segment import segment  # noqa: E402

OUTPUT = ROOT / "compare" / "data" / "news_df.json.gz"
SOURCE = (
    "Lee background corpus (300 ABC news reports, Lee, Pincombe and Welsh 2005) and lee.cor, "
    "as shipped in gensim 4.4.0's test data; sentence document frequencies of content stems "
    "(benchmarks/build_news_idf.py)"
)


def document_frequencies(paths: list[Path]) -> tuple[int, Counter[str]]:
    sentences = 0
    frequency: Counter[str] = Counter()
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="latin-1").splitlines()):
            if not line.strip():
                continue
            article = segment(Article(id=f"r{number}", path=str(path), text=line))
            for sentence in article.sentences:
                sentences += 1
                frequency.update({t.stem for t in tokens(sentence.text) if t.content})
    return sentences, frequency


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", nargs="+", type=Path)
    args = parser.parse_args(argv)
    sentences, frequency = document_frequencies(args.texts)
    table = {"source": SOURCE, "sentences": sentences, "df": dict(sorted(frequency.items()))}
    data = json.dumps(table, separators=(",", ":"), ensure_ascii=False).encode()
    # mtime 0: the same input gives the same bytes
    OUTPUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    size = OUTPUT.stat().st_size
    print(f"{OUTPUT.relative_to(ROOT)}: {sentences} sentences, {len(frequency)} stems, {size} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
