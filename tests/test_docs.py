"""The documentation stays true to the code: fields, commands, CI examples."""

from __future__ import annotations

import yaml
from conftest import REPOSITORY

from ssg.schema import schema_properties

GUIDE = (REPOSITORY / "docs/redaktion.md").read_text(encoding="utf-8")
README = (REPOSITORY / "README.md").read_text(encoding="utf-8")


def test_guide_explains_every_field_the_schemas_allow() -> None:
    fields = schema_properties("projects.schema.json", "project")
    fields += schema_properties("page.schema.json")
    fields += ["name", "year", "level"]
    missing = [field for field in fields if f"`{field}`" not in GUIDE]
    assert missing == []
    for level in ("Preisträger", "Anerkennung", "engere Wahl", "Teilnahme"):
        assert level in GUIDE


def test_readme_links_the_guide_and_documents_every_command() -> None:
    assert "docs/redaktion.md" in README
    for command in ("make site", "make test", "ssg build", "ssg check", "ssg serve", "ssg new"):
        assert command in README


def test_ci_examples_check_and_build_strictly() -> None:
    for name in ("github-pages.yml", "gitlab-ci.yml"):
        text = (REPOSITORY / "docs/ci" / name).read_text(encoding="utf-8")
        assert isinstance(yaml.safe_load(text), dict)
        assert "ssg check --strict" in text
        assert "ssg build --strict" in text
        assert name in GUIDE
