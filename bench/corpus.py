"""Deterministic benchmark corpora for ssg and its peers (`python bench/corpus.py`).

Two workloads, each written the idiomatic way for every generator (ssg, Hugo,
Eleventy, Pelican), with templates of about the same weight:

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


def district(entry: dict[str, object]) -> str:
    """District names repeat across cities; the city makes them unique."""
    return f"{entry['district']} ({entry['city']})"


def terms(entry: dict[str, object]) -> dict[str, object]:
    """Title, summary, city and the terms of a project, as Hugo and Eleventy read them."""
    return {
        "title": entry["title"],
        "summary": entry["summary"],
        "city": entry["city"],
        "stadtteile": [district(entry)],
        "preise": entry.get("awards", []),
        "handlungsfelder": [FIELDS[f] for f in entry["fields"]],  # type: ignore[attr-defined]
    }


def hugo_catalogue(root: Path, n: int) -> None:
    hugo_site(root, taxonomies=True)
    for index, entry in enumerate(projects(n)):
        write(
            root / f"content/projekte/projekt-{index}.md",
            front(terms(entry)) + str(entry["description"]),
        )


# ------------------------------------------------------------ Eleventy
# Markdown with front matter, Nunjucks layouts, a directory data file that puts
# every page into a collection, and one paginated template per taxonomy.
ELEVENTY_BASE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>{{ title }}</title></head><body><main>{{ content | safe }}</main></body></html>
"""
ELEVENTY_SINGLE = """---
layout: base.njk
---
<h1>{{ title }}</h1>
{% if summary %}<p>{{ summary }}</p>{% endif %}
{% if city %}<p>{{ city }}</p>{% endif %}
{% for term in stadtteile %}<a href="/stadtteile/{{ term | slugify }}/">{{ term }}</a>{% endfor %}
{% for term in preise %}<a href="/preise/{{ term | slugify }}/">{{ term }}</a>{% endfor %}
{% for term in handlungsfelder %}
<a href="/handlungsfelder/{{ term | slugify }}/">{{ term }}</a>{% endfor %}
{{ content | safe }}
"""
ELEVENTY_INDEX = """---
layout: base.njk
title: Benchmark
---
<h1>{{ title }}</h1><ul>{% for item in collections.SECTION %}
<li><a href="{{ item.url }}">{{ item.data.title }}</a> {{ item.data.summary }}</li>{% endfor %}</ul>
"""
# One page per term of a taxonomy: pagination over the collection's terms.
ELEVENTY_TERM = """---
layout: base.njk
pagination:
  data: collections.TAXONOMY
  size: 1
  alias: term
permalink: "/TAXONOMY/{{ term | slugify }}/"
eleventyComputed:
  title: "{{ term }}"
---
<h1>{{ title }}</h1><ul>{% for item in collections.TAXONOMY[term] %}
<li><a href="{{ item.url }}">{{ item.data.title }}</a> {{ item.data.summary }}</li>{% endfor %}</ul>
"""
ELEVENTY_TERMS = """---
layout: base.njk
title: TAXONOMY
permalink: "/TAXONOMY/"
---
<h1>{{ title }}</h1><ul>{% for term, items in collections.TAXONOMY %}
<li><a href="/TAXONOMY/{{ term | slugify }}/">{{ term }}</a></li>{% endfor %}</ul>
"""
# Each taxonomy is a collection {term: projects}, terms in German order.
ELEVENTY_CONFIG = """const TAXONOMIES = ["stadtteile", "preise", "handlungsfelder"];

export default function (eleventyConfig) {
  for (const taxonomy of TAXONOMIES) {
    eleventyConfig.addCollection(taxonomy, (collectionApi) => {
      const terms = {};
      for (const item of collectionApi.getFilteredByTag("projekte")) {
        for (const term of item.data[taxonomy] || []) {
          (terms[term] ??= []).push(item);
        }
      }
      const sorted = Object.keys(terms).sort((a, b) => a.localeCompare(b, "de"));
      return Object.fromEntries(sorted.map((term) => [term, terms[term]]));
    });
  }
}
"""


def eleventy_site(root: Path, section: str) -> None:
    write(root / "_includes/base.njk", ELEVENTY_BASE)
    write(root / "_includes/single.njk", ELEVENTY_SINGLE)
    write(root / "index.njk", ELEVENTY_INDEX.replace("SECTION", section))
    data = {"layout": "single.njk", "tags": section}
    write(root / f"{section}/{section}.json", json.dumps(data))


def eleventy_pages(root: Path, n: int) -> None:
    eleventy_site(root, "seiten")
    for index, (title, body) in enumerate(pages(n)):
        write(root / f"seiten/seite-{index}.md", front({"title": title}) + body + "\n")


