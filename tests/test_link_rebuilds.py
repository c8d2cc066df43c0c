"""classify and confidence rebuild every link field by field (``dataclasses.replace`` costs
several times a plain construction, and a hundred versions have some 220,000 links).  These
tests keep that safe: every field survives the rebuild, and a field added to ``Link`` fails
here until both rebuilds pass it on."""

from __future__ import annotations

from dataclasses import fields, replace

from compare.classify import _labelled
from compare.confidence import link_confidence, with_confidence
from compare.model import Cue, Link, Sentence

REBUILT_FIELDS = ["source", "target", "label", "score", "kind", "cues", "by", "confidence"]


def _link() -> Link:
    # every field away from its default, so a rebuild that forgot one would show it
    return Link(
        "a-s0", "b-s0", "updated", 0.61, "split", (Cue("tense", "will", "did"),), "editor", None
    )


def test_link_has_the_fields_the_rebuilds_pass_on():
    assert [f.name for f in fields(Link)] == REBUILT_FIELDS, (
        "Link changed: pass the new field on in classify._labelled and "
        "confidence.with_confidence, then list it here"
    )


def test_with_confidence_keeps_every_other_field():
    link = _link()
    (rebuilt,) = with_confidence([link])
    assert rebuilt == replace(link, confidence=link_confidence(link.score, link.kind))


def test_labelling_keeps_every_field_it_does_not_decide():
    sentences = {
        "a-s0": Sentence("a-s0", "a", 0, 0, 0, 30, "The leaders will meet on Monday."),
        "b-s0": Sentence("b-s0", "b", 0, 0, 0, 25, "The leaders met on Monday."),
    }
    link = replace(_link(), confidence=0.8)
    rebuilt = _labelled(link, sentences, {"a": 0, "b": 1}, {("a", "b")})
    assert (rebuilt.source, rebuilt.target) == ("a-s0", "b-s0")
    assert rebuilt == replace(link, label=rebuilt.label, cues=rebuilt.cues)
    assert rebuilt.label == "updated" and rebuilt.cues
    # the later version first: source and target swap, a split reads as a merge
    flipped = _labelled(link, sentences, {"a": 1, "b": 0}, {("a", "b")})
    assert (flipped.source, flipped.target, flipped.kind) == ("b-s0", "a-s0", "merge")
    assert (flipped.score, flipped.by, flipped.confidence) == (0.61, "editor", 0.8)
