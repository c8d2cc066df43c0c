"""The evaluation harness behind ``make eval``: it must count what it claims to count."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from compare.align import AlignOptions
from compare.ingest import read_version
from compare.model import Article, Comparison, Link, Ordering, Sentence, Story, Take
from compare.segment import segment

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("evaluate", ROOT / "benchmarks" / "evaluate.py")
evaluate = importlib.util.module_from_spec(_spec)
sys.modules["evaluate"] = evaluate  # dataclasses look their module up there
_spec.loader.exec_module(evaluate)

EARLIER = (
    "The council will vote on the harbour plan on Thursday.\n\n"
    "Fishermen say the new quay would cut their moorings by half.\n\n"
    "The mayor called the plan a generational chance."
)
LATER = (
    "The council voted 9-2 on Thursday to approve the harbour plan.\n\n"
    "The mayor called the plan a generational chance.\n\n"
    "Work is due to begin in the spring."
)


def labelled(links: list[tuple[str, str, str]]) -> evaluate.LabelledStory:
    return evaluate.LabelledStory(
        name="harbour",
        split="dev",
        articles=[
            Article(id="early", path="early.txt", text=EARLIER),
            Article(id="late", path="late.txt", text=LATER),
        ],
        order=[["early"], ["late"]],
        links=[evaluate.GoldLink("early", a, "late", b, label) for a, b, label in links],
    )


def test_counts_a_found_a_missed_and_a_mislabelled_link():
    story = labelled(
        [
            ("The council will vote", "The council voted", "shared"),  # found, label wrong
            ("The mayor called", "The mayor called", "shared"),  # found, label right
            ("Fishermen say", "Work is due", "shared"),  # not a real link: will be missed
        ]
    )
    result = evaluate.evaluate_story(story, AlignOptions())
    counts = result.counts
    assert (counts.tp, counts.fp, counts.fn, counts.tp_labelled) == (2, 0, 1, 1)
    assert counts.link_matrix == {
        ("shared", "updated"): 1,
        ("shared", "shared"): 1,
        ("shared", "none"): 1,
    }
    assert (counts.pairs, counts.pairs_right) == (1, 1)
    scores = counts.scores()
    assert scores["precision"] == 1.0 and scores["recall"] == pytest.approx(2 / 3)
    assert scores["label_accuracy"] == 0.5
    assert {error.kind for error in result.errors} == {"label", "missed"}


def test_a_label_naming_no_sentence_is_an_error_not_a_silent_skip():
    story = labelled([("No such sentence", "The mayor called", "shared")])
    with pytest.raises(evaluate.LabelError, match="matches 0 sentences"):
        evaluate.evaluate_story(story, AlignOptions())


def test_every_labelled_set_loads_and_is_reported(tmp_path, capsys):
    numbers = tmp_path / "eval.json"
    assert evaluate.main(["--json", str(numbers)]) == 0
    printed = capsys.readouterr().out
    output = json.loads(numbers.read_text(encoding="utf-8"))
    folders = [p for p in (ROOT / "benchmarks" / "eval").iterdir() if p.is_dir()]
    real = {p.name for p in folders if evaluate.is_real_set(_labels(p))}
    sets = {p.name for p in folders} - real
    assert set(output["stories"]) == {*sets, "putin-kim-2024-06-19"}
    if evaluate.CORPUS_DIR.is_dir():
        assert set(output["real"]["stories"]) == real
        splits = {_labels(p)["split"] for p in folders if p.name in real}
        assert set(output["real"]["splits"]) == splits
    for name, numbers_of_set in output["stories"].items():
        confusion = numbers_of_set["link_confusion"]
        found = sum(n for key, n in confusion.items() if not key.endswith("->none"))
        assert found == numbers_of_set["tp"] + numbers_of_set["fp"], name
    per_set = [
        line.split()[0]
        for block in printed.split("link confusion per set")[1:]
        for line in block.split("\n\n")[0].splitlines()[2:]
    ]
    assert set(per_set) - {"ALL"} == set(output["stories"]) | set(output["real"]["stories"])


def test_docs_quality_shows_what_make_eval_prints_now(capsys):
    # docs/quality.md must stay current: its "Current numbers" block is make eval's output.
    assert evaluate.main([]) == 0
    printed = capsys.readouterr().out
    quality = (ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
    block = quality.split("## Current numbers (defaults)")[1].split("```\n")[1]
    assert block == printed, "docs/quality.md is stale: paste `make eval`'s output into it"


def _labels(folder: Path) -> dict:
    return json.loads((folder / "labels.json").read_text(encoding="utf-8"))


# ----------------------------------------------------------------- real multi-take sets


def member(key: int, state: str, version: str, *sentences: str) -> evaluate.ResolvedMember:
    return evaluate.ResolvedMember(key, state, version, sentences)


def test_gold_links_derived_from_statement_clusters():
    statements = [
        # one wording in two versions of take 1, a new state in take 2
        [member(0, "planned", "a", "a-s0"), member(0, "planned", "b", "b-s0"),
         member(1, "done", "c", "c-s3")],
        # a split: one sentence in a, two in c; both parts are linked to it
        [member(0, "x", "a", "a-s1"), member(1, "x", "c", "c-s4", "c-s5")],
        # one wording split the same way in two versions: linked part to part
        [member(0, "x", "a", "a-s2", "a-s3"), member(0, "x", "b", "b-s2", "b-s3")],
        # two members in one version are never linked to each other
        [member(0, "x", "c", "c-s6"), member(1, "y", "c", "c-s7")],
    ]  # fmt: skip
    gold = evaluate.derive_gold(statements)
    pair = frozenset
    assert gold == {
        pair(("a-s0", "b-s0")): "shared",
        pair(("a-s0", "c-s3")): "updated",
        pair(("b-s0", "c-s3")): "updated",
        pair(("a-s1", "c-s4")): "shared",
        pair(("a-s1", "c-s5")): "shared",
        pair(("a-s2", "b-s2")): "shared",
        pair(("a-s3", "b-s3")): "shared",
    }


def test_a_pair_labelled_both_ways_is_a_label_error():
    statements = [
        [member(0, "x", "a", "a-s0"), member(0, "x", "b", "b-s0")],
        [member(0, "x", "a", "a-s0"), member(1, "y", "b", "b-s0")],
    ]
    with pytest.raises(evaluate.LabelError, match="both shared and updated"):
        evaluate.derive_gold(statements)


def test_take_f1_counts_same_take_pairs():
    truth = evaluate.same_take_pairs([["a", "b", "c"], ["d"]])
    predicted = evaluate.same_take_pairs([["a", "b"], ["c", "d"]])
    assert evaluate.f1_counts(predicted, truth) == (1, 2, 3)  # a+b right; c+d wrong
    counts = evaluate.RealCounts(take_tp=1, take_predicted=2, take_true=3)
    scores = counts.scores()
    assert scores["take_precision"] == 0.5 and scores["take_recall"] == pytest.approx(1 / 3)
    assert scores["take_f1"] == pytest.approx(0.4)


def test_an_undecided_order_is_counted_apart_not_binned():
    # "Ordered by name, nothing orders them" at 50 % claims no order: binned it would be off
    # by construction; it stays wrong in the order accuracy.
    calibration = evaluate.Calibration()
    for _ in range(25):
        calibration.add(0.5, False, decided=False)
    calibration.add(0.95, True)
    assert calibration.undecided == 25
    assert [row[:2] for row in calibration.rows()] == [("0.9-1.0", 1)]
    lines = evaluate.calibration_lines("title", calibration)
    assert any(line.split()[:2] == ["undecided", "25"] for line in lines)
    merged = evaluate.Calibration()
    merged.merge(calibration)
    assert merged.undecided == 25


def test_calibration_bins_count_accuracy_and_flag_miscalibrated_full_bins():
    calibration = evaluate.Calibration()
    for n in range(20):  # 20 decisions at 0.95, half right: flagged
        calibration.add(0.95, n % 2 == 0)
    calibration.add(1.0, True)  # 1.0 falls in the last bin
    calibration.add(0.55, False)  # a bin of one decision is never flagged
    calibration.add(0.2, True)
    rows = {
        label: (n, accuracy, mean, flagged)
        for label, n, accuracy, mean, flagged in calibration.rows()
    }
    assert set(rows) == {"0.0-0.5", "0.5-0.6", "0.9-1.0"}
    n, accuracy, mean, flagged = rows["0.9-1.0"]
    assert (n, flagged) == (21, True)
    assert accuracy == pytest.approx(11 / 21) and mean == pytest.approx((0.95 * 20 + 1) / 21)
    assert rows["0.5-0.6"] == (1, 0.0, 0.55, False)
    assert rows["0.0-0.5"][:2] == (1, 1.0)


class FixedRuns:
    """A pipeline stand-in: each run's versions come back in input order (or reversed), with
    a given ordering method; a run of identical texts fails as the real ingest refuses it."""

    def __init__(self, reverse: bool, method: str = "content", confidence: float = 0.75):
        self.reverse, self.method, self.confidence = reverse, method, confidence

    def run(self, paths):
        texts = [Path(p).read_text(encoding="utf-8") for p in paths]
        if len(set(texts)) == 1:
            return None, {}, "InputError: identical: nothing to compare"
        ordered = list(reversed(paths)) if self.reverse else list(paths)
        versions = tuple(Article(id=Path(p).stem, path=str(p), text="") for p in ordered)
        comparison = Comparison(
            story=Story(id="s"),
            versions=versions,
            links=(),
            ordering=Ordering(self.method, self.confidence),
            takes=(Take(id=versions[0].id, versions=tuple(v.id for v in versions)),),
        )
        return comparison, {v.id: v.id for v in versions}, None


def tiny_story(tmp_path: Path) -> evaluate.RealStory:
    for stem, text in (("early", EARLIER), ("early2", EARLIER), ("late", LATER)):
        (tmp_path / f"{stem}.txt").write_text(text, encoding="utf-8")
    versions = {
        stem: evaluate.RealVersion(stem, tmp_path / f"{stem}.txt", take)
        for stem, take in (("early", "t1"), ("early2", "t1"), ("late", "t2"))
    }
    return evaluate.RealStory("tiny", "dev", tmp_path, versions, [["t1"], ["t2"]], [])


def test_pairwise_order_is_scored_with_the_pair_passed_in_both_orders(tmp_path):
    story = tiny_story(tmp_path)
    # input order kept: right when the earlier version is passed first, wrong otherwise
    counts = evaluate.evaluate_real_story(story, FixedRuns(reverse=False)).counts
    assert (counts.pair_decisions, counts.pair_right) == (4, 2)  # 2 ordered pairs × 2 orders
    assert counts.calibration.rows() == [("0.7-0.8", 4, 0.5, 0.75, False)]
    # the identical pair of take 1 is run once and its refusal counted, not raised
    assert (counts.same_take_runs, counts.same_take_failed) == (1, 1)
    # all three versions in one take: both same-take pairs found, plus two wrong ones
    assert (counts.take_tp, counts.take_predicted, counts.take_true) == (1, 3, 1)
    assert (counts.take_order_pairs, counts.take_order_right) == (2, 2)
    reversed_counts = evaluate.evaluate_real_story(story, FixedRuns(reverse=True)).counts
    assert reversed_counts.pair_right == 2 and reversed_counts.take_order_right == 0


def test_an_undecided_order_counts_as_wrong(tmp_path):
    story = tiny_story(tmp_path)
    counts = evaluate.evaluate_real_story(story, FixedRuns(False, "none", 0.0)).counts
    assert (counts.pair_decisions, counts.pair_right, counts.take_order_right) == (4, 0, 0)
    assert not evaluate.order_right(["a", "b"], "a", "b", "none")
    assert evaluate.order_right(["a", "b"], "a", "b", "content")
    assert not evaluate.order_right(["b", "a"], "a", "b", "published")


def test_fragments_match_inside_or_at_the_start_of_a_sentence():
    sentences = [
        Sentence("v-s0", "v", 0, 0, 0, 0, "“When I won it became a big deal,” he said."),
        Sentence("v-s1", "v", 1, 0, 0, 0, "When I won it became a big deal."),
    ]
    assert evaluate.find_fragment(sentences, "When I won") == ["v-s0", "v-s1"]
    assert evaluate.find_fragment(sentences, '"When I won') == ["v-s0"]  # quotes folded
    assert evaluate.find_fragment(sentences, "^When I won") == ["v-s1"]


REAL_SETS = sorted(
    p
    for p in (ROOT / "benchmarks" / "eval").iterdir()
    if p.is_dir() and evaluate.is_real_set(_labels(p))
)


@pytest.mark.skipif(
    not evaluate.CORPUS_DIR.is_dir(), reason="the corpus is not at ../shared/corpus"
)
@pytest.mark.parametrize("folder", REAL_SETS, ids=[p.name for p in REAL_SETS])
def test_every_real_label_fragment_names_one_sentence_of_its_version(folder):
    # Through the real ingest and segmenter, as make eval reads the pages: a furniture or
    # segmentation change that breaks a label fails here, naming the fragment.
    story = evaluate.load_real_story(folder, _labels(folder), evaluate.CORPUS_DIR)
    sentences = {
        stem: segment(read_version(v.path, version_id=f"v{n}")).sentences
        for n, (stem, v) in enumerate(story.versions.items())
    }
    resolved, _ = evaluate.resolve(story, sentences)  # raises LabelError on a bad one
    assert len(resolved) == len(story.statements)
    for statement, members in zip(story.statements, resolved, strict=True):
        named = {stem for m in statement.members for stem in evaluate.member_versions(story, m)}
        found = {m.version for m in members}
        lacking = {s for s in named - found if not story.versions[s].cut_off}
        assert not lacking, f"{statement.id}: not found in {sorted(lacking)}"
    assert len(evaluate.derive_gold(resolved)) > 0
    assert all(story.tier(stem) >= 0 for stem in story.versions)


def test_link_scoring_skips_glued_sentences_and_can_keep_only_cross_take_pairs():
    def version(vid: str, n: int) -> Article:
        sentences = tuple(Sentence(f"{vid}-s{i}", vid, i, 0, 0, 0, f"{vid} {i}") for i in range(n))
        return Article(id=vid, path=vid, text="", sentences=sentences)

    # a and b are one take, c a later one; b-s2 is a glued-in caption
    comparison = Comparison(
        story=Story(id="s"),
        versions=(version("a", 2), version("b", 3), version("c", 2)),
        links=(
            Link("a-s0", "b-s0", "shared", 1.0),  # right, same take
            Link("a-s0", "c-s0", "shared", 0.6),  # right label is updated
            Link("b-s2", "c-s1", "shared", 0.5),  # touches the caption: not scored
            Link("a-s1", "c-s1", "shared", 0.4),  # spurious, across takes
        ),
        ordering=Ordering("content", 0.8),
    )
    gold = {
        frozenset(("a-s0", "b-s0")): "shared",
        frozenset(("a-s0", "c-s0")): "updated",
        frozenset(("b-s0", "c-s0")): "updated",  # missed
    }
    ignored = frozenset({"b-s2"})
    counts = evaluate.Counts()
    evaluate.score_links(counts, gold, comparison, ignored)
    assert (counts.tp, counts.fp, counts.fn, counts.tp_labelled) == (2, 1, 1, 1)
    assert sum(counts.sentence_matrix.values()) == 6  # seven sentences, the caption left out
    cross = evaluate.Counts()
    take = {"a": "t1", "b": "t1", "c": "t2"}
    evaluate.score_links(
        cross, gold, comparison, ignored, lambda pair: len({take[s[0]] for s in pair}) == 2
    )
    assert (cross.tp, cross.fp, cross.fn, cross.tp_labelled) == (1, 1, 1, 0)
    assert cross.sentence_matrix == {}
    real = evaluate.RealCounts()
    real.links.link_matrix = {
        ("updated", "shared"): 1,
        ("updated", "none"): 1,
        ("none", "updated"): 2,
    }
    real.links.link_matrix[("updated", "updated")] = 2
    scores = real.scores()
    assert scores["update_recall"] == 0.5  # 2 of 4 gold updated links found as updated
    assert scores["update_precision"] == 0.5  # 2 of 4 links labelled updated are right


def test_real_sets_are_skipped_with_a_note_when_the_corpus_is_missing(tmp_path):
    stories, note = evaluate.load_real(["dev", "test"], corpus=tmp_path / "no-corpus")
    kept = {p.name for p in REAL_SETS if "pages_folder" in _labels(p)}
    assert {story.name for story in stories} == kept
    assert note is not None and "skipped" in note
