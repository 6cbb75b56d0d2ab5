"""The CI examples in docs/ci/ work as they are: every ssg command in them, run on a
complete handbook, succeeds without a warning and leaves the site behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPOSITORY, SITES

CI = REPOSITORY / "docs/ci"
INSTALL = "python -m pip install -r requirements.txt"
# What the platforms put in place of their variables.
PLATFORM_VARIABLES = {
    "${{ steps.pages.outputs.base_url }}": "https://example.github.io/handbuch",
    "$CI_PAGES_URL": "https://example.gitlab.io/handbuch",
}
# Example → the folder it publishes, and the address it publishes at.
EXAMPLES = {
    "github-pages.yml": ("site", "https://example.github.io/handbuch/"),
    "gitlab-ci.yml": ("public", "https://example.gitlab.io/handbuch/"),
}


def shell_commands(node: Any) -> Iterator[str]:
    """Every line of every `run:` and `script:` entry, in the order of the file."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("run", "script"):
                lines = value if isinstance(value, list) else str(value).splitlines()
                yield from (line.strip() for line in lines if line.strip())
            else:
                yield from shell_commands(value)
    elif isinstance(node, list):
        for item in node:
            yield from shell_commands(item)


def jobs(document: dict[str, Any]) -> list[Any]:
    """GitHub's jobs, or GitLab's (top-level entries with a script)."""
    if "jobs" in document:
        return list(document["jobs"].values())
    return [job for job in document.values() if isinstance(job, dict) and "script" in job]


def example(name: str) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((CI / name).read_text(encoding="utf-8"))
    return document


def test_the_examples_are_the_ones_tested() -> None:
    assert sorted(path.name for path in CI.glob("*.yml")) == sorted(EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_ci_example_runs_verbatim(name: str, tmp_path: Path) -> None:
    handbook = tmp_path / "handbuch"
    shutil.copytree(SITES / "minimal", handbook)
    # As in a new handbook: the public address comes from --base-url.
    settings = handbook / "data/site.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("base_url: https://example.org/handbuch/", 'base_url: ""'))
    assert 'base_url: ""' in settings.read_text(encoding="utf-8")
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    environment = dict(os.environ, PATH=path)

    commands = [line for line in shell_commands(example(name)) if line.startswith("ssg ")]
    assert len(commands) >= 2, commands
    for command in commands:
        for variable, value in PLATFORM_VARIABLES.items():
            command = command.replace(variable, value)
        assert "$" not in command, f"unknown platform variable in {command}"
        ran = subprocess.run(
            ["bash", "-c", command],
            cwd=handbook,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        output = ran.stdout + ran.stderr
        assert ran.returncode == 0, f"{command}\n{output}"
        assert "Warnung" not in output and "::warning" not in output, f"{command}\n{output}"

    folder, address = EXAMPLES[name]
    assert (handbook / folder / "index.html").is_file()
    assert f"<loc>{address}</loc>" in (handbook / folder / "sitemap.xml").read_text()


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_job_installs_ssg_from_requirements_first(name: str) -> None:
    installs = [line for line in shell_commands(example(name)) if "pip install" in line]
    assert installs and set(installs) == {INSTALL}
    for job in jobs(example(name)):
        commands = list(shell_commands(job))
        uses_ssg = [index for index, line in enumerate(commands) if line.startswith("ssg ")]
        if uses_ssg:
            assert INSTALL in commands[: uses_ssg[0]], commands


def test_this_repository_installs_ssg_from_itself() -> None:
    lines = (REPOSITORY / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line and not line.startswith("#")] == ["."]
