"""Create a new handbook that builds at once (`ssg new site`).

The skeleton's own files live in ssg/skeleton/; the editors' guide, the CI
examples and the JSON Schemas are copied from where ssg keeps them, so that a
new handbook starts with the same texts as this one.
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from ssg.placeholders import PAGE_DESCRIPTION, PAGE_TEXT
from ssg.scaffold import FIELD_BODY, FIELD_EXTRA, PAGE, ScaffoldError, yaml_text

SKELETON = Path(__file__).parent / "skeleton"
SCHEMAS = Path(__file__).parent / "schemas"
# docs/ of this repository, packaged into the wheel (pyproject's force-include).
PACKAGED_DOCS = Path(__file__).parent / "docs"
CHECKOUT_DOCS = Path(__file__).parent.parent / "docs"

DEFAULT_TITLE = "Handbuch Soziale Stadt NRW"
# --ci → (file in docs/ci/, where the new handbook needs it).
CI_FILES = {
    "github": ("github-pages.yml", ".github/workflows/handbuch.yml"),
    "gitlab": ("gitlab-ci.yml", ".gitlab-ci.yml"),
    "keine": None,
}
EXAMPLE_FIELD = "content/handlungsfelder/beispiel.md"

# Without a source to name, CI stops at this line with the placeholder in its log:
# never `ssg==…`, which could install an unrelated package of that name.
UNKNOWN_SOURCE = (
    "# Woher die CI ssg installiert. Ersetzen Sie die letzte Zeile durch die Quelle\n"
    "# von ssg, z. B. ssg @ git+https://…/ssg.git@<Version oder Commit>{version}.\n"
    "ssg @ QUELLE-VON-SSG-HIER-EINTRAGEN\n"
)


def new_site(folder: Path, title: str = DEFAULT_TITLE, ci: str = "github") -> list[str]:
    """Write a new handbook into `folder` (missing or empty); return the files, sorted."""
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder} ist eine Datei; geben Sie einen neuen Ordner an.")
    if folder.is_dir() and any(folder.iterdir()):
        raise ScaffoldError(
            f"Der Ordner {folder} ist nicht leer; ssg legt ein Handbuch nur in einem neuen "
            "oder leeren Ordner an und hat nichts geschrieben."
        )
    files = skeleton_files(title, ci)  # everything is read before anything is written
    for relative, data in sorted(files.items()):
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return sorted(files)


def skeleton_files(title: str, ci: str) -> dict[str, bytes]:
    """Every file of a new handbook by relative path."""
    if not title.strip():
        raise ValueError("Der Titel darf nicht leer sein.")
    if ci not in CI_FILES:
        raise ValueError(f"unbekannte CI '{ci}'; möglich sind: {', '.join(CI_FILES)}")
    files = {
        path.relative_to(SKELETON).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(SKELETON.rglob("*"))
        if path.is_file()
    }
    files[".gitignore"] = files.pop("gitignore")
    if ci == "gitlab":  # GitLab Pages publishes public/, which the example builds
        files[".gitignore"] += "/public/\n/.public.*\n"
    files[".gitattributes"] = files.pop("gitattributes")
    for relative in ("data/site.yaml", "content/index.md"):
        files[relative] = _with_title(files[relative], title)
    files[EXAMPLE_FIELD] = example_field()
    files["requirements.txt"] = requirements_text(*_installed())
    for schema in sorted(SCHEMAS.glob("*.json")):
        files[f"schemas/{schema.name}"] = schema.read_text(encoding="utf-8")
    docs = docs_folder()
    files["docs/redaktion.md"] = (docs / "redaktion.md").read_text(encoding="utf-8")
    chosen = CI_FILES[ci]
    if chosen:
        example, target = chosen
        files[target] = (docs / "ci" / example).read_text(encoding="utf-8")
    return {relative: text.encode("utf-8") for relative, text in files.items()}


def docs_folder() -> Path:
    """The packaged copy of docs/ in an installed ssg, else this checkout's."""
    return PACKAGED_DOCS if PACKAGED_DOCS.is_dir() else CHECKOUT_DOCS


def example_field() -> str:
    """The draft action field, exactly as `ssg new page handlungsfelder/beispiel` writes it."""
    page = PAGE.format(
        title="Beispiel", description=PAGE_DESCRIPTION, extra=FIELD_EXTRA, text=PAGE_TEXT
    )
    return page + FIELD_BODY


def requirements_text(direct_url: str | None, version: str) -> str:
    """requirements.txt naming where ssg came from: a repository and commit, or a version.

    `direct_url` is the installed distribution's PEP 610 record. A local folder or
    file is never written: CI cannot install from this machine.
    """
    record = json.loads(direct_url) if direct_url else {}
    url = record.get("url", "")
    vcs = record.get("vcs_info", {})
    if vcs.get("vcs") and vcs.get("commit_id") and urlsplit(url).scheme not in ("", "file"):
        folder = f"#subdirectory={record['subdirectory']}" if record.get("subdirectory") else ""
        return f"ssg @ {vcs['vcs']}+{url}@{vcs['commit_id']}{folder}\n"
    return UNKNOWN_SOURCE.format(version=f" (angelegt mit ssg {version})" if version else "")


def _installed() -> tuple[str | None, str]:
    """ssg's PEP 610 record (direct_url.json) and version, as installed."""
    try:
        distribution = metadata.distribution("ssg")
    except metadata.PackageNotFoundError:  # run from a checkout without installing
        return None, ""
    return distribution.read_text("direct_url.json"), distribution.version


def _with_title(text: str, title: str) -> str:
    """`text` with its first line 'title: <default>' naming `title` instead."""
    line = f"title: {DEFAULT_TITLE}\n"
    assert line in text, "ssg/skeleton: the title line has changed"
    return text.replace(line, f"title: {yaml_text(title.strip())}\n", 1)
