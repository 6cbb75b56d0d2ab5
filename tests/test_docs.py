"""The documentation stays true to the code: fields, commands, CI examples."""

from __future__ import annotations

import re

import yaml
from conftest import REPOSITORY, SITES

from ssg.schema import schema_properties

GUIDE = (REPOSITORY / "docs/redaktion.md").read_text(encoding="utf-8")
README = (REPOSITORY / "README.md").read_text(encoding="utf-8")
INVALID = SITES / "invalid"


def test_guide_explains_every_field_the_schemas_allow() -> None:
    fields = schema_properties("projects.schema.json", "project")
    fields += schema_properties("page.schema.json")
    fields += schema_properties("district.schema.json")
    fields += schema_properties("city.schema.json")
    fields += ["name", "year", "level", "role", "organisation", "email", "phone", "address", "file"]
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


def test_guide_explains_every_setting() -> None:
    sections = ["", *schema_properties("site.schema.json")]
    for section in sections:
        try:
            fields = schema_properties("site.schema.json", section=section) if section else []
        except KeyError:  # a plain setting, not a section
            fields = []
        missing = [field for field in [section, *fields] if field and f"`{field}`" not in GUIDE]
        assert missing == [], section


def test_common_mistakes_are_shown_as_ssg_prints_them() -> None:
    section = GUIDE.split("## Häufige Fehler und was sie bedeuten", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\n(.*?)\n```", section, re.DOTALL)
    assert len(blocks) >= 15
    printed = "\n".join(
        case.read_text(encoding="utf-8") for case in sorted(INVALID.glob("*/expected.txt"))
    )
    for block in blocks:
        as_error = block.replace(": Warnung: ", ": Fehler: ", 1)  # the fixtures run --strict
        assert block in printed or as_error in printed, block


def test_sections_the_settings_and_messages_point_to_exist() -> None:
    headings = set(re.findall(r"^##+ (.+)$", GUIDE, re.MULTILINE))
    texts = [(REPOSITORY / "data/site.yaml").read_text(encoding="utf-8")]
    for path in sorted((REPOSITORY / "ssg").glob("*.py")):  # with joined string literals
        texts.append(re.sub(r'"\s+"', "", path.read_text(encoding="utf-8")))
    texts += [(REPOSITORY / "ssg/skeleton/data/site.yaml").read_text(encoding="utf-8")]
    named = {
        " ".join(name.split())
        for text in texts
        for name in re.findall(r"Abschnitte?\s+„([^“]+)“", text.replace("\n#", "\n"))
    }
    assert named and named <= headings, named - headings
