"""The YAML reader ssg uses: YAML 1.2's plain words, libyaml where installed, and
tabs refused the same way with and without it (yamlfile.py builds the values)."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import yaml
from yaml.nodes import Node

from ssg.yamlerrors import loose_tab

_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _core_schema(base: type[Any]) -> type[Any]:
    """A loader that reads plain words the way YAML 1.2 and editors' tools do.

    PyYAML follows YAML 1.1, where `no`, `on` or `2004-01-01` silently become
    false, true or a date; in YAML 1.2 (and in VS Code) they are text. Only
    `true` and `false` are booleans here, and there are no implicit dates.
    """

    class CoreSchemaLoader(base):  # type: ignore[misc]
        yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
            first: [(tag, pattern) for tag, pattern in resolvers if tag not in (_BOOL, _TIMESTAMP)]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }

    CoreSchemaLoader.add_implicit_resolver(
        _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return CoreSchemaLoader


C_PARSER = hasattr(yaml, "CSafeLoader")
PURE_LOADER = _core_schema(yaml.SafeLoader)
# What a text is read with (PyYAML's own reader where libyaml is missing).
LOADER = _core_schema(yaml.CSafeLoader) if C_PARSER else PURE_LOADER


def compose(text: str) -> Node | None:
    """The node tree of `text`, refusing tabs the same way with and without libyaml.

    libyaml takes a tab after a key or inside plain text for a space; PyYAML's own
    reader refuses it. Both refuse it here, so a file means the same everywhere.
    """
    try:
        root: Node | None = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError:
        if C_PARSER and "\t" in text:
            yaml.compose(text, Loader=PURE_LOADER)  # raises the error PyYAML's reader sees first
        raise
    if C_PARSER and "\t" in text and root is not None:
        error = loose_tab(root, text)
        if error:
            raise error
    return root
