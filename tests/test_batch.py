"""Batch: story discovery, JSONL manifests, resume, failures, executors, the index page."""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from compare import cli
from compare.align import AlignOptions
from compare.batch import StoryResult, executors, limits, run_batch
from compare.batch.executors import Workers, open_workers
from compare.batch.index import render_index
from compare.batch.resume import MARKER, input_digest
from compare.batch.runner import WORKER_DIED, _BatchRun
from compare.batch.sources import JsonlManifest, StoryJob, find_stories
from compare.batch.worker import Settings
from compare.errors import InputError, ResourceError
from compare.resources import sample_story_dir

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SAMPLE_FILES = ("dhaka.txt", "manila.txt")


def make_story(root: Path, name: str, files: tuple[str, ...] = SAMPLE_FILES) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    for file in files:
        shutil.copy(sample_story_dir() / file, folder / file)
    return folder


@pytest.fixture
def stories(tmp_path: Path) -> Path:
    """Two good stories and one that cannot be compared (a single version)."""
    root = tmp_path / "stories"
    make_story(root, "alpha")
    make_story(root, "beta")
    make_story(root, "lonely", files=("dhaka.txt",))
    return root


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        cli.main(list(argv))
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


def read_summary(out_dir: Path) -> dict[str, dict]:
    summary = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    return {row["story"]: row for row in summary["stories"]}


# --- sources -------------------------------------------------------------------------------


def test_story_folders_skip_hidden_folders_files_and_the_output_folder(tmp_path):
    root = tmp_path / "in"
    make_story(root, "one")
    make_story(root, ".hidden")
    (root / "stray.txt").write_text("not a story")
    (root / "out").mkdir()
    stories = find_stories(root, exclude=root / "out")
    assert len(stories) == 1
    assert [job.id for job in stories] == ["one"]


def test_a_folder_without_story_folders_is_an_input_error(tmp_path):
    make_story(tmp_path, "flat")  # INPUT is one story, not a folder of stories
    with pytest.raises(InputError, match="no story folders"):
        find_stories(tmp_path / "flat")


SEEN = "2024-06-19T13:00:00+06:00"


