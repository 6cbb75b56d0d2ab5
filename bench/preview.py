"""The preview's answer to one edit: time from saving data/projects.yaml until the
edited project's page and every page that lists it show the new text.

    python bench/preview.py CORPUS [--runs N]

`ssg serve` runs on the ssg version of a catalogue corpus; the script edits
the summary of a project in the middle of the catalogue (as an editor would;
every other edit adds a line, which moves the entries below it) and polls the
pages over HTTP. Pages are served by the same
thread that rebuilds, so a page answers only once the rebuild is done.
"""

from __future__ import annotations

import argparse
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml

from ssg.slugs import slugify

LINK = re.compile(r'<a href="([^"#]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return str(response.read().decode("utf-8"))


def wait_for_server(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("ssg serve ended before it served anything")
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("ssg serve did not answer within 300 s")


def listing_pages(base: str, page: str, summary: str) -> list[str]:
    """The project page and the pages that show its summary: the list of all
    projects and those its page links to (district, award, action field)."""
    main = fetch(page).split("<main", 1)[1].split("</main>", 1)[0]
    links = {urllib.parse.urljoin(page, href) for href in LINK.findall(main)}
    candidates = [base + "projekte/", *sorted(link for link in links if link.startswith(base))]
    return [page] + [link for link in candidates if summary in fetch(link)]


def edit_seconds(corpus: Path, runs: int, executable: str) -> list[float]:
    catalogue = corpus / "data/projects.yaml"
    original = catalogue.read_text(encoding="utf-8")
    starts = [match.start() for match in re.finditer(r"^- ", original, re.MULTILINE)]
    middle = starts[len(starts) // 2]
    entry = original[middle : starts[len(starts) // 2 + 1]]
    title, old_summary = (yaml.safe_load(entry)[0][key] for key in ("title", "summary"))
    # The summary with its continuation lines: the edit may change the line count.
    summary = re.search(r"^  summary: .*\n(?:    .*\n)*", entry, re.MULTILINE)
    assert summary, "no summary in the middle entry"
    before = original[: middle + summary.start()]
    after = original[middle + summary.end() :]
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    command = [executable, "serve", "--source", str(corpus), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    try:
        wait_for_server(base, process)
        page = f"{base}projekte/{slugify(title)}/"
        pages = listing_pages(base, page, old_summary)
        for run in range(runs):
            marker = f"Geänderte Kurzbeschreibung Nummer {run} für die Messung."
            # Every other edit adds a line, so that half the entries move down the file.
            extra = "\n    Mit einer zweiten Zeile." if run % 2 == 0 else ""
            started = time.perf_counter()
            catalogue.write_text(f"{before}  summary: {marker}{extra}\n{after}", encoding="utf-8")
            for url in pages:
                deadline = time.perf_counter() + 60
                while marker not in fetch(url):
                    if time.perf_counter() > deadline:
                        raise SystemExit(f"{url} does not show the edit after 60 s")
                    time.sleep(0.002)
            times.append(time.perf_counter() - started)
            time.sleep(0.5)
    finally:
        process.terminate()
        process.wait()
        catalogue.write_text(original, encoding="utf-8")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    executable = str(Path(sys.executable).parent / "ssg")
    times = edit_seconds(options.corpus, options.runs, executable)
    print(f"median {statistics.median(times):.3f} s of {[round(t, 3) for t in times]}")


if __name__ == "__main__":
    main()