def eleventy_catalogue(root: Path, n: int) -> None:
    eleventy_site(root, "projekte")
    write(root / "eleventy.config.mjs", ELEVENTY_CONFIG)
    for taxonomy in ("stadtteile", "preise", "handlungsfelder"):
        write(root / f"{taxonomy}.njk", ELEVENTY_TERM.replace("TAXONOMY", taxonomy))
        write(root / f"{taxonomy}-liste.njk", ELEVENTY_TERMS.replace("TAXONOMY", taxonomy))
    for index, entry in enumerate(projects(n)):
        write(
            root / f"projekte/projekt-{index}.md",
            front(terms(entry)) + str(entry["description"]),
        )


# ------------------------------------------------------------- Pelican
# Markdown articles with Pelican's metadata lines; the district is the
# category, awards and action fields are tags (each a page of its own). A
# minimal theme of the same weight as the Hugo layouts, where the default
# theme would add its stylesheets and widgets; like Hugo, no feeds, archives
# or author pages.
PELICAN_CONFIG = """SITENAME = "Benchmark"
SITEURL = ""
PATH = "content"
THEME = "theme"
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
DEFAULT_DATE = (2026, 1, 1)
DIRECT_TEMPLATES = ["index", "categories", "tags"]
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""
PELICAN_BASE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>{% block title %}{{ SITENAME }}{% endblock %}</title></head>
<body><main>{% block content %}{% endblock %}</main></body></html>
"""
PELICAN_ARTICLE = """{% extends "base.html" %}
{% block title %}{{ article.title }}{% endblock %}
{% block content %}<h1>{{ article.title }}</h1>
{% if article.metadata.summary %}{{ article.metadata.summary }}{% endif %}
{% if article.city %}<p>{{ article.city }}</p>{% endif %}
<a href="{{ SITEURL }}/{{ article.category.url }}">{{ article.category }}</a>
{% for tag in article.tags %}<a href="{{ SITEURL }}/{{ tag.url }}">{{ tag }}</a>{% endfor %}
{{ article.content }}{% endblock %}
"""
PELICAN_INDEX = """{% extends "base.html" %}
{% block content %}<h1>{% block heading %}{{ SITENAME }}{% endblock %}</h1>
<ul>{% for article in articles %}
<li><a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a>
{{ article.metadata.summary }}</li>{% endfor %}</ul>{% endblock %}
"""
PELICAN_TERM = """{% extends "index.html" %}
{% block title %}{{ NAME }}{% endblock %}
{% block heading %}{{ NAME }}{% endblock %}
"""
PELICAN_TERMS = """{% extends "base.html" %}
{% block content %}<h1>{{ SITENAME }}</h1><ul>{% for term, articles in TERMS|sort %}
<li><a href="{{ SITEURL }}/{{ term.url }}">{{ term }}</a></li>{% endfor %}</ul>{% endblock %}
"""


def pelican_site(root: Path) -> None:
    write(root / "pelicanconf.py", PELICAN_CONFIG)
    templates = root / "theme/templates"
    write(templates / "base.html", PELICAN_BASE)
    write(templates / "article.html", PELICAN_ARTICLE)
    write(templates / "index.html", PELICAN_INDEX)
    for name, plural in (("category", "categories"), ("tag", "tags")):
        write(templates / f"{name}.html", PELICAN_TERM.replace("NAME", name))
        write(templates / f"{plural}.html", PELICAN_TERMS.replace("TERMS", plural))


def pelican_article(metadata: dict[str, str], body: str) -> str:
    return "".join(f"{key}: {value}\n" for key, value in metadata.items()) + "\n" + body + "\n"


def pelican_pages(root: Path, n: int) -> None:
    pelican_site(root)
    for index, (title, body) in enumerate(pages(n)):
        text = pelican_article({"Title": title, "Category": "Seiten"}, body)
        write(root / f"content/seiten/seite-{index}.md", text)


def pelican_catalogue(root: Path, n: int) -> None:
    pelican_site(root)
    for index, entry in enumerate(projects(n)):
        tags = [*entry.get("awards", []), *(FIELDS[f] for f in entry["fields"])]  # type: ignore[attr-defined]
        metadata = {
            "Title": str(entry["title"]),
            "Summary": str(entry["summary"]),
            "City": str(entry["city"]),
            "Category": district(entry),
            "Tags": ", ".join(tags),
        }
        text = pelican_article(metadata, str(entry["description"]))
        write(root / f"content/projekte/projekt-{index}.md", text)


WRITERS = {
    ("ssg", "pages"): ssg_pages,
    ("ssg", "catalogue"): ssg_catalogue,
    ("hugo", "pages"): hugo_pages,
    ("hugo", "catalogue"): hugo_catalogue,
    ("eleventy", "pages"): eleventy_pages,
    ("eleventy", "catalogue"): eleventy_catalogue,
    ("pelican", "pages"): pelican_pages,
    ("pelican", "catalogue"): pelican_catalogue,
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
