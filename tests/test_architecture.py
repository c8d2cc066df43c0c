"""Who may import whom (docs/architecture.md): no stage imports a later one.

Every import in the package is read from the source with ast, at the top of a module and
inside functions alike (a deferred import is still a dependency), and checked against
``LAYERS``: a module may import modules of its own unit (a subpackage such as compare.ingest
is one unit) and modules of lower layers, never a sibling of its own layer or anything above.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "compare"

# Lowest first.  Each entry is a module or a subpackage (every module under it).
LAYERS: tuple[tuple[str, ...], ...] = (
    # The light modules any stage may read (the model on them).  compare/__init__.py is the
    # library's front door (it loads the pipeline on first use, so it sits at the top), but
    # its __version__ is a constant that every layer may read.
    (
        "compare.errors",
        "compare.fsutil",
        "compare.resources",
        "compare.unionfind",
        "compare.options",
        "compare.words",
        "compare.times",
        "compare.__version__",
    ),
    ("compare.model", "compare.paths"),  # the data model; safe story ids and input paths
    # The matching forms of text: folded tokens; sentence vectors (an optional encoder).
    ("compare.normalize", "compare.semantic"),
    ("compare.crosshead",),  # the crosshead rule that ingest and segment share
    ("compare.ingest",),  # stage 1: read versions
    ("compare.segment",),  # stage 2: sentences
    ("compare.align", "compare.temporal"),  # stage 3: links; the cues of a change
    ("compare.align_many",),  # stage 3 for many versions: align's pairs, copies aligned once
    ("compare.rewrites", "compare.confidence", "compare.takes"),  # passes over the links
    ("compare.classify", "compare.collate", "compare.corrections"),  # stage 4
    ("compare.render",),  # stage 5: reads the model only
    ("compare.pipeline",),  # the one path through the stages
    ("compare.review", "compare.batch"),  # what runs the pipeline
    ("compare.cli", "compare"),  # the command line; the library's front door
    ("compare.__main__",),
)

# The light modules: what a module that only reads a comparison may import.
FOUNDATION = (*LAYERS[0], *LAYERS[1])


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    relative = Path(*name.split("."))
    return (PACKAGE.parent / relative).with_suffix(".py").is_file() or (
        PACKAGE.parent / relative / "__init__.py"
    ).is_file()


def _imports(path: Path) -> set[str]:
    """The compare modules (or declared names such as compare.__version__) a file imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import"
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                declared = any(name in layer for layer in LAYERS)
                found.add(name if _is_module(name) or declared else str(node.module))
    return {name for name in found if name == "compare" or name.startswith("compare.")}


def _unit(name: str) -> str:
    """The LAYERS entry a module belongs to: itself, or the subpackage that holds it."""
    entries = [e for layer in LAYERS for e in layer if name == e or name.startswith(e + ".")]
    entries = [e for e in entries if e != "compare" or name == "compare"]
    assert entries, f"{name} is in no layer of tests/test_architecture.py: place it"
    return max(entries, key=len)


def _layer(unit: str) -> int:
    return next(number for number, layer in enumerate(LAYERS) if unit in layer)


def _graph() -> dict[str, set[str]]:
    return {_module_name(path): _imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def _wrong_way(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    wrong = set()
    for importer, imported in graph.items():
        own = _unit(importer)
        for target in imported:
            unit = _unit(target)
            if unit != own and _layer(unit) >= _layer(own):
                wrong.add((importer, target))
    return wrong


def test_no_module_imports_a_later_stage_or_a_sibling():
    wrong = sorted(_wrong_way(_graph()))
    assert not wrong, "imports against docs/architecture.md's order: " + ", ".join(
        f"{a} → {b}" for a, b in wrong
    )


@pytest.mark.parametrize(
    ("importer", "target"),
    [
        ("compare.align", "compare.temporal"),  # a sibling of its layer
        ("compare.collate", "compare.classify"),
        ("compare.ingest.reader", "compare.segment"),  # a later stage
        ("compare.render.json", "compare.cli"),
        ("compare.model", "compare.normalize"),
    ],
)
def test_the_check_refuses_an_import_against_the_order(importer, target):
    graph = _graph()
    graph[importer] = graph[importer] | {target}
    assert (importer, target) in _wrong_way(graph)


def test_every_module_of_the_package_has_a_layer():
    for name in _graph():
        _layer(_unit(name))


def test_the_report_reader_imports_only_the_light_modules():
    # from_dict reads a report; running a stage again is the caller's choice.
    imported = _imports(PACKAGE / "render" / "json.py")
    assert {_unit(name) for name in imported} <= set(FOUNDATION), imported


def test_the_cli_loads_no_stage_and_no_renderer_until_a_command_runs():
    code = "import sys, compare.cli; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    ours = [name for name in loaded if name == "compare" or name.startswith("compare.")]
    assert {_unit(name) for name in ours} <= {
        *FOUNDATION,
        "compare",
        "compare.cli",
        "compare.batch",
    }
    assert "compare.batch.runner" not in loaded and "jinja2" not in loaded, loaded
