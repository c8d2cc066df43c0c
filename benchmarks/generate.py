"""Build N realistic two-version stories for the batch benchmark (and nothing else).

Each story is made from real wire-copy paragraphs (the reference story and, when present, the
shared AP corpus), not from copies of one text: a run of consecutive paragraphs of one source
article, seasoned with a paragraph from elsewhere, is the earlier version; the later version is
that text edited the way outlets and later takes edit it — trimmed, paragraphs reordered, some
sentences reworded or moved to the past tense, a number updated, one sentence split, and new
paragraphs added.  A seeded RNG makes the same N and seed give the same files.

    python benchmarks/generate.py OUT_DIR --stories 1000 [--seed 7]

Writes OUT_DIR/story-00001/{earlier.txt,later.txt}, ... (the news text is for local benchmarks
only; it is not shipped).
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "compare" / "samples", ROOT.parent / "shared" / "corpus")

# A paragraph of article text, not page furniture: long enough, with a sentence end.
_BODY = re.compile(r"^[\"“‘'A-Z(].{79,}[.!?\"”’)]$")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“‘A-Z])")
_NUMBER = re.compile(r"\b\d{1,3}\b")

# Rewordings an outlet or a later take makes; each (pattern, replacement) keeps the grammar.
REWORDINGS = (
    (r"\bsaid\b", "told reporters"),
    (r"\bsays\b", "said"),
    (r"\bwill\b", "would"),
    (r"\bis expected to\b", "was expected to"),
    (r"\bplans to\b", "planned to"),
    (r"\bis\b", "was"),
    (r"\bare\b", "were"),
    (r"\bhas\b", "had"),
    (r"\bPresident\b", "leader"),
    (r"\balso\b", "additionally"),
    (r"\bhowever\b", "though"),
    (r"\bon Monday\b", "earlier Monday"),
)
FURNITURE = ("Advertisement", "Share this article", "RELATED STORIES", "Trending Now")


def load_articles(sources: Sequence[Path] = SOURCES) -> list[list[str]]:
    """Body paragraphs of every source article (one list per file, in order)."""
    articles = []
    for source in sources:
        for path in sorted(source.glob("*/*.txt")) if source.is_dir() else ():
            text = path.read_text(encoding="utf-8", errors="replace")
            paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
            body = [p for p in paragraphs if _BODY.match(p)]
            if len(body) >= 4:
                articles.append(body)
    if not articles:
        raise SystemExit("no source articles found under " + ", ".join(map(str, sources)))
    return articles


def _reword(paragraph: str, rng: random.Random) -> str:
    sentences = _SENTENCE_END.split(paragraph)
    index = rng.randrange(len(sentences))
    for pattern, replacement in rng.sample(REWORDINGS, len(REWORDINGS)):
        changed = re.sub(pattern, replacement, sentences[index], count=1)
        if changed != sentences[index]:
            sentences[index] = changed
            break
    return " ".join(sentences)


def _update_number(paragraph: str, rng: random.Random) -> str:
    return _NUMBER.sub(lambda m: str(int(m.group()) + rng.randint(1, 9)), paragraph, count=1)


def _split_sentence(paragraph: str) -> str:
    """One sentence becomes two at its first ", and " or "; " (a common wire edit)."""
    return re.sub(r"(, and |; )(\w)", lambda m: ". " + m.group(2).upper(), paragraph, count=1)


def later_take(paragraphs: list[str], extra: list[str], rng: random.Random) -> list[str]:
    edited = list(paragraphs)
    keep = max(3, round(len(edited) * rng.uniform(0.7, 1.0)))  # trimmed from the bottom
    edited = edited[:keep]
    for _ in range(rng.randint(0, 2)):  # paragraphs moved
        i = rng.randrange(len(edited) - 1)
        edited[i], edited[i + 1] = edited[i + 1], edited[i]
    for i in rng.sample(range(len(edited)), k=min(len(edited), rng.randint(1, 4))):
        edited[i] = _reword(edited[i], rng)
    numbered = [i for i, p in enumerate(edited) if _NUMBER.search(p)]
    if numbered:
        i = rng.choice(numbered)
        edited[i] = _update_number(edited[i], rng)
    i = rng.randrange(len(edited))
    edited[i] = _split_sentence(edited[i])
    for paragraph in extra:  # what the later take adds
        edited.insert(rng.randint(1, len(edited)), paragraph)
    return edited


def page(headline: str, paragraphs: list[str], published: str, rng: random.Random) -> str:
    lines = [headline, "", f"Published: {published}", ""]
    for index, paragraph in enumerate(paragraphs):
        lines += [paragraph, ""]
        if index == 2 and rng.random() < 0.5:
            lines += [rng.choice(FURNITURE), ""]
    return "\n".join(lines)


def make_story(articles: list[list[str]], rng: random.Random) -> tuple[str, str]:
    source = rng.choice(articles)
    length = rng.randint(min(6, len(source)), min(22, len(source)))
    start = rng.randrange(len(source) - length + 1)
    earlier = source[start : start + length]
    others = [p for article in rng.sample(articles, 3) if article is not source for p in article]
    if others:
        earlier.insert(rng.randint(1, len(earlier)), rng.choice(others))
    extra = rng.sample(others, k=min(len(others), rng.randint(1, 3)))
    headline = " ".join(earlier[0].split()[: rng.randint(7, 12)]).rstrip(",;:—")
    day, hour = rng.randint(1, 28), rng.randint(6, 18)
    return (
        page(headline, earlier, f"{hour:02}:{rng.randint(0, 59):02}, {day} June 2024", rng),
        page(_reword(headline, rng), later_take(earlier, extra, rng),
             f"{hour + 3:02}:{rng.randint(0, 59):02}, {day} June 2024", rng),
    )  # fmt: skip


def generate(out_dir: Path, stories: int, seed: int = 7) -> list[Path]:
    articles = load_articles()
    folders = []
    for number in range(1, stories + 1):
        rng = random.Random(seed * 1_000_003 + number)
        earlier, later = make_story(articles, rng)
        folder = out_dir / f"story-{number:05}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "earlier.txt").write_text(earlier, encoding="utf-8")
        (folder / "later.txt").write_text(later, encoding="utf-8")
        folders.append(folder)
    return folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    folders = generate(args.out_dir, args.stories, args.seed)
    print(f"{len(folders)} stories in {args.out_dir}")


if __name__ == "__main__":
    main()
