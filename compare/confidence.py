"""Stage 3b — confidence: how likely each link is to be right, as a probability.

A logistic curve over the aligner's score, with a shift for split and merge halves once the dev
sets hold enough of them to fit one.  The constants are fitted offline by
``benchmarks/fit_link_confidence.py`` on the labelled sets' dev split only (a link is right when
the labels join the same two sentences); docs/quality.md gives the reliability tables on dev and
on the held-out test split.  An editor's link (compare.corrections) is certain: confidence 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from compare.model import Link, LinkKind

# Fitted by benchmarks/fit_link_confidence.py (see its docstring) on the dev split: 965 links of
# 6 hand-cleaned and 4 real multi-take stories, 11 of them wrong; 4 merge halves and no split
# halves, too few for a shift of their own (0 until dev holds 20).
# P(right) = 1 / (1 + exp(-(INTERCEPT + SLOPE * score + KIND_SHIFT[kind]))).
INTERCEPT = -2.759
SLOPE = 10.208
KIND_SHIFT: dict[LinkKind, float] = {"one-to-one": 0.0, "split": 0.0, "merge": 0.0}

# Links under this confidence are marked "check" in the HTML and PDF reports.  Chosen on dev,
# where the error rate steps up below it: 7 of the 33 links under 0.9 are wrong, 4 of 932 above.
CHECK_BELOW = 0.9


@lru_cache(maxsize=4096)
def link_confidence(score: float, kind: LinkKind) -> float:
    """The fitted probability that an aligner's link of this score and kind is right (cached:
    the links of many versions' copies repeat a few hundred scores)."""
    logit = INTERCEPT + SLOPE * score + KIND_SHIFT[kind]
    return round(1 / (1 + math.exp(-logit)), 3)


def with_confidence(links: Sequence[Link]) -> list[Link]:
    """Every link with its confidence (the aligner's, from the fitted curve)."""
    # Built field by field, not by dataclasses.replace: a story of a hundred versions has
    # some 220,000 links, and replace costs several times a plain construction.
    return [
        link
        if link.confidence is not None
        else Link(
            source=link.source,
            target=link.target,
            label=link.label,
            score=link.score,
            kind=link.kind,
            cues=link.cues,
            by=link.by,
            confidence=link_confidence(link.score, link.kind),
        )
        for link in links
    ]


def needs_check(link: Link) -> bool:
    return link.confidence is not None and link.confidence < CHECK_BELOW
