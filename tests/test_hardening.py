"""Hardening: ids that become paths, inputs that must stay inside their folders, limits that hold.

Each section is one case of a probing round of hostile inputs (issue 19); every test here failed
before the rule it checks was in place.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import assert_one_line_error, run

from compare import fsutil, paths
from compare.align import AlignOptions
from compare.batch import run_batch
from compare.batch.resume import MARKER
from compare.batch.sources import StoryJob
from compare.batch.worker import Settings, run_story
from compare.errors import InputError
from compare.ingest import reader
from compare.ingest import urls as fetching
from compare.resources import sample_story_dir

SAMPLE = sample_story_dir()
LEAD = "The council voted on Tuesday to close the old bridge for repairs after an inspection."
SECOND = "Engineers found cracks in two of the supports, the city's transport office said."
LATER = "The bridge reopened on Friday after the repairs were finished ahead of schedule."
SECRET = "TOP-SECRET-LOCAL-FILE"
SAFE_ID = re.compile(r"^[a-z0-9_][a-z0-9._-]*$")


def write_story(folder: Path, *, first: str = LEAD, second: str = LATER) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "early.txt").write_text(f"Bridge closes\n\n{first}\n\n{SECOND}\n", encoding="utf-8")
    (folder / "late.txt").write_text(f"Bridge closes\n\n{second}\n\n{SECOND}\n", encoding="utf-8")
    return folder


def write_manifest(path: Path, records: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(record) for record in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def inline_story(story: str, *versions: tuple[str, str]) -> list[dict[str, str]]:
    return [{"story": story, "version": v, "text": f"Bridge\n\n{text}"} for v, text in versions]


def two_versions(story: str) -> list[dict[str, str]]:
    return inline_story(story, ("early", f"{LEAD} {SECOND}"), ("late", f"{LATER} {SECOND}"))


def statuses(result) -> dict[str, str]:
    return {story.story: story.status for story in result.stories}


def files_under(folder: Path) -> list[Path]:
    return [Path(top, name) for top, _, names in os.walk(folder) for name in names]


# --- 1, 3, 4. every id that becomes a path: one safe-id function, reserved names, collisions ----


@given(st.lists(st.text(min_size=1, max_size=120), min_size=1, max_size=8))
def test_distinct_ids_are_safe_distinct_and_independent_of_order(names):
    ids = paths.distinct_ids(names)
    assert set(ids) == set(names)
    chosen = [ids[name] for name in set(names)]
    assert len(set(chosen)) == len(chosen)  # distinct
    for story_id in chosen:
        assert SAFE_ID.match(story_id) and ".." not in story_id
        assert len(story_id) <= paths.MAX_ID_CHARS
        assert story_id not in paths.RESERVED_IDS
        assert paths.safe_story_id(story_id) == story_id  # stable when fed back
    shuffled = list(names)
    random.Random(0).shuffle(shuffled)
    assert paths.distinct_ids(shuffled) == ids


def test_a_name_that_is_already_its_id_keeps_it_when_another_slugs_alike():
    ids = paths.distinct_ids(["my-story", "My Story", "MY STORY"])
    assert ids["my-story"] == "my-story"
    assert ids["My Story"] != ids["MY STORY"]
    assert all(ids[name].startswith("my-story-") for name in ("My Story", "MY STORY"))
    # Stable across runs: the same names give the same ids in any process.
    assert paths.distinct_ids(["MY STORY", "My Story", "my-story"]) == ids


def test_manifest_story_names_never_leave_the_output_folder(tmp_path):
    hostile = ["../../escaped", "/abs/story", "a/b", "line\nbreak", ".hidden", "x" * 300, ".."]
    records = [record for name in hostile for record in two_versions(name)]
    manifest = write_manifest(tmp_path / "in" / "stories.jsonl", records)
    out_dir = tmp_path / "work" / "out"
    result = run_batch(manifest, out_dir, formats=("json",), workers=1)
    assert result.count("done") == len(hostile), [s.error for s in result.stories]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "work"]  # nothing beside
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["out"]
    folders = [entry for entry in out_dir.iterdir() if entry.is_dir()]
    assert len(folders) == len(hostile)
    for folder in folders:
        assert SAFE_ID.match(folder.name) and len(folder.name) <= paths.MAX_ID_CHARS
        assert (folder / "report.json").is_file()
    for story in result.stories:
        assert "\n" not in story.story and SAFE_ID.match(story.story)


@pytest.mark.parametrize("name", sorted(paths.RESERVED_IDS))
def test_a_story_folder_named_like_a_batch_output(tmp_path, name):
    root = tmp_path / "stories"
    write_story(root / name)
    write_story(root / "plain", second=f"{LATER} Traffic was light.")
    out_dir = tmp_path / "out"
    result = run_batch(root, out_dir, formats=("json",), workers=1)
    assert result.count("done") == 2, [s.error for s in result.stories]
    for output in ("index.html", "summary.csv", "summary.json"):
        assert (out_dir / output).is_file()
    (renamed,) = set(statuses(result)) - {"plain"}
    assert renamed.startswith(name + "-")


def test_every_file_a_batch_writes_beside_the_story_folders_is_a_reserved_id(tmp_path):
    root = tmp_path / "stories"
    write_story(root / "alpha")
    write_story(root / "lonely")
    (root / "lonely" / "late.txt").unlink()  # a failed story writes no folder of its own
    out_dir = tmp_path / "out"
    result = run_batch(root, out_dir, formats=("json",), workers=1)
    written = {entry.name for entry in out_dir.iterdir()} - {s.story for s in result.stories}
    assert written and written <= paths.RESERVED_IDS
    assert {path.name for path in result.paths} <= paths.RESERVED_IDS


def test_story_folders_that_slug_alike_get_their_own_reports_and_resume(tmp_path):
    root = tmp_path / "stories"
    write_story(root / "My Story")
    write_story(root / "my-story", first="The mayor opened a new library in the old post office.")
    out_dir = tmp_path / "out"
    first = run_batch(root, out_dir, formats=("json",), workers=1)
    assert first.count("done") == 2
    reports = {story.story: story.reports[0] for story in first.stories}
    assert len(set(reports.values())) == 2 and "my-story" in reports
    for story_id, report in reports.items():
        versions = json.loads((out_dir / report).read_text())["versions"]
        folder = {Path(version["path"]).parent.name for version in versions}
        assert folder == ({"my-story"} if story_id == "my-story" else {"My Story"})
    again = run_batch(root, out_dir, formats=("json",), workers=1)
    assert again.count("skipped") == 2


# --- 2. inputs named by a manifest or found in a folder stay inside it -------------------------


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(f"Private\n\n{SECRET} {LEAD}\n\n{SECOND}\n", encoding="utf-8")
    return path


def story_with_toml(folder: Path, file: str) -> Path:
    write_story(folder)
    (folder / "story.toml").write_text(
        f'[[versions]]\nfile = "early.txt"\n\n[[versions]]\nfile = {json.dumps(file)}\n'
    )
    return folder


@pytest.mark.parametrize("how", ["dotdot", "absolute", "symlink", "toml-symlink"])
def test_a_story_folder_never_reads_a_file_outside_it(capsys, tmp_path, secret, how):
    folder = tmp_path / "story"
    if how == "dotdot":
        story_with_toml(folder, "../../" + str(secret.relative_to(tmp_path.parent)))
    elif how == "absolute":
        story_with_toml(folder, str(secret))
    else:
        write_story(folder)
        (folder / "leak.txt").symlink_to(secret)
        if how == "toml-symlink":
            (folder / "late.txt").unlink()
            (folder / "story.toml").write_text('[[versions]]\nfile = "early.txt"\n'
                                               '[[versions]]\nfile = "leak.txt"\n')  # fmt: skip
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "report", str(folder), "--out", str(out_dir), "--format", "json")
    assert code == 2, err
    assert_one_line_error(err)
    assert "outside" in err
    assert not out_dir.exists() or not files_under(out_dir)


def test_a_symlink_that_stays_inside_the_story_folder_is_read(capsys, tmp_path):
    folder = write_story(tmp_path / "story")
    (folder / "sub").mkdir()
    (folder / "late.txt").rename(folder / "sub" / "late-original.txt")
    (folder / "late.txt").symlink_to(Path("sub") / "late-original.txt")
    code, _, err = run(capsys, "report", str(folder), "--out", str(tmp_path / "out"),
                       "--format", "json")  # fmt: skip
    assert code == 0, err


def test_files_named_on_the_command_line_are_read_wherever_they_are(capsys, tmp_path, secret):
    code, _, err = run(capsys, "report", str(secret), str(SAMPLE / "dhaka.txt"),
                       "--out", str(tmp_path / "out"), "--format", "json")  # fmt: skip
    assert code == 0, err


@pytest.mark.parametrize("where", ["dotdot", "absolute", "symlink"])
def test_a_manifest_path_never_reads_a_file_outside_the_manifest_folder(tmp_path, secret, where):
    folder = tmp_path / "in"
    folder.mkdir()
    if where == "symlink":
        (folder / "leak.txt").symlink_to(secret)
    path = {"dotdot": "../secret.txt", "absolute": str(secret), "symlink": "leak.txt"}[where]
    records = [
        {"story": "s", "version": "mine", "text": f"Bridge\n\n{LEAD}\n\n{SECOND}"},
        {"story": "s", "version": "leak", "path": path},
    ]
    out_dir = tmp_path / "out"
    result = run_batch(write_manifest(folder / "m.jsonl", records), out_dir, formats=("json",),
                       workers=1)  # fmt: skip
    (story,) = result.stories
    assert story.status == "failed" and "outside" in story.error, story.error
    assert all(SECRET not in p.read_text(errors="replace") for p in files_under(out_dir))


def test_a_batch_story_folder_that_is_a_symlink_out_of_input_fails_alone(tmp_path):
    elsewhere = write_story(tmp_path / "elsewhere" / "story")
    root = tmp_path / "stories"
    write_story(root / "fine")
    (root / "linked").symlink_to(elsewhere, target_is_directory=True)
    result = run_batch(root, tmp_path / "out", formats=("json",), workers=1)
    assert statuses(result) == {"fine": "done", "linked": "failed"}
    failed = next(s for s in result.stories if s.status == "failed")
    assert "outside" in failed.error


# --- 5. resume and --out ------------------------------------------------------------------------


def test_resume_sees_a_change_in_a_subfolder_named_by_story_toml(tmp_path):
    story = tmp_path / "stories" / "nested"
    write_story(story / "sub")
    (story / "story.toml").write_text(
        '[[versions]]\nfile = "sub/early.txt"\n\n[[versions]]\nfile = "sub/late.txt"\n'
    )
    out_dir = tmp_path / "out"
    assert run_batch(story.parent, out_dir, formats=("json",), workers=1).count("done") == 1
    late = story / "sub" / "late.txt"
    late.write_text(late.read_text() + f"\n{LATER.replace('Friday', 'Monday')}\n")
    again = run_batch(story.parent, out_dir, formats=("json",), workers=1)
    assert statuses(again) == {"nested": "done"}


@pytest.mark.parametrize("where", ["input", "story"])
def test_out_at_input_or_inside_a_story_folder_is_refused(capsys, tmp_path, where):
    root = tmp_path / "stories"
    write_story(root / "alpha")
    out_dir = root if where == "input" else root / "alpha" / "out"
    code, _, err = run(capsys, "batch", str(root), "--out", str(out_dir), "--format", "json")
    assert code == 2, err
    assert_one_line_error(err)
    assert "--out" in err
    assert sorted(p.name for p in (root / "alpha").iterdir()) == ["early.txt", "late.txt"]


# --- 6. URL deadline and short bodies -----------------------------------------------------------


class Trickle:
    """A local server (127.0.0.1) sending ``body`` ``step`` bytes at a time, ``pause`` apart."""

    def __init__(self, body: bytes, *, length: int, pause: float, step: int = 1) -> None:
        self.body, self.length, self.pause, self.step = body, length, pause, step
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/story.html"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        with self.listener:
            connection, _ = self.listener.accept()
            with connection:
                connection.recv(65536)
                head = (
                    "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n"
                    f"Content-Length: {self.length}\r\n\r\n"
                )
                try:
                    connection.sendall(head.encode())
                    for start in range(0, len(self.body), self.step):
                        connection.sendall(self.body[start : start + self.step])
                        time.sleep(self.pause)
                except OSError:
                    pass  # the client gave up: expected


@pytest.fixture
def no_proxy(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def test_a_trickling_server_is_cut_at_the_deadline(monkeypatch, no_proxy):
    monkeypatch.setattr(fetching, "FETCH_DEADLINE", 0.5)
    body = f"<html><body><p>{LEAD}</p><p>{SECOND}</p></body></html>".encode()
    server = Trickle(body, length=len(body), pause=0.05)
    started = time.monotonic()
    with pytest.raises(InputError, match="timed out") as excinfo:
        fetching.fetch(server.url)
    elapsed = time.monotonic() - started
    assert elapsed < 0.5 + 1.0, elapsed  # the whole body would take 8 s
    assert "0.5 s" in str(excinfo.value)


def test_a_body_shorter_than_its_content_length_is_refused(no_proxy):
    body = f"<html><body><p>{LEAD}</p><p>{SECOND}</p></body></html>".encode()
    server = Trickle(body, length=len(body) + 500, pause=0, step=len(body))
    with pytest.raises(InputError) as excinfo:
        fetching.fetch(server.url)
    assert str(excinfo.value) == (
        f"{server.url}: cannot fetch: the body ended after {len(body)} of {len(body) + 500} bytes"
    )


# --- 7. temporary files and worker processes ----------------------------------------------------


def test_cleanup_removes_only_temporaries_of_processes_that_are_gone(tmp_path):
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as alive:
        try:
            dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                                  capture_output=True, text=True, check=True)  # fmt: skip
            target = tmp_path / "report.json"
            others = tmp_path / (fsutil.temporary_prefix(target, alive.pid) + "k3j9x.tmp")
            leftover = tmp_path / (fsutil.temporary_prefix(target, int(dead.stdout)) + "a1b2.tmp")
            for temporary in (others, leftover):
                temporary.write_text("half a report")
            fsutil.remove_stale_temporaries(tmp_path)
            assert others.exists() and not leftover.exists()
        finally:
            alive.kill()


def test_two_batches_into_one_folder_at_once(tmp_path):
    root = tmp_path / "stories"
    for n in range(6):
        write_story(root / f"s{n}", second=f"{LATER} Story {n}.")
    out_dir = tmp_path / "out"
    results = []
    threads = [
        threading.Thread(
            target=lambda: results.append(
                run_batch(root, out_dir, formats=("json", "html"), workers=1, force=True)
            )
        )
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.failed for r in results] == [0, 0], [s.error for r in results for s in r.stories]


def _descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_workers_exit_when_the_batch_parent_is_killed():
    script = textwrap.dedent(
        """
        import sys, time
        from compare.batch.executors import open_workers
        executor = open_workers(2).executor()
        futures = [executor.submit(time.sleep, 120) for _ in range(2)]
        time.sleep(2)
        print("ready", flush=True)
        time.sleep(120)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout.readline().strip() == "ready"
        children = _descendants(parent.pid)
        assert len(children) >= 3  # two workers, the forkserver (and the resource tracker)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 15
        while any(_running(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [pid for pid in children if _running(pid)] == []
    finally:
        parent.kill()
        for pid in _descendants(parent.pid):
            os.kill(pid, signal.SIGKILL)


# --- 8. a stray legacy byte in UTF-8 ------------------------------------------------------------


def test_utf8_with_a_stray_cp1252_byte_stays_utf8_with_a_warning():
    text = f"“We had no choice,” said Ana Ruiz, the café’s owner. {LEAD}\n\n{SECOND} — done.\n"
    data = text.encode("utf-8")
    stray_at = data.index(b"owner") - 1
    data = data[:stray_at] + b"\x92" + data[stray_at:]  # a cp1252 apostrophe pasted in
    warnings: list[str] = []
    decoded = reader.decode(data, "mixed.txt", on_warning=warnings.append)
    assert "“We had no choice,” said Ana Ruiz, the café’s" in decoded
    assert "—" in decoded and "‚Äú" not in decoded
    assert decoded.count("\ufffd") == 1
    assert len(warnings) == 1 and "mixed.txt" in warnings[0] and str(stray_at) in warnings[0]


def test_legacy_text_is_still_read_as_legacy():
    text = f"{LEAD} The café owner, José Núñez, said the façade was damaged.\n"
    warnings: list[str] = []
    assert reader.decode(text.encode("cp1252"), "old.txt", on_warning=warnings.append) == text
    assert warnings == []


def test_the_stray_byte_warning_reaches_stderr(capsys, tmp_path):
    path = tmp_path / "mixed.txt"
    text = f"Bridge — closes\n\n{LEAD} “Yes,” she said — “today.”\n\n{SECOND}\n"
    path.write_bytes(text.encode().replace(b"today", b"to\x92day"))
    code, _, err = run(capsys, "report", str(path), str(SAMPLE / "dhaka.txt"),
                       "--out", str(tmp_path / "out"), "--format", "json")  # fmt: skip
    assert code == 0, err
    assert "WARNING" in err and "mixed.txt" in err and "byte" in err


# --- 9. non-regular files -----------------------------------------------------------------------


def test_a_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "compare", "report", str(fifo), str(SAMPLE / "dhaka.txt"),
         "--out", str(tmp_path / "out"), "--format", "json"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert_one_line_error(done.stderr)
    assert "pipe.txt: not a regular file" in done.stderr


def test_a_fifo_named_by_a_manifest_fails_its_story_without_hanging(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    records = [{"story": "s", "version": "a", "text": f"Bridge\n\n{LEAD}"},
               {"story": "s", "version": "b", "path": "pipe.txt"}]  # fmt: skip
    manifest = write_manifest(folder / "m.jsonl", records)
    done = subprocess.run(
        [sys.executable, "-m", "compare", "batch", str(manifest), "--out", str(tmp_path / "out"),
         "--format", "json", "--workers", "1"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "pipe.txt: not a regular file" in done.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused():
    with pytest.raises(InputError, match="not a regular file"):
        reader.read_bytes(Path("/dev/zero"), "/dev/zero")


# --- 10. manifest stories are validated like report inputs --------------------------------------


def test_manifest_stories_need_two_versions_with_distinct_ids(tmp_path):
    records = [
        {"story": "solo", "version": "only", "text": f"Bridge\n\n{LEAD}"},
        *inline_story("cased", ("A", f"{LEAD} {SECOND}"), ("a", f"{LATER} {SECOND}")),
    ]
    out_dir = tmp_path / "out"
    result = run_batch(write_manifest(tmp_path / "m.jsonl", records), out_dir,
                       formats=("json", "html"), workers=1)  # fmt: skip
    rows = {story.story: story for story in result.stories}
    assert rows["solo"].status == "failed"
    assert "need at least two versions, got 1" in rows["solo"].error
    assert rows["cased"].status == "done", rows["cased"].error
    report = json.loads((out_dir / "cased" / "report.json").read_text())
    ids = [version["id"] for version in report["versions"]]
    assert len(set(ids)) == 2
    assert (out_dir / "cased" / "report.html").is_file()


# --- 11. float options are finite ---------------------------------------------------------------


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_align_options_must_be_finite(value):
    with pytest.raises(ValueError, match="finite"):
        AlignOptions(link_threshold=value)


@pytest.mark.parametrize("option", ["--link-threshold", "--order-weight", "--background-weight"])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN"])
def test_float_options_on_the_command_line_must_be_finite(capsys, tmp_path, option, value):
    code, _, err = run(capsys, "report", str(SAMPLE / "dhaka.txt"), str(SAMPLE / "manila.txt"),
                       "--out", str(tmp_path), "--format", "json", option, value)  # fmt: skip
    assert code == 2, err
    assert_one_line_error(err)
    assert option in err
    assert not list(tmp_path.iterdir())


# --- 12. every input-caused failure is exit 2 with one line -------------------------------------


@pytest.mark.parametrize("url", ["http://[::1/story", "http://[nope]/story", "http://host:99999/x"])
def test_a_malformed_url_is_one_line(capsys, tmp_path, url):
    code, _, err = run(capsys, "report", url, str(SAMPLE / "dhaka.txt"),
                       "--out", str(tmp_path), "--format", "json")  # fmt: skip
    assert code == 2, err
    assert_one_line_error(err)
    assert url in err


def test_a_symlink_loop_in_a_batch_folder_fails_alone(tmp_path):
    root = tmp_path / "stories"
    write_story(root / "fine")
    (root / "loop").symlink_to(root / "loop")
    write_story(root / "inner")
    (root / "inner" / "again.txt").symlink_to(root / "inner" / "again.txt")
    result = run_batch(root, tmp_path / "out", formats=("json",), workers=1)
    rows = {story.story: story for story in result.stories}
    assert rows["fine"].status == "done"
    assert rows["loop"].status == "failed" and "symbolic link" in rows["loop"].error
    assert rows["inner"].status == "failed" and "symbolic link" in rows["inner"].error


def deny(monkeypatch, folder: Path) -> None:
    """Make reading ``folder`` fail as a mode-000 folder does for a normal user (root reads it)."""
    for name in ("scandir", "listdir", "stat"):
        real = getattr(os, name)

        def refuse(path=".", *args, _real=real, _lists=name != "stat", **kwargs):
            target = Path(os.fsdecode(path))
            # Inside the folder nothing can be looked at; the folder itself cannot be listed.
            if target.is_relative_to(folder) and (target != folder or _lists):
                raise PermissionError(13, "Permission denied", str(target))
            return _real(path, *args, **kwargs)

        monkeypatch.setattr(os, name, refuse)


def test_an_unreadable_story_folder_is_one_line(capsys, monkeypatch, tmp_path):
    folder = write_story(tmp_path / "locked")
    deny(monkeypatch, folder)
    code, _, err = run(capsys, "report", str(folder), "--out", str(tmp_path / "out"))
    assert code == 2, err
    assert_one_line_error(err)
    assert "Permission denied" in err and "locked" in err
    monkeypatch.undo()
    job = StoryJob(id="locked", source=folder, within=tmp_path)
    deny(monkeypatch, folder)
    result = run_story(job, tmp_path / "out", Settings(("json",)), None)
    assert result.status == "failed" and "Permission denied" in result.error
    assert not result.error.startswith("unexpected")


def test_a_lone_surrogate_in_inline_text_fails_its_story_with_one_line(tmp_path):
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        '{"story": "s", "version": "a", "text": "Bridge\\n\\nThe council \\ud800 voted."}\n'
        + json.dumps({"story": "s", "version": "b", "text": f"Bridge\n\n{LEAD}"})
        + "\n"
        + '{"story": "t\\udc80", "version": "a", "text": "Bridge\\n\\nThe mayor spoke."}\n'
        + json.dumps({"story": "t\udc80", "version": "b", "text": f"Bridge\n\n{LATER}"})
        + "\n"
    )
    result = run_batch(manifest, tmp_path / "out", formats=("json",), workers=1)
    rows = {story.story: story for story in result.stories}
    assert rows["s"].status == "failed", rows["s"].error
    assert "surrogate" in rows["s"].error and not rows["s"].error.startswith("unexpected")
    assert [story.status for story in result.stories if story.story != "s"] == ["done"]


@pytest.mark.parametrize(
    "marker",
    [
        "{not json",
        "[1, 2]",
        '{"inputs_sha256": 5, "result": []}',
        '{"inputs_sha256": "DIGEST", "result": {"story": 7, "status": "done", "reports": [3]}}',
        '{"inputs_sha256": "DIGEST", "result": {"story": "alpha", "status": "done", '
        '"reports": ["../../etc/passwd"]}}',
        '{"inputs_sha256": "DIGEST", "result": {"story": "alpha", "status": "done", '
        '"reports": "alpha/report.json"}}',
        "\xff\xfe",
    ],
)
def test_a_corrupt_marker_means_not_done(tmp_path, marker):
    root = tmp_path / "stories"
    write_story(root / "alpha")
    write_story(root / "beta", second=f"{LATER} Traffic was light.")
    out_dir = tmp_path / "out"
    run_batch(root, out_dir, formats=("json",), workers=1)
    stored = json.loads((out_dir / "alpha" / MARKER).read_text())
    (out_dir / "alpha" / MARKER).write_text(marker.replace("DIGEST", stored["inputs_sha256"]),
                                            encoding="latin-1")  # fmt: skip
    again = run_batch(root, out_dir, formats=("json",), workers=1)
    assert statuses(again) == {"alpha": "done", "beta": "skipped"}


def test_a_marker_that_is_a_fifo_means_not_done(tmp_path):
    root = tmp_path / "stories"
    write_story(root / "alpha")
    out_dir = tmp_path / "out"
    run_batch(root, out_dir, formats=("json",), workers=1)
    (out_dir / "alpha" / MARKER).unlink()
    os.mkfifo(out_dir / "alpha" / MARKER)
    done = subprocess.run(
        [sys.executable, "-m", "compare", "batch", str(root), "--out", str(out_dir),
         "--format", "json", "--workers", "1"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_a_closed_stdout_pipe_is_a_quiet_exit(tmp_path):
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is printed (| head -0)
    done = subprocess.run(
        [sys.executable, "-m", "compare", "report", str(SAMPLE / "dhaka.txt"),
         str(SAMPLE / "manila.txt"), "--out", str(tmp_path), "--format", "json", "--quiet"],
        stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
    )  # fmt: skip
    os.close(write_end)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert (tmp_path / "dhaka-vs-manila" / "report.json").is_file()


# --- 13. control characters never reach the terminal raw ----------------------------------------


ESCAPES = "\x1b]0;owned\x07\x1b[2J\x9b31m\u202e"
CONTROLS = set("\x1b\x07\x9b\u202e")


def test_control_characters_in_file_names_are_escaped(capsys, tmp_path):
    hostile = tmp_path / f"evil{ESCAPES}.txt"
    hostile.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    code, _, err = run(capsys, "report", str(hostile), str(SAMPLE / "dhaka.txt"),
                       "--out", str(tmp_path / "out"))  # fmt: skip
    assert code == 2
    assert_one_line_error(err)
    assert not CONTROLS & set(err)
    assert "\\x1b]0;owned\\x07" in err


def test_control_characters_in_batch_log_lines_are_escaped(capsys, tmp_path):
    root = tmp_path / "stories"
    write_story(root / "fine")
    bad = root / f"bad{ESCAPES}"
    bad.mkdir()
    (bad / f"only{ESCAPES}.txt").write_text(f"Bridge\n\n{LEAD}\n")
    code, _, err = run(capsys, "batch", str(root), "--out", str(tmp_path / "out"),
                       "--format", "json", "--workers", "1")  # fmt: skip
    assert code == 1
    assert not CONTROLS & set(err)
    assert len(err.strip().splitlines()) == 3  # two stories and the total


def test_printable_escapes_every_control_and_keeps_text():
    from compare.cli import printable

    assert printable("Zürich — “quote” 東京") == "Zürich — “quote” 東京"
    assert printable("a\x1b[31mb\x07\x7f\x9b\u202e\ud800") == (
        "a\\x1b[31mb\\x07\\x7f\\x9b\\u202e\\ud800"
    )
    assert printable("two\nlines\tand\r\nmore") == "two lines and more"


# --- docs ---------------------------------------------------------------------------------------


def test_inputs_doc_states_the_limits():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "inputs.md").read_text(encoding="utf-8")
    assert f"{fetching.FETCH_TIMEOUT:g} s" in doc and f"{fetching.FETCH_DEADLINE:g} s" in doc
    assert f"{reader.MAX_INPUT_BYTES // (1024 * 1024)} MB" in doc
    assert f"{paths.MAX_ID_CHARS} characters" in doc
    for name in paths.RESERVED_IDS:
        assert f"`{name}`" in doc
    assert "outside" in doc and "regular file" in doc
