"""Where the package's own files live, in a wheel and in a source checkout alike."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent

# In a wheel the top-level templates/ folder is shipped as compare/templates (pyproject.toml,
# force-include); in a source checkout or editable install it sits beside the package.
_TEMPLATE_CANDIDATES = (PACKAGE_DIR / "templates", PACKAGE_DIR.parent / "templates")


def templates_dir() -> Path:
    for candidate in _TEMPLATE_CANDIDATES:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("story-compare templates folder is missing from the installation")


def sample_story_dir() -> Path:
    """The built-in demo story (the AFP Putin–Kim report of 19 June 2024, two outlets)."""
    return PACKAGE_DIR / "samples" / "putin-kim-2024-06-19"


def schema_path() -> Path:
    """JSON Schema of report.json."""
    return PACKAGE_DIR / "schema" / "report.schema.json"
