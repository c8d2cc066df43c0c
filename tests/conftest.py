"""Fixtures shared by several test modules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compare.resources import sample_story_dir

FIVE_TAKES = Path(__file__).resolve().parent / "fixtures" / "five-takes"


@pytest.fixture(scope="session")
def dashboard_stories(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch INPUT for the dashboard tests: the five-take story, the reference story, and a
    folder with one version only (a story that fails).  Read-only: batches write elsewhere."""
    stories = tmp_path_factory.mktemp("dashboard") / "stories"
    shutil.copytree(FIVE_TAKES, stories / "five")
    shutil.copytree(sample_story_dir(), stories / "summit")
    (stories / "lonely").mkdir()
    shutil.copy(sample_story_dir() / "dhaka.txt", stories / "lonely")
    return stories
