"""The versions the build cache depends on, as importlib.metadata reports them."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest

from ssg.versions import LIBRARIES, _from_folder_names


def installed(folder: Path, name: str, version: str) -> None:
    """A package's record as pip leaves it."""
    record = folder / f"{name}-{version}.dist-info"
    record.mkdir()
    (record / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )


def test_the_installed_versions_are_those_importlib_metadata_reports() -> None:
    names = ("ssg", *LIBRARIES)
    assert _from_folder_names(names) == {name: metadata.version(name) for name in names}


def test_a_package_found_earlier_on_the_path_counts_whatever_its_spelling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed(tmp_path, "Jinja2", "9.9")
    installed(tmp_path, "PyYAML", "1.0.dev1")
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    found = _from_folder_names(("jinja2", "pyyaml", "markdown"))
    assert found == {
        "jinja2": "9.9",
        "pyyaml": "1.0.dev1",
        "markdown": metadata.version("markdown"),
    }
    assert found["jinja2"] == metadata.version("jinja2")


def test_two_records_of_one_package_in_one_place_are_left_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed(tmp_path, "markdown", "8.0")
    installed(tmp_path, "Markdown", "9.0")
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    assert _from_folder_names(("markdown",)) == {"markdown": metadata.version("markdown")}
    assert metadata.version("markdown") in ("8.0", "9.0")


def test_a_package_that_is_not_installed_has_no_version() -> None:
    assert _from_folder_names(("ssg-nowhere",)) == {"ssg-nowhere": "-"}
