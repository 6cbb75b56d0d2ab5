"""The catalogue as open data: JSON for programs, CSV for German spreadsheet software."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner
from conftest import SITES, run_build


def test_projekte_json_and_csv(tmp_path: Path) -> None:
    output = tmp_path / "site"
    result = run_build(
        CliRunner(),
        SITES / "catalogue",
        "--output",
        str(output),
        "--no-search",
        "--base-url",
        "https://example.org/handbuch/",
    )
    assert result.exit_code == 0, result.output
    document = json.loads((output / "projekte.json").read_text(encoding="utf-8"))
    assert document["lizenz"] == "Datenlizenz Deutschland – Namensnennung 2.0"
    projects = {p["titel"]: p for p in document["projekte"]}
    assert "Geheimes Projekt" not in projects  # a draft
    hagen = projects["Nordstadt-Treff Hagen"]
    assert hagen["adresse"] == "https://example.org/handbuch/projekte/nordstadt-treff-hagen/"
    assert hagen["auszeichnungen"] == [
        {"name": "Preis Soziale Stadt", "jahr": 2004, "stufe": "Anerkennung"}
    ]
    assert projects["Äpfel für alle"]["alle_stadtteile"] is True
    assert projects["ohne Ort und Preis"]["stadt"] is None

    raw = (output / "projekte.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # spreadsheet software then reads UTF-8
    assert b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:5] == ["Titel", "Adresse", "Kurzbeschreibung", "Stadt", "Stadtteil"]
    by_title = {row[0]: row for row in rows[1:]}
    assert len(by_title) == len(projects)
    assert by_title["Nordstadt-Treff Dortmund"][6] == (
        "Preis Soziale Stadt 2004 | Preis Soziale Stadt 2012"
    )
    assert by_title["Ölmühle Überruhr"][9] == "Mühlenverein: https://example.org/muehle"
    assert rows[0][8] == "Zielgruppen" and by_title["Ölmühle Überruhr"][8] == ""

    overview = (output / "projekte/index.html").read_text()
    assert 'href="../projekte.csv"' in overview and 'href="../projekte.json"' in overview
    assert "Datenlizenz Deutschland – Namensnennung 2.0" in overview
