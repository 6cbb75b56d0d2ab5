"""Deterministic benchmark corpora for ssg and its peers (`python bench/corpus.py`).

Two workloads, each written the idiomatic way for every generator:

- pages-N: N Markdown files with a short title and three paragraphs of about
  850 bytes each, plus an index of all pages (the method of the 2022
  benchmark "Which generator builds Markdown the fastest?").
- catalogue-N: N projects with German text, about 60 districts in 20 cities
  (skewed), 12 award years (a third without award), 1–3 action fields and a
  Markdown description with a list and a link; every page of the handbook.

The same seed always gives the same files.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
from pathlib import Path

import yaml

WORDS = (
    "Stadtteil",
    "Nachbarschaft",
    "Bürgerinnen",
    "Bürger",
    "Engagement",
    "Quartier",
    "Beteiligung",
    "Verein",
    "Begegnung",
    "Jugendliche",
    "Senioren",
    "Familien",
    "Treffpunkt",
    "Werkstatt",
    "Garten",
    "Spielplatz",
    "Schule",
    "Kultur",
    "Sport",
    "Integration",
    "Wohnen",
    "Umfeld",
    "Straße",
    "Platz",
    "Zentrum",
    "Arbeit",
    "Bildung",
    "Gesundheit",
    "Netzwerk",
    "Initiative",
    "Projekt",
    "Förderung",
    "Ehrenamt",
    "Begleitung",
    "Beratung",
    "Angebot",
    "gemeinsam",
    "offen",
    "lebendig",
    "sozial",
    "nachhaltig",
    "bunt",
    "aktiv",
    "freiwillig",
    "öffentlich",
    "kostenlos",
    "regelmäßig",
    "und",
    "mit",
    "für",
    "im",
    "der",
    "die",
    "das",
    "ein",
    "eine",
    "von",
    "zu",
    "auf",
    "wird",
    "werden",
    "ist",
    "sind",
    "hat",
    "haben",
    "mehr",
)
CITIES = [
    "Dortmund",
    "Köln",
    "Essen",
    "Duisburg",
    "Bochum",
    "Gelsenkirchen",
    "Bonn",
    "Münster",
    "Hagen",
    "Düsseldorf",
    "Wuppertal",
    "Bielefeld",
    "Aachen",
    "Mönchengladbach",
    "Krefeld",
    "Oberhausen",
    "Hamm",
    "Herne",
    "Mülheim an der Ruhr",
    "Solingen",
]
DISTRICTS = [
    "Nordstadt",
    "Südstadt",
    "Innenstadt",
    "Altstadt",
    "Westend",
    "Ostviertel",
    "Hörde",
    "Kalk",
    "Chorweiler",
    "Marxloh",
    "Hochfeld",
    "Bismarck",
    "Schalke-Nord",
    "Kinderhaus",
    "Tannenbusch",
    "Wehringhausen",
    "Oberbilk",
    "Elberfeld",
    "Sennestadt",
    "Überruhr",
]
FIELDS = {
    "soziale-netze": "Soziale Netze und Bürgerschaftliches Engagement",
    "wohnen": "Wohnen und Wohnumfeld",
    "bildung": "Bildung und Schule",
    "arbeit": "Arbeit und Wirtschaft",
    "gesundheit": "Gesundheit und Sport",
}


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, size: int = 850) -> str:
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < size:
        parts.append(sentence(rng, rng.randint(8, 16)))
    return " ".join(parts)


def projects(n: int, seed: int = 2026) -> list[dict[str, object]]:
    """The catalogue: skewed districts and cities, a third without award."""
    rng = random.Random(seed)
    places = [(city, district) for city in CITIES for district in rng.sample(DISTRICTS, 3)]
    weights = [1 / (rank + 1) for rank in range(len(places))]
    entries = []
    for number in range(n):
        city, district = rng.choices(places, weights)[0]
        entry: dict[str, object] = {
            "title": f"{sentence(rng, 3)[:-1]} {number}",
            "summary": sentence(rng, 14),
            "city": city,
            "district": district,
            "fields": rng.sample(sorted(FIELDS), rng.randint(1, 3)),
            "description": "\n\n".join(
                [paragraph(rng, 300) for _ in range(rng.randint(2, 4))]
                + [
                    "- " + sentence(rng, 5) + "\n- " + sentence(rng, 5),
                    f"Mehr beim [Träger](https://example.org/projekt/{number}).",
                ]
            ),
        }
        if rng.random() > 1 / 3:
            entry["awards"] = [f"Preis Soziale Stadt {rng.randint(2000, 2011)}"]
        entries.append(entry)
    return entries


def pages(n: int, seed: int = 2022) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [
        (f"Seite {number}", "\n\n".join(paragraph(rng) for _ in range(3))) for number in range(n)
    ]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def front(data: dict[str, object]) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=True) + "---\n\n"


# ----------------------------------------------------------------- ssg
def ssg_pages(root: Path, n: int) -> None:
    write(root / "content/index.md", front({"title": "Startseite"}) + "Alle Seiten.\n")
    write(root / "data/site.yaml", "title: Benchmark\nbase_url: https://example.org/\n")
    for index, (title, body) in enumerate(pages(n)):
        write(root / f"content/seiten/seite-{index}.md", front({"title": title}) + body + "\n")


def ssg_catalogue(root: Path, n: int) -> None:
    write(root / "content/index.md", front({"title": "Handbuch"}) + "Das Handbuch.\n")
    write(root / "data/site.yaml", "title: Benchmark\nbase_url: https://example.org/\n")
    for slug, title in FIELDS.items():
        write(root / f"content/handlungsfelder/{slug}.md", front({"title": title}) + "Text.\n")
    write(root / "data/projects.yaml", yaml.safe_dump(projects(n), allow_unicode=True))


# ---------------------------------------------------------------- Hugo
HUGO_LAYOUT = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>{{ .Title }}</title></head><body><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}
{{ with .Params.city }}<p>{{ . }}</p>{{ end }}
{{ range .GetTerms "stadtteile" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ range .GetTerms "preise" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ range .GetTerms "handlungsfelder" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ .Content }}{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ul>{{ end }}
"""


