"""``story-compare``: a thin command line over :mod:`compare.pipeline`.

Errors cross this boundary once: the library raises :class:`compare.errors.StoryCompareError`
subclasses; here they become one line on stderr and an exit code (0 ok, 2 bad input or usage,
1 unexpected failure).  No traceback reaches the user unless asked for (``--debug``, or
``STORY_COMPARE_DEBUG=1``).

Start-up is kept light: ``--help``, ``--version`` and a usage error load click and the option
definitions only.  The pipeline, the batch runner and tqdm are imported inside the commands that
run them, and the pipeline loads its heavy stages (nltk, numpy, jinja2, WeasyPrint) only after
the inputs have been read, so a bad input is refused at once (see ``make bench``).
"""

from __future__ import annotations

import gc
import math
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from compare import __version__
from compare.batch.limits import DEFAULT_STORY_TIMEOUT
from compare.errors import InputError, StoryCompareError
from compare.options import ALL_FORMATS, FORMATS, AlignOptions
from compare.paths import safe_story_id
from compare.resources import sample_story_dir

if TYPE_CHECKING:
    from compare.batch import StoryResult

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
DEBUG_VARIABLE = "STORY_COMPARE_DEBUG"
# Characters that must not reach a terminal raw: C0 and C1 controls, DEL, bidi overrides and
# isolates, lone surrogates (names read from a file system or a JSONL line can hold any).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` on one line, safe for a terminal: whitespace runs (line breaks included) become
    one space, every other control character its escape ("\\x1b").  Every line the CLI
    prints goes through here."""
    one_line = " ".join(text.split())
    return _UNPRINTABLE.sub(lambda found: ascii(found.group())[1:-1], one_line)


def _finite(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if not math.isfinite(value):  # FloatRange lets NaN through: it fails every comparison
        raise click.BadParameter(f"{value} is not a finite number")
    return value


def _parse_formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in formats if f not in ALL_FORMATS]
    if unknown or not formats:
        raise click.BadParameter(
            f"unknown format {', '.join(unknown) or value!r}; choose from {','.join(ALL_FORMATS)}"
        )
    return formats


def _check_out(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """--out must be a folder this process can create and write in: checked before any work,
    by making (and removing) an empty folder in it or in its nearest existing parent."""
    existing = value
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        raise click.BadParameter(f"{value}: {existing} is not a folder")
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".story-compare-", dir=existing))
    except OSError as error:
        raise click.BadParameter(
            f"{value}: cannot write in {existing} ({error.strerror or error})"
        ) from None
    return value


def _check_story_id(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return safe_story_id(value)
    except InputError as error:
        raise click.BadParameter(str(error)) from None


# Each option of a command is named as the keyword of the library call it configures
# (run_report, run_batch, ReviewSession): a command passes its options on as ``**settings``,
# so an option is written once, in its decorator, and the call checks the names.
def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that writes reports."""
    command = click.option(
        "--format",
        "formats",
        default=",".join(FORMATS),
        show_default=True,
        callback=_parse_formats,
        help=f"Comma-separated report formats to write, of {','.join(ALL_FORMATS)} "
        "(csv: links.csv and sentences.csv).",
    )(command)
    command = click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("out"),
        show_default=True,
        callback=_check_out,
        help="Folder that receives <story-id>/report.*.",
    )(command)
    return command


def alignment_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """One ``--name`` option per field of AlignOptions, with its help, default and range, and
    one ``options`` argument (an AlignOptions) in their place."""
    names = [option.name for option in fields(AlignOptions)]

    @wraps(command)
    def with_options(**kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in names}
        return command(**kwargs, options=AlignOptions(**values))

    for option in reversed(fields(AlignOptions)):
        low, high = option.metadata["min"], option.metadata["max"]
        integer = isinstance(option.default, int)
        kind = click.IntRange if integer else click.FloatRange
        with_options = click.option(
            "--" + option.name.replace("_", "-"),
            type=kind(min=low, max=high),
            default=option.default,
            show_default=True,
            callback=None if integer else _finite,
            help=option.metadata["help"],
        )(with_options)
    return with_options