def test_manifest_groups_stories_across_lines_and_keeps_line_numbers(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("Alpha text.")
    manifest = tmp_path / "batch.jsonl"
    lines = [
        {"story": "s1", "version": "v1", "path": "texts/a.txt", "outlet": "Daily"},
        {"story": "s2", "version": "v1", "text": "Inline one."},
        {"story": "s1", "version": "v2", "text": "Inline two.", "published": "2024-06-19T12:27"},
        {"story": "s2", "version": "v2", "text": "Inline 3.", "phase": "later", "seen": SEEN},
    ]
    manifest.write_text("\n".join(json.dumps(line) for line in lines[:2]) + "\n\n"
                        + "\n".join(json.dumps(line) for line in lines[2:]) + "\n")  # fmt: skip
    jobs = {job.id: job for job in JsonlManifest(manifest)}
    assert list(jobs) == ["s1", "s2"]
    first, second = jobs["s1"].source
    assert (first.line, first.version, first.outlet) == (1, "v1", "Daily")
    assert first.text is None and Path(first.origin) == tmp_path / "texts" / "a.txt"
    assert (second.line, second.text, second.published) == (4, "Inline two.", "2024-06-19T12:27")
    assert second.origin == f"{manifest} line 4"
    assert [v.phase for v in jobs["s2"].source] == [None, "later"]
    assert [v.seen for v in jobs["s2"].source] == [None, SEEN]
    assert jobs["s1"].files() == [(first.origin, (tmp_path / "texts" / "a.txt").resolve())]
    assert jobs["s1"].within == tmp_path


@pytest.mark.parametrize(
    ("bad_line", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('["a", "list"]', "expected a JSON object"),
        ('{"story": "s", "version": "v", "text": "t", "pubished": "x"}', "unknown field"),
        ('{"story": "s", "version": "v", "path": "a", "text": "t"}', "exactly one of"),
        ('{"story": "s", "version": "v"}', "exactly one of"),
        ('{"story": "", "version": "v", "text": "t"}', "'story' must be"),
        ('{"story": "s", "version": "v", "text": "t", "outlet": 3}', "'outlet' must be"),
        ('{"story": "s", "version": "v", "text": "t", "seen": "2024-06-19T13:00"}', "its zone"),
        ('{"story": "s1", "version": "v1", "text": "again"}', "repeats"),
    ],
)
def test_a_bad_manifest_line_is_named_by_its_number(tmp_path, bad_line, problem):
    manifest = tmp_path / "batch.jsonl"
    good = json.dumps({"story": "s1", "version": "v1", "text": "Fine."})
    manifest.write_text(f"{good}\n\n{bad_line}\n")
    with pytest.raises(InputError, match="line 3: ") as raised:
        JsonlManifest(manifest)
    assert problem in str(raised.value)
    assert "\n" not in str(raised.value)


def test_an_empty_manifest_is_an_input_error(tmp_path):
    (tmp_path / "empty.jsonl").write_text("\n  \n")
    with pytest.raises(InputError, match="no versions"):
        find_stories(tmp_path / "empty.jsonl")


# --- resume hash ---------------------------------------------------------------------------


def test_input_digest_follows_input_bytes_and_settings(tmp_path):
    job = StoryJob(id="s", source=make_story(tmp_path, "s"), within=tmp_path)
    json_only = Settings(("json",)).fingerprint()
    before = input_digest(job, json_only)
    assert input_digest(job, json_only) == before
    assert input_digest(job, Settings(("json", "html")).fingerprint()) != before
    (tmp_path / "s" / "story.toml").write_text('title = "A title"\n')
    with_toml = input_digest(job, json_only)
    assert with_toml != before
    manila = tmp_path / "s" / "manila.txt"
    manila.write_bytes(manila.read_bytes().replace(b"Pyongyang", b"Pyongyang!", 1))
    assert input_digest(job, json_only) not in (before, with_toml)


# --- the runner's bookkeeping, with a fake executor ----------------------------------------


class ScriptedWorkers(Workers):
    """Runs nothing: each submission's future resolves at once, or breaks like a dead pool."""

    def __init__(self, workers: int, crashes: dict[str, int]) -> None:
        super().__init__(workers)
        self.crashes = dict(crashes)  # story id -> how many times a worker dies under it
        self.replaced = 0

    def _start(self) -> Executor:
        return self

    def submit(self, function, job, *args) -> Future:
        future: Future = Future()
        if self.crashes.get(job.id, 0) > 0:
            self.crashes[job.id] -= 1
            future.set_exception(BrokenProcessPool("a worker died"))
        else:
            future.set_result(StoryResult(story=job.id, status="done"))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass

    def replace(self) -> None:
        self.replaced += 1
        super().replace()


class ThreadedWorkers(Workers):
    """A real thread pool running a slow stand-in story; counts futures not yet finished."""

    def __init__(self, workers: int) -> None:
        super().__init__(workers)
        self.pending = 0
        self.most_pending = 0
        self._lock = threading.Lock()

    def _start(self) -> Executor:
        return _CountingExecutor(self)


class _CountingExecutor(ThreadPoolExecutor):
    def __init__(self, owner: ThreadedWorkers) -> None:
        super().__init__(max_workers=owner.workers)
        self.owner = owner

    def submit(self, function, job, *args) -> Future:
        owner = self.owner
        with owner._lock:
            owner.pending += 1
            owner.most_pending = max(owner.most_pending, owner.pending)

        def slow_story() -> StoryResult:
            time.sleep(0.005)
            with owner._lock:
                owner.pending -= 1
            return StoryResult(story=job.id, status="done")

        return super().submit(slow_story)


def run_with(workers: Workers, tmp_path: Path, names: list[str]) -> dict[str, StoryResult]:
    run = _BatchRun(tmp_path / "out", Settings(("json",)), len(names), on_story=None)
    try:
        for name in names:
            job = StoryJob(id=name, source=tmp_path / name, within=tmp_path)
            run.start(workers, job, force=True)
        run.drain(workers)
    finally:
        workers.close()
    assert len(run.results) == len(names), "every story is accounted for exactly once"
    return {result.story: result for result in run.results}


def test_in_flight_stories_are_bounded(tmp_path):
    workers = ThreadedWorkers(workers=2)
    names = [f"s{i:02}" for i in range(40)]
    results = run_with(workers, tmp_path, names)
    assert sorted(results) == names
    assert 1 < workers.most_pending <= workers.in_flight == 4


def test_a_dead_worker_fails_its_story_and_the_bystanders_are_retried(tmp_path):
    workers = ScriptedWorkers(workers=2, crashes={"s3": 99, "s6": 1})
    names = [f"s{i}" for i in range(10)]
    results = run_with(workers, tmp_path, names)
    assert sorted(results) == names
    assert results["s3"].status == "failed" and results["s3"].error == WORKER_DIED
    assert all(results[name].status == "done" for name in names if name != "s3")
    assert workers.replaced >= 2  # a fresh pool after each death


# --- the index page ------------------------------------------------------------------------


def test_index_escapes_markup_and_allows_only_its_own_script():
    hostile = '<script>alert("x")</script>'
    results = [
        StoryResult(story=hostile, status="failed", error=f"bad {hostile}"),
        StoryResult(
            story="ok & fine", status="done", versions=2, sentences=10, shared=4, unique=3,
            updates=2, reports=("ok & fine/report.json", "ok & fine/report.html"),
        ),
    ]  # fmt: skip
    totals = {"stories": 2, "done": 1, "skipped": 0, "failed": 1, "warned": 0, "seconds": 1.5}
    page = render_index(results, totals)
    assert hostile not in page
    assert "&lt;script&gt;alert(" in page
    assert 'href="ok%20%26%20fine/report.html"' in page
    assert "40.0" in page  # shared % = 4 of 10 sentences
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    policy = html.unescape(policy)  # what the browser reads
    assert "default-src 'none'" in policy
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy
    assert "<table" in page and "<th>Story</th>" in page  # the table reads without JS


# --- end to end, real pipeline -------------------------------------------------------------


def test_batch_writes_reports_index_and_summaries_and_lists_failures(capsys, stories, tmp_path):
    out_dir = tmp_path / "out"
    code, out, err = run_cli(
        capsys, "batch", str(stories), "--out", str(out_dir), "--format", "json,html",
        "--workers", "2",
    )  # fmt: skip
    assert code == 1, err  # a story failed
    assert out.split() == [
        str(out_dir / name)
        for name in ("index.html", "summary.csv", "summary.json", "rollup.html", "rollup.csv")
    ]
    assert "3 stories: 2 done, 0 skipped, 1 failed" in err
    assert re.search(r"^\[\d/3\] failed lonely: .+$", err, flags=re.MULTILINE)  # non-TTY log

    rows = read_summary(out_dir)
    assert {name: row["status"] for name, row in rows.items()} == {
        "alpha": "done", "beta": "done", "lonely": "failed",
    }  # fmt: skip
    failure = rows["lonely"]["error"]
    assert failure and "\n" not in failure
    for name in ("alpha", "beta"):
        report = json.loads((out_dir / name / "report.json").read_text(encoding="utf-8"))
        assert (out_dir / name / "report.html").is_file()
        assert not (out_dir / name / "report.pdf").exists()
        assert rows[name]["versions"] == len(report["versions"]) == 2
        sentences = sum(len(v["sentences"]) for v in report["versions"])
        unique = sum(s["label"] == "unique" for v in report["versions"] for s in v["sentences"])
        assert (rows[name]["sentences"], rows[name]["unique"]) == (sentences, unique)
        assert rows[name]["updates"] == sum(link["label"] == "updated" for link in report["links"])
        assert rows[name]["reports"] == [f"{name}/report.json", f"{name}/report.html"]

    with (out_dir / "summary.csv").open(newline="", encoding="utf-8") as handle:
        table = {row["story"]: row for row in csv.DictReader(handle)}
    assert table["lonely"]["error"] == failure and table["alpha"]["status"] == "done"

    page = (out_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="alpha/report.html"' in page and 'href="beta/report.json"' in page
    assert failure.replace("'", "&#39;").replace('"', "&#34;") in page
    assert not list(out_dir.rglob("*.tmp")), "temporary files left behind"


def test_rerun_skips_unchanged_stories_and_redoes_changed_ones(stories, tmp_path):
    out_dir = tmp_path / "out"
    first = run_batch(stories, out_dir, formats=("json",), workers=2)
    assert (first.count("done"), first.failed) == (2, 1)
    alpha_report = out_dir / "alpha" / "report.json"
    written = alpha_report.stat().st_mtime_ns

    second = run_batch(stories, out_dir, formats=("json",), workers=2)
    statuses = {result.story: result.status for result in second.stories}
    assert statuses == {"alpha": "skipped", "beta": "skipped", "lonely": "failed"}
    assert alpha_report.stat().st_mtime_ns == written
    skipped = {result.story: result for result in second.stories}["alpha"]
    done = {result.story: result for result in first.stories}["alpha"]
    assert (skipped.sentences, skipped.unique, skipped.reports) == (
        done.sentences, done.unique, done.reports,
    )  # fmt: skip

    dhaka = stories / "beta" / "dhaka.txt"
    dhaka.write_text(dhaka.read_text(encoding="utf-8") + "\nOne more closing line.\n")
    third = run_batch(stories, out_dir, formats=("json",), workers=2)
    assert {r.story: r.status for r in third.stories}["beta"] == "done"
    assert {r.story: r.status for r in third.stories}["alpha"] == "skipped"

    changed_formats = run_batch(stories, out_dir, formats=("json", "html"), workers=2)
    assert changed_formats.count("done") == 2

    defaults_spelt_out = run_batch(
        stories, out_dir, formats=("json", "html"), workers=2, options=AlignOptions()
    )
    assert defaults_spelt_out.count("skipped") == 2
    stricter = AlignOptions(link_threshold=0.5)
    changed_options = run_batch(
        stories, out_dir, formats=("json", "html"), workers=2, options=stricter
    )
    assert changed_options.count("done") == 2
    assert json.loads(alpha_report.read_text())["alignment"]["link_threshold"] == 0.5

    forced = run_batch(stories, out_dir, formats=("json", "html"), workers=2, force=True)
    assert forced.count("done") == 2 and forced.count("skipped") == 0


def test_an_interrupted_story_is_redone_and_its_leftovers_removed(stories, tmp_path):
    out_dir = tmp_path / "out"
    run_batch(stories, out_dir, formats=("json",), workers=1)
    # What a kill between the report and the marker leaves: a report, a temp file, no marker.
    (out_dir / "alpha" / MARKER).unlink()
    leftover = out_dir / "alpha" / ".report.json.x1y2.tmp"  # no live writer named: stale
    leftover.write_text("half a report")
    again = run_batch(stories, out_dir, formats=("json",), workers=1)
    statuses = {result.story: result.status for result in again.stories}
    assert statuses == {"alpha": "done", "beta": "skipped", "lonely": "failed"}
    assert not leftover.exists()
    assert (out_dir / "alpha" / MARKER).is_file()


def test_a_deleted_report_makes_its_story_run_again(stories, tmp_path):
    out_dir = tmp_path / "out"
    run_batch(stories, out_dir, formats=("json",), workers=1)
    (out_dir / "beta" / "report.json").unlink()
    again = run_batch(stories, out_dir, formats=("json",), workers=1)
    assert {r.story: r.status for r in again.stories}["beta"] == "done"
    assert (out_dir / "beta" / "report.json").is_file()


def test_dask_missing_is_a_clear_resource_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # makes `import distributed` fail
    workers = open_workers(1, "local")  # Dask is imported when the first story must run
    with pytest.raises(ResourceError, match=r"story-compare\[dask\]"):
        workers.executor()


def test_dask_local_cluster_writes_the_same_reports_as_the_process_pool(capsys, stories, tmp_path):
    pytest.importorskip("distributed")
    pool_out, dask_out = tmp_path / "pool", tmp_path / "dask"
    run_batch(stories, pool_out, formats=("json", "html"), workers=1)
    code, _, err = run_cli(
        capsys, "batch", str(stories), "--out", str(dask_out), "--format", "json,html",
        "--scheduler", "local", "--workers", "1",
    )  # fmt: skip
    assert code == 1, err
    assert {n: r["status"] for n, r in read_summary(dask_out).items()} == {
        "alpha": "done", "beta": "done", "lonely": "failed",
    }  # fmt: skip
    for name in ("alpha", "beta"):
        for report in ("report.json", "report.html"):
            assert (dask_out / name / report).read_bytes() == (
                pool_out / name / report
            ).read_bytes()
    assert read_summary(dask_out)["lonely"]["error"] == read_summary(pool_out)["lonely"]["error"]


def in_process_cluster(threads: int):
    """A Dask cluster of one in-process worker on loopback (the test is skipped without Dask)."""
    distributed = pytest.importorskip("distributed")
    return distributed.LocalCluster(
        n_workers=1, threads_per_worker=threads, processes=False, protocol="tcp://",
        host="127.0.0.1", dashboard_address=None,
    )  # fmt: skip


def test_dask_scheduler_address(stories, tmp_path):
    with in_process_cluster(threads=2) as cluster:
        result = run_batch(
            stories, tmp_path / "out", formats=("json",), scheduler=cluster.scheduler_address
        )
    assert {r.story: r.status for r in result.stories} == {
        "alpha": "done", "beta": "done", "lonely": "failed",
    }  # fmt: skip
    assert (tmp_path / "out" / "alpha" / "report.json").is_file()


def test_unreachable_scheduler_is_a_one_line_error(capsys, stories, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(executors, "SCHEDULER_TIMEOUT", "1s")
    code, _, err = run_cli(
        capsys, "batch", str(stories), "--out", str(tmp_path / "out"),
        "--scheduler", "tcp://127.0.0.1:9",
    )  # fmt: skip
    assert code == 1
    assert err.strip().count("\n") == 0 and "Dask scheduler at tcp://127.0.0.1:9" in err


def test_manifest_batch_with_paths_and_inline_text(tmp_path):
    sample = make_story(tmp_path, "texts")  # paths must lie inside the manifest's folder
    manifest = tmp_path / "batch.jsonl"
    records = [
        {"story": "files", "version": "dhaka", "path": "texts/dhaka.txt", "phase": "early"},
        {"story": "files", "version": "manila", "path": str(sample / "manila.txt")},
        {"story": "inline", "version": "a", "text": (sample / "dhaka.txt").read_text("utf-8")},
        {"story": "inline", "version": "b", "text": (sample / "manila.txt").read_text("utf-8")},
    ]
    manifest.write_text("".join(json.dumps(record) + "\n" for record in records))
    result = run_batch(manifest, tmp_path / "out", formats=("json",), workers=1)
    assert {r.story: r.status for r in result.stories} == {"files": "done", "inline": "done"}
    report = json.loads((tmp_path / "out" / "files" / "report.json").read_text("utf-8"))
    assert {v["id"]: v["phase"] for v in report["versions"]}["dhaka"] == "early"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_batch_over_the_corpus(tmp_path):
    result = run_batch(CORPUS, tmp_path / "out", formats=("json",), workers=2)
    assert len(result.stories) == len([p for p in CORPUS.iterdir() if p.is_dir()])
    for story in result.stories:
        if story.status == "failed":
            assert story.error and "\n" not in story.error
            continue
        report = json.loads((tmp_path / "out" / story.reports[0]).read_text("utf-8"))
        assert (
            story.versions
            == len(report["versions"])
            == len(list((CORPUS / story.story).glob("*.txt")))
        )


def test_the_batch_parent_does_not_load_the_stages():
    # A re-run that skips every story is dominated by start-up: the parent must not import
    # nltk (which pulls in scipy.stats), scipy or trafilatura; only the workers need them.
    probe = (
        "import sys; import compare.cli; "
        "print(' '.join(m for m in ('nltk', 'scipy', 'trafilatura', 'compare.pipeline') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []


def test_a_story_past_its_time_limit_fails_alone(tmp_path):
    from compare.batch.worker import run_story

    out = tmp_path / "out"
    corpus_story = CORPUS / "helsinki-2018-07-15_ap-what-trump-putin-hope-to-achieve"
    big = StoryJob(id="big", source=corpus_story, within=CORPUS)
    # A limit no story can meet: the story is stopped inside the pipeline, reported, and
    # leaves no report and no temporary file behind.
    stopped = run_story(big, out, Settings(("json", "html"), story_timeout=0.001), None)
    assert stopped.status == "failed"
    assert stopped.error == "stopped after the 0.001 s limit per story (--story-timeout)"
    assert not list((out / "big").glob("report.*")) and not list(out.rglob(".*.tmp"))
    # The next story in the same worker runs as usual: the alarm was cleared.
    small = StoryJob(id="small", source=sample_story_dir(), within=sample_story_dir().parent)
    done = run_story(small, out, Settings(("json",), story_timeout=600), None)
    assert done.status == "done"
    time.sleep(0.01)  # a stale alarm would fire now
    assert (out / "small" / "report.json").is_file()


def test_a_story_past_its_time_limit_fails_alone_on_a_dask_task_thread(stories, tmp_path):
    with in_process_cluster(threads=1) as cluster:
        stopped = run_batch(
            stories, tmp_path / "stopped", formats=("json",),
            scheduler=cluster.scheduler_address, story_timeout=0.001,
        )  # fmt: skip
        # No signal reaches a task thread: the watchdog stopped the stories all the same.
        limit = "stopped after the 0.001 s limit per story (--story-timeout)"
        assert {r.story: r.error for r in stopped.stories if r.story != "lonely"} == {
            "alpha": limit, "beta": limit,
        }  # fmt: skip
        assert not list((tmp_path / "stopped").rglob("report.json"))
        time.sleep(
            2 * limits.REPEAT_SECONDS
        )  # a notice still on its way would land in the next story
        again = run_batch(
            stories, tmp_path / "again", formats=("json",),
            scheduler=cluster.scheduler_address, story_timeout=600,
        )  # fmt: skip
    assert {r.story: r.status for r in again.stories} == {
        "alpha": "done", "beta": "done", "lonely": "failed",
    }  # fmt: skip


def test_the_time_limit_on_task_threads_raises_nothing_after_the_story(monkeypatch):
    # The story ends while the watchdog is raising its notice (slowly, here), so the notice
    # lands in the story's way out; it must never escape into what the thread runs next.
    monkeypatch.setattr(limits, "REPEAT_SECONDS", 0.05)
    raise_in = limits._raise_in

    def slowly(thread: int, exception: type[BaseException] | None) -> None:
        if exception is not None:
            time.sleep(0.05)
        raise_in(thread, exception)

    monkeypatch.setattr(limits, "_raise_in", slowly)
    ends, strays = [], []

    def story() -> None:
        try:
            with limits.time_limit(0.02):
                _busy(0.03)
            ends.append("done")
        except limits.StoryTimedOut:
            ends.append("stopped")
        try:
            _busy(6 * limits.REPEAT_SECONDS)  # the next story's time on this thread
        except limits.StoryTimedOut:
            strays.append("stray")

    thread = threading.Thread(target=story)
    thread.start()
    thread.join()
    assert len(ends) == 1 and strays == []
    assert not [t for t in threading.enumerate() if t.name == "story-timeout"]


def test_one_story_at_a_time_is_held_to_its_limit_on_task_threads():
    watched_inside, ends = threading.Event(), {}

    def story(name: str, then: threading.Event | None) -> None:
        try:
            with limits.time_limit(0.05):
                if then is not None:
                    then.set()
                _busy(0.3)
            ends[name] = "done"
        except limits.StoryTimedOut:
            ends[name] = "stopped"

    first = threading.Thread(target=story, args=("first", watched_inside))
    first.start()
    watched_inside.wait()
    second = threading.Thread(target=story, args=("second", None))
    second.start()
    first.join()
    second.join()
    assert ends == {"first": "stopped", "second": "done"}  # the second ran unwatched


def _busy(seconds: float) -> None:
    """Run Python instructions (where a notice lands) for ``seconds``."""
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        pass


def test_the_story_timeout_option_is_documented_with_its_default(capsys):
    from compare.batch.limits import DEFAULT_STORY_TIMEOUT

    with pytest.raises(SystemExit):
        cli.main(["batch", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--story-timeout" in out and f"[default: {DEFAULT_STORY_TIMEOUT}" in out
    assert "--story-timeout" in (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_a_rerun_with_nothing_to_do_never_loads_dask(tmp_path):
    source, out = tmp_path / "stories", tmp_path / "out"
    shutil.copytree(sample_story_dir(), source / "putin-kim")
    run_batch(source, out, formats=("json",), workers=1)
    probe = (
        "import sys\n"
        "from compare.cli import main\n"
        "try:\n"
        f"    main(['batch', {str(source)!r}, '--out', {str(out)!r}, '--format', 'json',"
        " '--scheduler', 'local'])\n"
        "except SystemExit as exited:\n"
        "    print(exited.code, 'distributed' in sys.modules, 'dask' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1].split() == ["0", "False", "False"], done.stderr
    assert "1 skipped" in done.stderr


def test_a_note_about_a_story_folder_names_the_story_once(capsys, tmp_path):
    root = tmp_path / "stories"
    folder = make_story(root, "alpha")
    (folder / "versions.jsonl").write_text("{}\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "batch", str(root), "--out", str(tmp_path / "out"))
    assert code == 0, err
    (note,) = [line for line in err.splitlines() if "skipped versions.jsonl" in line]
    assert note == ('story-compare: alpha: skipped versions.jsonl: line 1 has no "file" name')