def hugo_site(root: Path, taxonomies: bool) -> None:
    config = {
        "baseURL": "https://example.org/",
        "languageCode": "de",
        "title": "Benchmark",
        "disableKinds": ["RSS"],
        "taxonomies": {},
    }
    if taxonomies:
        config["taxonomies"] = {
            "stadtteil": "stadtteile",
            "preis": "preise",
            "handlungsfeld": "handlungsfelder",
        }
    write(root / "hugo.json", json.dumps(config, ensure_ascii=False))
    write(root / "layouts/_default/baseof.html", HUGO_LAYOUT)
    write(root / "layouts/_default/single.html", HUGO_SINGLE)
    write(root / "layouts/_default/list.html", HUGO_LIST)
    write(root / "layouts/index.html", HUGO_LIST)


def hugo_pages(root: Path, n: int) -> None:
    hugo_site(root, taxonomies=False)
    for index, (title, body) in enumerate(pages(n)):
        write(root / f"content/seiten/seite-{index}.md", front({"title": title}) + body + "\n")


def hugo_catalogue(root: Path, n: int) -> None:
    hugo_site(root, taxonomies=True)
    for index, entry in enumerate(projects(n)):
        data = {
            "title": entry["title"],
            "summary": entry["summary"],
            "city": entry["city"],
            "stadtteile": [f"{entry['district']} ({entry['city']})"],
            "preise": entry.get("awards", []),
            "handlungsfelder": [FIELDS[f] for f in entry["fields"]],  # type: ignore[attr-defined]
        }
        write(
            root / f"content/projekte/projekt-{index}.md", front(data) + str(entry["description"])
        )


WRITERS = {
    ("ssg", "pages"): ssg_pages,
    ("ssg", "catalogue"): ssg_catalogue,
    ("hugo", "pages"): hugo_pages,
    ("hugo", "catalogue"): hugo_catalogue,
}


def generate(tool: str, workload: str, n: int, root: Path) -> Path:
    """Write the corpus for `tool` into `root` (emptied first)."""
    shutil.rmtree(root, ignore_errors=True)
    WRITERS[(tool, workload)](root, n)
    return root


if __name__ == "__main__":
    tool, workload, count, target = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    generate(tool, workload, count, target)
    print(f"{tool} {workload}-{count} in {target}")
