"""Markdown tables whose rows do not fit their header: what Python-Markdown would drop
or leave as text is said at its line."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import MakeSite, run_build

PAGE = "content/handlungsfelder/soziale-netze.md"
HEADER = "---\ntitle: Soziale Netze\n---\n\n"
TABLES = """\
| Jahr | Projekt | Stadt |
|---|---|---|
| 2000 | Praxisnetz | Dortmund | Nordstadt |
| 2012 | Selbsthilfe |
| 2013 | `a|b` | Hagen | |

| A | B | C |
|---|---|
| 1 | 2 | 3 |

```
| x | y |
|---|
```

Setext-Überschrift | mit Strich
---
"""


def test_cells_beyond_the_header_and_a_short_line_of_dashes_are_warnings(
    make_site: MakeSite, runner: CliRunner
) -> None:
    result = run_build(runner, make_site({PAGE: HEADER + TABLES}))
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if ": Warnung: Die Zeile" in line]
    assert warnings == [
        f"{PAGE}:7:1: Warnung: Die Zeile hat mehr Zellen als die Kopfzeile (3): 'Nordstadt' "
        "erscheint nicht auf der Seite",
        f"{PAGE}:12:1: Warnung: Die Zeile mit Bindestrichen unter der Kopfzeile hat 2 Spalten, "
        "die Kopfzeile 3: so wird keine Tabelle daraus",
    ]
    assert "z. B. |---|---|---|" in result.output
