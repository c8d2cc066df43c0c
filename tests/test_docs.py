"""Keep the README honest: every command and option it promises exists, and vice versa."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from compare.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_gives_the_two_commands():
    assert "make demo" in README
    assert "make test" in README


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_documented_with_help(name):
    command = cli.commands[name]
    assert command.help, f"{name} has no --help text"
    assert f"story-compare {name}" in README, f"README does not show `story-compare {name}`"


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (name, opt)
        for name, command in sorted(cli.commands.items())
        for param in command.params
        if isinstance(param, click.Option)
        for opt in param.opts
        if opt.startswith("--")
    ],
)
def test_every_option_is_documented(command, option):
    assert option in README, f"README does not mention {option} of `story-compare {command}`"


def test_report_json_fields_in_readme_exist_in_schema():
    from compare.resources import schema_path

    schema = schema_path().read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)`", README, flags=re.MULTILINE))
    assert documented, "README has no report.json field table"
    for field in documented:
        assert f'"{field}"' in schema, f"README documents {field!r}, the schema does not know it"


def test_alignment_option_defaults_in_readme_are_the_real_defaults():
    from dataclasses import fields

    from compare.align import AlignOptions

    table = dict(re.findall(r"^\| `--([a-z-]+)` \| ([0-9.]+) \|", README, flags=re.MULTILINE))
    assert table == {
        option.name.replace("_", "-"): str(option.default) for option in fields(AlignOptions)
    }
