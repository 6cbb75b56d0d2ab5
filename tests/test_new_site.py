"""`ssg new site`: a new handbook that builds at once, and a folder that is never overwritten."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from conftest import REPOSITORY, MakeSite, read_tree, run_build
from referencing import Registry, Resource

from ssg.cli import main
from ssg.config import DEFAULTS
from ssg.newsite import CHECKOUT_DOCS, PACKAGED_DOCS, UNKNOWN_SOURCE, requirements_text

SCHEMAS = REPOSITORY / "ssg/schemas"
COMMON_FILES = {
    ".gitattributes",
    ".gitignore",
    "content/handlungsfelder/beispiel.md",
    "content/index.md",
    "data/projects.yaml",
    "data/site.yaml",
    "docs/redaktion.md",
    "requirements.txt",
} | {f"schemas/{schema.name}" for schema in SCHEMAS.glob("*.json")}


def new_site(runner: CliRunner, folder: Path, *args: str) -> Path:
    result = runner.invoke(main, ["new", "site", str(folder), *args])
    assert result.exit_code == 0, result.output
    return folder


def test_new_site_writes_a_skeleton_that_builds(tmp_path: Path, runner: CliRunner) -> None:
    root = new_site(runner, tmp_path / "neu/handbuch")  # missing folders are created
    written = set(read_tree(root))
    assert written == COMMON_FILES | {".github/workflows/handbuch.yml"}
    for copy, original in {
        ".github/workflows/handbuch.yml": "docs/ci/github-pages.yml",
        "docs/redaktion.md": "docs/redaktion.md",
    }.items():
        assert (root / copy).read_bytes() == (REPOSITORY / original).read_bytes()
    assert (root / ".gitignore").read_text().split("\n")[1:-1] == [
        "/site/",
        "/.site.*",
        "/.venv/",
        "__pycache__/",
        "/.ssg-cache/",
    ]
    # Git for Windows changes no line ending: the site is the same wherever it is built.
    assert (root / ".gitattributes").read_text().splitlines()[-1] == "* -text"
    assert yaml.safe_load((root / "data/projects.yaml").read_text()) is None
    home = (root / "content/index.md").read_text()
    assert home.startswith("---\ntitle: Handbuch Soziale Stadt NRW\n")

    result = run_build(runner, root)
    assert result.exit_code == 0, result.output
    assert "Der Projektkatalog enthält kein Projekt" in result.output
    assert "Angaben fehlen für Impressum" in result.output
    published = (root / "site/index.html").read_text()
    assert "Handbuch Soziale Stadt NRW" in published and "Ersetzen Sie" not in published
    assert not (root / "site/handlungsfelder/beispiel").exists()
    result = run_build(runner, root, "--drafts")
    assert result.exit_code == 0, result.output
    assert "Entwurf" in (root / "site/handlungsfelder/beispiel/index.html").read_text()


def test_the_settings_name_every_field_and_invent_no_details(
    tmp_path: Path, runner: CliRunner
) -> None:
    root = new_site(runner, tmp_path / "handbuch")
    text = (root / "data/site.yaml").read_text()
    schema = json.loads((SCHEMAS / "site.schema.json").read_text())
    for key, field in schema["properties"].items():
        assert re.search(rf"^{key}:", text, re.MULTILINE), key
        for inner in field.get("properties", {}):
            # Addresses cannot be empty in the schema: they stand there as comments.
            assert re.search(rf"^  (# )?{inner}:", text, re.MULTILINE), f"{key}.{inner}"
    settings = yaml.safe_load(text)
    assert settings["base_url"] == ""
    repository = yaml.safe_load((REPOSITORY / "data/site.yaml").read_text())
    assert settings["navigation"] == repository["navigation"]
    for section, defaults in DEFAULTS.items():  # the legal details
        assert all(value in (None, []) for value in settings[section].values()), section
        for value in defaults.values():  # what ssg fills in, as the comments say
            assert value in text
    assert "docs/redaktion.md" in text and "README" not in text


def test_the_example_field_is_what_new_page_writes(
    tmp_path: Path, runner: CliRunner, make_site: MakeSite
) -> None:
    root = new_site(runner, tmp_path / "neu")
    other = make_site()
    result = runner.invoke(
        main, ["new", "page", "--source", str(other), "handlungsfelder/beispiel"]
    )
    assert result.exit_code == 0, result.output
    example = "content/handlungsfelder/beispiel.md"
    assert (root / example).read_bytes() == (other / example).read_bytes()
    assert "\ndraft: true\n" in (root / example).read_text()


def test_new_site_refuses_a_folder_that_is_not_empty(tmp_path: Path, runner: CliRunner) -> None:
    folder = tmp_path / "handbuch"
    (folder / "data").mkdir(parents=True)
    (folder / "data/site.yaml").write_text("title: Alt\n")
    before = read_tree(folder)
    result = runner.invoke(main, ["new", "site", str(folder)])
    assert result.exit_code == 1
    assert "ist nicht leer" in result.output and "nichts geschrieben" in result.output
    assert read_tree(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == ["data"]

    file = tmp_path / "datei"
    file.write_text("x")
    result = runner.invoke(main, ["new", "site", str(file)])
    assert result.exit_code == 1 and "ist eine Datei" in result.output
    assert file.read_text() == "x"


def test_new_project_appends_to_the_new_catalogue(tmp_path: Path, runner: CliRunner) -> None:
    root = new_site(runner, tmp_path / "handbuch")
    catalogue = root / "data/projects.yaml"
    before = catalogue.read_text()
    result = runner.invoke(main, ["new", "project", "--source", str(root), "Treff am Markt"])
    assert result.exit_code == 0, result.output
    after = catalogue.read_text()
    assert after.startswith(before) and after.count("yaml-language-server") == 1
    assert "# fields: [beispiel]" in after
    assert run_build(runner, root).exit_code == 0
    result = run_build(runner, root, "--drafts")
    assert result.exit_code == 0, result.output
    assert (root / "site/projekte/treff-am-markt/index.html").is_file()


@pytest.mark.parametrize(
    ("ci", "written"), [("gitlab", {".gitlab-ci.yml": "gitlab-ci.yml"}), ("keine", {})]
)
def test_ci_option_chooses_the_ci_file(
    tmp_path: Path, runner: CliRunner, ci: str, written: dict[str, str]
) -> None:
    root = new_site(runner, tmp_path / "handbuch", "--ci", ci)
    assert set(read_tree(root)) == COMMON_FILES | set(written)
    for target, example in written.items():
        assert (root / target).read_text() == (REPOSITORY / "docs/ci" / example).read_text()
    ignored = (root / ".gitignore").read_text().split("\n")
    assert ("/public/" in ignored) == (ci == "gitlab")  # where GitLab's example builds
    result = runner.invoke(main, ["new", "site", str(tmp_path / "x"), "--ci", "jenkins"])
    assert result.exit_code == 2 and not (tmp_path / "x").exists()


def test_title_option_names_the_handbook(tmp_path: Path, runner: CliRunner) -> None:
    root = new_site(runner, tmp_path / "handbuch", "--title", "Handbuch: Quartiere #1")
    assert yaml.safe_load((root / "data/site.yaml").read_text())["title"] == (
        "Handbuch: Quartiere #1"
    )
    front_matter = (root / "content/index.md").read_text().split("---\n")[1]
    assert yaml.safe_load(front_matter)["title"] == "Handbuch: Quartiere #1"
    assert run_build(runner, root).exit_code == 0
    assert "<title>Handbuch: Quartiere #1</title>" in (root / "site/index.html").read_text()

    result = runner.invoke(main, ["new", "site", str(tmp_path / "leer"), "--title", " "])
    assert result.exit_code == 2 and "Titel darf nicht leer sein" in result.output
    assert not (tmp_path / "leer").exists()


def test_schema_lines_point_to_the_copied_schemas(tmp_path: Path, runner: CliRunner) -> None:
    root = new_site(runner, tmp_path / "handbuch")
    for name in ("data/site.yaml", "data/projects.yaml"):
        first = (root / name).read_text().split("\n")[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, first
        schema = (root / name).parent / match.group(1)
        assert schema.resolve().is_file(), match.group(1)
    for schema in SCHEMAS.glob("*.json"):
        assert (root / "schemas" / schema.name).read_bytes() == schema.read_bytes()
    # What an editor's tool sees through the schema line: nothing to underline.
    registry: Registry[Any] = Registry().with_resources(
        (file.name, Resource.from_contents(json.loads(file.read_text())))
        for file in (root / "schemas").glob("*.json")
    )
    schema = registry.contents("site.schema.json")
    validator = jsonschema.validators.validator_for(schema)(schema, registry=registry)
    assert list(validator.iter_errors(yaml.safe_load((root / "data/site.yaml").read_text()))) == []


def test_requirements_name_the_source_of_ssg_but_never_a_local_path(
    tmp_path: Path, runner: CliRunner
) -> None:
    root = new_site(runner, tmp_path / "handbuch")
    written = (root / "requirements.txt").read_text()
    assert "file:" not in written and str(REPOSITORY) not in written
    pattern = r"^ssg @ (git\+https://\S+@[0-9a-f]{40}|QUELLE-VON-SSG-HIER-EINTRAGEN)$"
    assert re.search(pattern, written, re.MULTILINE)
    assert "==" not in written  # a version alone could install another package of that name

    commit = "a" * 40
    vcs = {
        "url": "https://example.org/stadt/ssg.git",
        "vcs_info": {"vcs": "git", "commit_id": commit},
    }
    assert requirements_text(json.dumps(vcs), "0.1.0") == (
        f"ssg @ git+https://example.org/stadt/ssg.git@{commit}\n"
    )
    in_folder = dict(vcs, subdirectory="werkzeuge/ssg")
    assert requirements_text(json.dumps(in_folder), "0.1.0").endswith(
        f"@{commit}#subdirectory=werkzeuge/ssg\n"
    )
    local_clone = dict(vcs, url="file:///home/redaktion/ssg")
    editable = {"url": "file:///home/redaktion/ssg", "dir_info": {"editable": True}}
    archive = {"url": "file:///home/redaktion/ssg-0.1.0.tar.gz", "archive_info": {}}
    for record in (local_clone, editable, archive, None):
        text = requirements_text(json.dumps(record) if record else None, "0.1.0")
        assert text == UNKNOWN_SOURCE.format(version=" (angelegt mit ssg 0.1.0)")
        *comments, requirement = text.splitlines()
        assert all(line.startswith("#") for line in comments)
        assert requirement == "ssg @ QUELLE-VON-SSG-HIER-EINTRAGEN"


def test_the_wheel_carries_what_new_site_copies() -> None:
    pyproject = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())
    included = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    packaged = PACKAGED_DOCS.relative_to(REPOSITORY).as_posix()
    assert CHECKOUT_DOCS == REPOSITORY / "docs"
    assert included["docs/ci"] == f"{packaged}/ci"
    assert included["docs/redaktion.md"] == f"{packaged}/redaktion.md"
