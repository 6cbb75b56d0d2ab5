"""One schema, two uses: editors' tools and ssg must agree on what is valid."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import REPOSITORY, SITES
from hypothesis import given, settings
from hypothesis import strategies as st
from referencing import Registry, Resource

from ssg.errors import errors_in
from ssg.schema import SCHEMAS, validate
from ssg.yamlfile import parse_yaml


def raw_validator(name: str) -> jsonschema.protocols.Validator:
    """The schema as any editor's JSON Schema tool sees it, without ssg in between."""
    registry: Registry[Any] = Registry().with_resources(
        (file.name, Resource.from_contents(json.loads(file.read_text())))
        for file in SCHEMAS.glob("*.schema.json")
    )
    schema = registry.contents(name)
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    return validator(schema, registry=registry)


def ssg_accepts(text: str, schema: str) -> bool:
    document, problems = parse_yaml(text, "f.yaml")
    assert document is not None and not problems
    items = "project" if schema == "projects.schema.json" else ""  # as the catalogue does
    return not errors_in(validate(document, schema, items=items).problems)


def test_repository_catalogue_and_settings_are_valid() -> None:
    for file, schema in (("data/projects.yaml", "projects"), ("data/site.yaml", "site")):
        text = (REPOSITORY / file).read_text(encoding="utf-8")
        first_line = text.splitlines()[0]
        assert first_line == f"# yaml-language-server: $schema=../ssg/schemas/{schema}.schema.json"
        assert (REPOSITORY / "data" / first_line.split("=", 1)[1]).is_file()
        raw_validator(f"{schema}.schema.json").validate(yaml.safe_load(text))
        assert ssg_accepts(text, f"{schema}.schema.json")


def loads_cleanly(file: Path) -> bool:
    """YAML both loaders accept; the others are reported before any schema is used."""
    text = file.read_text(encoding="utf-8")
    try:
        yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    return not parse_yaml(text, "f.yaml")[1]


CATALOGUES = [file for file in sorted(SITES.glob("**/data/projects.yaml")) if loads_cleanly(file)]


@pytest.mark.parametrize("file", CATALOGUES, ids=lambda p: str(p.relative_to(SITES)))
def test_schema_and_ssg_agree_on_every_fixture_catalogue(file: Path) -> None:
    text = file.read_text(encoding="utf-8")
    valid = raw_validator("projects.schema.json").is_valid(yaml.safe_load(text))
    assert valid == ssg_accepts(text, "projects.schema.json")


texts = st.sampled_from(["Café", "", "  ", "Preis Soziale Stadt 2004", "soziale-netze", "x y"])
scalars = st.one_of(texts, st.integers(1900, 2100), st.booleans(), st.none())
award = st.one_of(
    scalars,
    st.fixed_dictionaries(
        {"name": scalars},
        optional={"year": scalars, "level": st.sampled_from(["Anerkennung", "Preis", 3])},
    ),
)
link = st.fixed_dictionaries(
    {},
    optional={
        "title": scalars,
        "url": st.sampled_from(["https://a.de/", "/x/", "javascript:x", "www.a.de", 1]),
    },
)
project = st.fixed_dictionaries(
    {},
    optional={
        "title": scalars,
        "summary": scalars,
        "city": scalars,
        "district": scalars,
        "awards": st.one_of(award, st.lists(award, max_size=3)),
        "fields": st.one_of(scalars, st.lists(scalars, max_size=3)),
        "links": st.one_of(scalars, st.lists(link, max_size=2)),
        "slug": scalars,
        "draft": scalars,
        "typo": scalars,
    },
)


@settings(max_examples=300, deadline=None)
@given(st.lists(project, max_size=3))
def test_schema_and_ssg_agree_on_generated_catalogues(projects: list[dict[str, Any]]) -> None:
    text = yaml.safe_dump(projects, allow_unicode=True)
    valid = raw_validator("projects.schema.json").is_valid(yaml.safe_load(text))
    assert valid == ssg_accepts(text, "projects.schema.json")


def property_schemas() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    project = json.loads((SCHEMAS / "projects.schema.json").read_text())["definitions"]["project"]
    found += [("project", name, spec) for name, spec in project["properties"].items()]
    for name in ("page", "site"):
        schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
        found += [(name, key, spec) for key, spec in schema["properties"].items()]
    return found


@pytest.mark.parametrize(("schema", "name", "spec"), property_schemas())
def test_every_field_is_explained_in_german(schema: str, name: str, spec: dict[str, Any]) -> None:
    if "$ref" in spec and "title" not in spec:
        file, _, pointer = spec["$ref"].partition("#")
        target: Any = json.loads((SCHEMAS / file).read_text())
        for step in pointer.strip("/").split("/"):
            target = target[step]
        spec = target
    assert spec.get("title"), (schema, name)
    assert spec.get("description") or spec.get("examples"), (schema, name)