@dataclass
class _Session:
    debug: bool = False  # --debug or STORY_COMPARE_DEBUG=1: a failure's traceback on stderr


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="story-compare")
@click.option(
    "--debug",
    is_flag=True,
    envvar=DEBUG_VARIABLE,
    help=f"On a failure, also print its traceback (or set {DEBUG_VARIABLE}=1).",
)
@click.pass_obj
def cli(session: _Session, debug: bool) -> None:
    """Compare how different outlets ran the same news story, sentence by sentence."""
    session.debug = debug


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@output_options
@click.option(
    "--story-id",
    callback=_check_story_id,
    help="Folder name for the report (default: from the inputs' names).",
)
@click.option("--quiet", is_flag=True, help="No summary line after the paths.")
@click.option(
    "--pairs",
    is_flag=True,
    help="Also write each consecutive pair of takes' two-version report, under pairs/.",
)
@click.option(
    "--corrections",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An editor's corrections.toml to apply (default: the story folder's own, if any).",
)
@alignment_options
def report(paths: tuple[str, ...], quiet: bool, **settings: Any) -> None:
    """Compare two or more versions of one story.

    PATHS are two or more version files, or one folder holding them (with an optional
    story.toml and corrections.toml).  Writes OUT/<story-id>/report.{json,html,pdf} and
    prints their paths, then (on stderr, unless --quiet) one line on what it found.
    """
    from compare.batch.result import figures_of, summary_line
    from compare.pipeline import run_report
    from compare.render.json import to_dict

    found: list[str] = []
    run_report(
        paths,
        **settings,
        on_warning=_warn,
        on_written=_print_path,
        on_compared=lambda comparison: found.append(summary_line(figures_of(to_dict(comparison)))),
    )
    if not quiet:
        _warn(found[0])


@cli.command()
@output_options
def demo(**settings: Any) -> None:
    """Render the built-in reference story (AFP, Putin–Kim summit, 19 June 2024)."""
    from compare.pipeline import run_report

    run_report([sample_story_dir()], **settings, on_written=_print_path)


@cli.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@output_options
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Stories compared at once (default: one per CPU core; on a remote Dask cluster, "
    "its threads).",
)
@click.option(
    "--scheduler",
    metavar="local|ADDRESS",
    help="Run on Dask (needs story-compare[dask]): 'local' starts a cluster on this machine, "
    "tcp://HOST:PORT uses a running dask.distributed scheduler.",
)
@click.option("--force", is_flag=True, help="Redo every story, even unchanged ones.")
@click.option(
    "--story-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_STORY_TIMEOUT,
    show_default=True,
    help="Seconds one story may take; a story past it is stopped and listed as failed, "
    "the rest go on (on the process pool and on Dask; see the README).",
)
@alignment_options
def batch(source: Path, **settings: Any) -> int:
    """Compare many stories: a folder of story folders, or a JSONL manifest.

    Writes OUT/<story>/report.* for each story, then OUT/index.html, OUT/summary.csv,
    OUT/summary.json, OUT/rollup.html and OUT/rollup.csv (per outlet), and prints their paths.
    Stories whose inputs, options and tool version are unchanged since the last run are
    skipped.  A failing story is listed with its error
    and the rest go on; the exit code is 1 if any story failed.
    """
    from compare.batch import run_batch

    with _batch_progress() as on_story:
        result = run_batch(source, **settings, on_story=on_story)
    for path in result.paths:
        _print_path(path)
    click.echo(
        f"story-compare: {len(result.stories)} stories: {result.count('done')} done, "
        f"{result.count('skipped')} skipped, {result.failed} failed in {result.seconds:.1f} s",
        err=True,
    )
    return EXIT_FAILURE if result.failed else EXIT_OK


