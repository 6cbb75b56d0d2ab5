"""The versions the build cache depends on, as importlib.metadata reports them."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest

from ssg.versions import LIBRARIES, _from_folder_names


def installed(folder: Path, name: str, version: str, recorded: str = "") -> None:
    """A package's record as pip leaves it (`recorded`: another version in its
    METADATA, which importlib.metadata reads, than in its folder's name)."""
    record = folder / f"{name}-{version}.dist-info"
    record.mkdir()
    (record / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {recorded or version}\n",
        encoding="utf-8",
    )


@pytest.fixture
def first_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder where Python looks for packages before it looks anywhere else."""
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    return tmp_path


def test_the_installed_versions_are_those_importlib_metadata_reports() -> None:
    names = ("ssg", *LIBRARIES)
    assert _from_folder_names(names) == {name: metadata.version(name) for name in names}


def test_a_package_found_earlier_on_the_path_counts_whatever_its_spelling(
    first_on_path: Path,
) -> None:
    installed(first_on_path, "Jinja2", "9.9")
    installed(first_on_path, "PyYAML", "1.0.dev1")
    found = _from_folder_names(("jinja2", "pyyaml", "markdown"))
    assert found == {
        "jinja2": "9.9",
        "pyyaml": "1.0.dev1",
        "markdown": metadata.version("markdown"),
    }
    assert found["jinja2"] == metadata.version("jinja2")


def test_two_records_of_one_package_in_one_place_are_left_to_importlib_metadata(
    first_on_path: Path,
) -> None:
    installed(first_on_path, "markdown", "8.0", recorded="8.0.post1")
    installed(first_on_path, "Markdown", "9.0", recorded="9.0.post1")
    found = _from_folder_names(("markdown",))
    assert found == {"markdown": metadata.version("markdown")}
    assert found["markdown"] in ("8.0.post1", "9.0.post1")  # read from METADATA, not names


def test_a_package_that_is_not_installed_has_no_version() -> None:
    assert _from_folder_names(("ssg-nowhere",)) == {"ssg-nowhere": "-"}


@pytest.mark.parametrize("record", ["Markdown.egg-info", "Markdown-7.0-py3.11.egg-info"])
def test_an_older_egg_info_record_is_left_to_importlib_metadata(
    first_on_path: Path, record: str
) -> None:
    """setuptools' older records name the package in more ways than the folder shows:
    importlib.metadata finds this one before the installed package, and so must we."""
    egg = first_on_path / record
    egg.mkdir()
    (egg / "PKG-INFO").write_text("Metadata-Version: 1.1\nName: Markdown\nVersion: 7.0\n")
    assert metadata.version("markdown") == "7.0"
    assert _from_folder_names(("markdown",)) == {"markdown": "7.0"}