@cli.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@output_options
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback lets other machines reach the report.",
)
@alignment_options
def review(folder: Path, host: str, **settings: Any) -> None:
    """Serve one story folder's report for an editor to correct, on this machine only.

    Prints a URL with a random port and token.  Each save writes FOLDER/corrections.toml
    (only when it applies cleanly) and OUT/<story-id>/report.* again.  Ctrl-C stops it.
    """
    from compare.review import LOOPBACK, ReviewSession, make_server

    session = ReviewSession(folder, **settings)
    for path in session.render():
        _print_path(path)
    try:
        server = make_server(session, host)
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}: {error.strerror or error}") from None
    if host != LOOPBACK:
        _warn(f"listening on {host}, not only on this machine: anyone who has the URL can edit")
    click.echo(f"Review at {server.url}  (Ctrl-C stops)")
    server.serve_until_interrupted()
    _warn("review stopped")


@contextmanager
def _batch_progress() -> Iterator[Callable[[StoryResult, int, int], None]]:
    """A progress bar on a terminal; one plain line per story on stderr otherwise (logs)."""
    if not sys.stderr.isatty():

        def log(result: StoryResult, finished: int, total: int) -> None:
            detail = f": {result.error}" if result.error else ""
            line = f"[{finished}/{total}] {result.status} {result.story}{detail}"
            click.echo(printable(line), err=True)
            for warning in _story_warnings(result):
                _warn(warning)

        yield log
        return
    from tqdm import tqdm

    with tqdm(file=sys.stderr, unit="story", dynamic_ncols=True, leave=False) as bar:

        def advance(result: StoryResult, finished: int, total: int) -> None:
            bar.total = total
            if result.status == "failed":
                bar.write(printable(f"failed {result.story}: {result.error}"), file=sys.stderr)
            for warning in _story_warnings(result):
                bar.write("story-compare: " + printable(warning), file=sys.stderr)
            bar.update(1)

        yield advance


def _story_warnings(result: StoryResult) -> list[str]:
    """A story just compared: its warnings, as report prints them, named with the story."""
    return [f"{result.story}: {w}" for w in result.warnings] if result.status == "done" else []


def _print_path(path: Path) -> None:
    """A written file's path on stdout, as soon as it is written (the PDF comes last)."""
    try:
        click.echo(printable(str(path)))
    except BrokenPipeError:
        _drop_stdout()


def _drop_stdout() -> None:
    """The reader of stdout has gone (``| head``): say nothing more there, and let the exit
    code still tell how the work went.  (Python would complain again when it flushes stdout
    at exit, hence the descriptor is pointed at /dev/null.)"""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the CLI and map every failure to one line and an exit code (and, with
    --debug, its traceback before that line)."""
    # Many versions make a few hundred thousand small objects (links, their cues, the JSON's
    # dicts) that live until the report is written; at the default thresholds the cycle
    # collector walks them again and again, half the CPU of 100 versions (bench_many.py).
    gc.set_threshold(100_000, 50, 100)
    session = _Session()
    try:
        # standalone_mode=False: click returns the exit code of --help/--version instead of
        # exiting, and raises usage errors to us so they get the same one-line treatment.
        result = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="story-compare",
            standalone_mode=False,
            obj=session,
        )
    except click.Abort:
        click.echo("story-compare: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:  # stdout closed while --help or --version printed
        _drop_stdout()
        sys.exit(EXIT_OK)
    except click.exceptions.NoArgsIsHelpError as error:  # bare story-compare: the usage, whole
        error.show()
        sys.exit(EXIT_USAGE)
    except click.ClickException as error:
        _fail(error.format_message(), EXIT_USAGE)
    except StoryCompareError as error:
        _fail(str(error), error.exit_code, error if session.debug else None)
    except Exception as error:  # a bug: still one line, the traceback only with --debug
        _fail(
            f"unexpected {type(error).__name__}: {error}",
            EXIT_FAILURE,
            error if session.debug else None,
        )
    sys.exit(result if isinstance(result, int) else EXIT_OK)


def _warn(message: str) -> None:
    """One line on stderr, whatever line breaks or control characters the message carries."""
    click.echo("story-compare: " + printable(message), err=True)


def _fail(message: str, code: int, error: BaseException | None = None) -> None:
    """The one line and the exit code; first ``error``'s traceback (its cause's too), if given."""
    if error is not None:
        import traceback

        traceback.print_exception(error, file=sys.stderr)
    _warn(message)
    sys.exit(code)
