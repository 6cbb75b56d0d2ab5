"""`make bench`: cold builds of ssg and its peers on the same corpora, alternating.

For every workload each generator builds its version of the corpus several
times, in turn (ssg, Hugo, Eleventy, Pelican, ssg, Hugo, ...), so that the load
of this shared machine falls on all of them alike; a generator that is not
installed is left out. Every timed command first removes its output. Reported
are medians of wall time and of peak memory (the resident memory of the whole
process tree, sampled every 50 ms), and the ratio of ssg to each peer measured
in the same run.

    python bench/run.py [--runs N] [--workloads pages-250,catalogue-1000] [--smoke]

After the workloads come the preview edit at catalogue-5000 and a scale check:
peak memory of ssg and Hugo at 5,000 and 50,000 projects, next to the size of
the site written.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import generate
from preview import edit_seconds

BENCH = Path(__file__).parent
WORK = BENCH / ".work"
PEERS = ("Hugo", "Eleventy", "Pelican")
CACHE = ".ssg-cache"  # ssg's build cache in the corpus, removed before every cold build
DEFAULT_WORKLOADS = "pages-250,pages-1000,pages-4000,catalogue-1000,catalogue-5000,catalogue-20000"


@dataclass
class Tool:
    """A generator and its build command; `{source}` and `{output}` in the
    command stand for the corpus folder and the output folder."""

    name: str
    corpus: str  # the corpus.py writer to use
    output: str  # folder the build writes, relative to the corpus
    command: list[str]
    in_corpus: bool = False  # run in the corpus folder, as its users do
    needs: tuple[str, ...] = ()  # further programs the command runs

    def available(self) -> bool:
        return all(shutil.which(program) for program in (self.command[0], *self.needs))

    def build_command(self, corpus: Path) -> list[str]:
        output = corpus / self.output
        return [part.format(source=corpus, output=output) for part in self.command]


@dataclass
class Measurement:
    seconds: list[float] = field(default_factory=list)
    peak_kb: list[int] = field(default_factory=list)
    user: list[float] = field(default_factory=list)  # CPU seconds of the process tree
    system: list[float] = field(default_factory=list)


@dataclass
class Timing:
    """One build: wall time, peak memory, and the CPU time of the whole process tree
    in user space and in the kernel."""

    seconds: float
    peak_kb: int
    user: float
    system: float

    def add_to(self, measurement: Measurement) -> None:
        measurement.seconds.append(self.seconds)
        measurement.peak_kb.append(self.peak_kb)
        measurement.user.append(self.user)
        measurement.system.append(self.system)


def tools() -> list[Tool]:
    venv = Path(sys.executable).parent
    ssg = [str(venv / "ssg"), "build", "--source", "{source}", "-q"]
    pelican = [str(venv / "pelican"), "{source}/content", "-o", "{output}"]
    return [
        Tool("ssg", "ssg", "site", [*ssg, "--no-search"]),
        Tool("ssg + Suche", "ssg", "site", ssg),
        Tool(
            "Hugo",
            "hugo",
            "public",
            [str(venv / "hugo"), "--quiet", "-s", "{source}", "-d", "{output}"],
        ),
        # Eleventy finds its configuration in the working folder, as in a project of its own.
        Tool(
            "Eleventy",
            "eleventy",
            "_site",
            [str(BENCH / "node_modules/.bin/eleventy"), "--quiet", "--output={output}"],
            in_corpus=True,
            needs=("node",),
        ),
        Tool("Pelican", "pelican", "output", [*pelican, "-s", "{source}/pelicanconf.py", "-q"]),
    ]


def tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants, in kB.

    Children are found through /proc/<pid>/task/<tid>/children, so sampling
    costs little CPU next to the builds it measures.
    """
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/status") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    todo += [int(child) for child in children.read().split()]
        except (OSError, StopIteration):
            pass
    return total


def timed(tool: Tool, corpus: Path, cold: bool = True) -> Timing:
    """One build: remove the output (and for a cold build ssg's cache), build, measure
    time, peak memory and CPU time (of the build and every process it waited for,
    such as ssg's forked helpers)."""
    shutil.rmtree(corpus / tool.output, ignore_errors=True)
    if cold:
        shutil.rmtree(corpus / CACHE, ignore_errors=True)
    command = tool.build_command(corpus)
    cwd = corpus if tool.in_corpus else None
    peak = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.05):
            peak = max(peak, tree_rss_kb(process.pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{tool.name} failed on {corpus}:\n{errors.decode()[-2000:]}")
    user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    return Timing(seconds, peak, user, system)


def first_line(command: list[str]) -> str:
    output = subprocess.run(command, capture_output=True, text=True).stdout.strip()
    return output.splitlines()[0] if output else "?"


def version(tool: Tool) -> str:
    python = f"Python {platform.python_version()}"
    if tool.corpus == "ssg":
        from importlib.metadata import version as package_version

        return f"ssg {package_version('ssg')}, {python}"
    if tool.corpus == "eleventy":
        node = first_line(["node", "--version"])
        return f"Eleventy {first_line([tool.command[0], '--version'])}, Node {node}"
    if tool.corpus == "pelican":
        return f"Pelican {first_line([tool.command[0], '--version'])}, {python}"
    output = subprocess.run([tool.command[0], "version"], capture_output=True, text=True)
    lines = [line for line in output.stdout.splitlines() if line.lower().startswith("hugo v")]
    return lines[0].split(" BuildDate")[0] if lines else "?"


def run(
    workloads: list[str], runs: int, only: tuple[str, ...] = ()
) -> dict[str, dict[str, Measurement]]:
    available = [tool for tool in tools() if tool.available()]
    available = [tool for tool in available if tool.name in only] if only else available
    results: dict[str, dict[str, Measurement]] = {}
    for workload in workloads:
        kind, count = workload.split("-")
        corpora = {
            writer: generate(writer, kind, int(count), WORK / workload / writer)
            for writer in sorted({tool.corpus for tool in available})
        }
        results[workload] = {tool.name: Measurement() for tool in available}
        for _ in range(runs):
            for tool in available:  # alternating, so noise hits every tool alike
                timed(tool, corpora[tool.corpus]).add_to(results[workload][tool.name])
        print(
            workload,
            {name: round(statistics.median(m.seconds), 2) for name, m in results[workload].items()},
            flush=True,
        )
    return results


def ratio(ours: float, theirs: float | None) -> str:
    return f"{ours / theirs:.2f}" if theirs else "–"


def table(results: dict[str, dict[str, Measurement]], runs: int) -> str:
    """Seconds and MB of every generator, and ssg's ratio to each peer measured."""
    names = list(next(iter(results.values())))
    peers = [name for name in PEERS if name in names]
    header = (
        [f"{name} s" for name in names]
        + [f"ssg/{peer} Zeit" for peer in peers]
        + [f"{name} MB" for name in names]
        + ["ssg/Hugo Speicher"]
    )
    lines = ["| Workload | " + " | ".join(header) + " |", "|---" * (len(header) + 1) + "|"]
    for workload, measured in results.items():
        seconds = {name: statistics.median(m.seconds) for name, m in measured.items()}
        memory = {name: statistics.median(m.peak_kb) / 1024 for name, m in measured.items()}
        cells = (
            [f"{seconds[name]:.2f}" for name in names]
            + [ratio(seconds["ssg"], seconds[peer]) for peer in peers]
            + [f"{memory[name]:.0f}" for name in names]
            + [ratio(memory["ssg"], memory.get("Hugo"))]
        )
        lines.append(f"| {workload} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + f"\n\nMedians of {runs} cold builds each, run alternately.\n"


def cpu_table(results: dict[str, dict[str, Measurement]]) -> str:
    """CPU seconds of every generator's builds above, in user space and in the kernel.

    The kernel's share is mostly making the output's files and folders; on a disk
    where that is slow, it depends on what was deleted just before more than on
    the generator (README, *Benchmark*)."""
    names = list(next(iter(results.values())))
    header = [f"{name} {part} s" for name in names for part in ("user", "sys")]
    hugo = "Hugo" in names
    header += ["ssg/Hugo user"] if hugo else []
    lines = ["| Workload | " + " | ".join(header) + " |", "|---" * (len(header) + 1) + "|"]
    for workload, measured in results.items():
        user = {name: statistics.median(m.user) for name, m in measured.items()}
        system = {name: statistics.median(m.system) for name, m in measured.items()}
        cells = [f"{value[name]:.2f}" for name in names for value in (user, system)]
        cells += [ratio(user["ssg"], user["Hugo"])] if hugo else []
        lines.append(f"| {workload} | " + " | ".join(cells) + " |")
    return (
        "CPU time of the same builds (medians; user space and kernel, of every process "
        "each build ran):\n\n" + "\n".join(lines) + "\n"
    )


def preview_report(runs: int) -> str:
    """The one-edit preview timing at catalogue-5000 (bench/preview.py)."""
    corpus = generate("ssg", "catalogue", 5000, WORK / "preview-catalogue-5000")
    executable = str(Path(sys.executable).parent / "ssg")
    times = edit_seconds(corpus, runs, executable)
    return (
        f"One edit in `ssg serve` at catalogue-5000 (a project's summary, from saving the "
        f"file until the project's page and every page listing it are served anew): "
        f"median {statistics.median(times):.2f} s of {runs} edits "
        f"({', '.join(f'{t:.2f}' for t in times)}).\n"
    )


WARM_WORKLOADS = ["pages-4000", "catalogue-5000"]


def edit_one(corpus: Path, run: int) -> None:
    """What a commit typically changes: one project's summary (or one page's text)."""
    catalogue = corpus / "data/projects.yaml"
    if catalogue.exists():
        text = catalogue.read_text(encoding="utf-8")
        middle = text.index("\n  summary: ", len(text) // 2) + len("\n  summary: ")
        changed = f"{text[:middle]}Geändert in Lauf {run}. {text[middle:]}"
        catalogue.write_text(changed, encoding="utf-8")
        return
    page = sorted((corpus / "content/seiten").glob("*.md"))[run % 100]
    page.write_text(page.read_text(encoding="utf-8") + f"\nGeändert in Lauf {run}.\n")


def warm_report(runs: int, workloads: list[str] = WARM_WORKLOADS) -> str:
    """`rm -rf site && ssg build` with the cache of the build before, after one edit,
    alternating with Hugo's cold build of the same corpus."""
    ssg, *_ = [tool for tool in tools() if tool.name == "ssg"]
    hugo = [tool for tool in tools() if tool.name == "Hugo" and tool.available()]
    lines = [
        "| Workload | ssg cold s | ssg warm s | Hugo cold s | ssg warm/Hugo | ssg warm/ssg cold"
        " | ssg warm user s | ssg warm sys s | ssg warm MB | Cache MB (own) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for workload in workloads:
        kind, count = workload.split("-")
        corpus = generate("ssg", kind, int(count), WORK / f"warm-{workload}")
        peer = generate("hugo", kind, int(count), WORK / workload / "hugo") if hugo else None
        cold: list[float] = []
        theirs: list[float] = []
        warm = Measurement()
        for run in range(runs):
            cold.append(timed(ssg, corpus).seconds)  # also writes the cache for the warm build
            edit_one(corpus, run)
            timed(ssg, corpus, cold=False).add_to(warm)
            if hugo and peer:
                theirs.append(timed(hugo[0], peer).seconds)
        hugo_cold = statistics.median(theirs) if theirs else None
        cache = folder_mb(corpus / CACHE, own=True)
        cells = [
            f"{statistics.median(cold):.2f}",
            f"{statistics.median(warm.seconds):.2f}",
            f"{hugo_cold:.2f}" if hugo_cold else "–",
            ratio(statistics.median(warm.seconds), hugo_cold),
            ratio(statistics.median(warm.seconds), statistics.median(cold)),
            f"{statistics.median(warm.user):.2f}",
            f"{statistics.median(warm.system):.2f}",
            f"{statistics.median(warm.peak_kb) / 1024:.0f}",
            f"{cache:.0f}",
        ]
        lines.append(f"| {workload} | " + " | ".join(cells) + " |")
        print(lines[-1], flush=True)
    return (
        "## Warm rebuild with the cache\n\nAs CI runs it with `.ssg-cache/` kept: one "
        "project's summary (or one page) changed, then `rm -rf site && ssg build --no-search`, "
        f"alternating with a cold ssg build and Hugo's cold build (medians of {runs} runs):\n\n"
        + "\n".join(lines)
        + "\n"
    )


SCALE_WORKLOADS = ["catalogue-5000", "catalogue-50000"]


def folder_mb(folder: Path, own: bool = False) -> float:
    """The bytes of all files below `folder`, in MB; with `own`, only of those that are
    not hard links shared with another folder (the cache's pages and the site's)."""
    files = [file.stat() for file in folder.rglob("*") if file.is_file()]
    return sum(s.st_size for s in files if not own or s.st_nlink == 1) / 2**20


def scale_report(runs: int, workloads: list[str] = SCALE_WORKLOADS) -> str:
    """Peak memory of ssg (and Hugo) at 5,000 and 50,000 projects, next to the size
    of the site written: memory should grow no faster than the output."""
    results = run(workloads, runs, only=("ssg", "Hugo"))
    names = list(next(iter(results.values())))  # Hugo only where installed
    header = [f"{name} {unit}" for name in names for unit in ("s", "MB")]
    header += ["Site MB (ssg)", "ssg MB per site MB"]
    lines = ["| Workload | " + " | ".join(header) + " |", "|---" * (len(header) + 1) + "|"]
    for workload, measured in results.items():
        cells = []
        for name in names:
            cells.append(f"{statistics.median(measured[name].seconds):.2f}")
            cells.append(f"{statistics.median(measured[name].peak_kb) / 1024:.0f}")
        site = folder_mb(WORK / workload / "ssg" / "site")
        memory = statistics.median(measured["ssg"].peak_kb) / 1024
        cells += [f"{site:.0f}", f"{memory / site:.2f}" if site else "–"]
        lines.append(f"| {workload} | " + " | ".join(cells) + " |")
    return (
        "## Scale\n\nssg without search index (and Hugo, where installed) at "
        f"{' and '.join(workloads)} (medians of {runs} alternating builds):\n\n"
        + "\n".join(lines)
        + "\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workloads", default=DEFAULT_WORKLOADS)
    parser.add_argument("--smoke", action="store_true", help="tiny corpora, one run, no file")
    parser.add_argument("--out", type=Path, default=BENCH / "results.md")
    parser.add_argument("--scale-runs", type=int, default=3, help="runs at 5,000/50,000 projects")
    # An edit takes a fifth of a second: enough of them that one stall does not move the median.
    parser.add_argument("--preview-edits", type=int, default=15, help="edits in the preview")
    options = parser.parse_args()
    if options.smoke:
        results = run(["pages-20", "catalogue-20"], 1)
        print(table(results, 1))
        print(cpu_table(results))
        print(warm_report(1, ["pages-20", "catalogue-20"]))
        print(scale_report(1, ["catalogue-20", "catalogue-50"]))
        return
    results = run(options.workloads.split(","), options.runs)
    measured = dict.fromkeys(version(tool) for tool in tools() if tool.available())
    versions = "\n".join(f"- {name}" for name in measured)
    report = (
        f"# Benchmark\n\nMeasured {datetime.date.today().isoformat()} on {os.cpu_count()} cores "
        f"with `make bench`.\n\n{versions}\n\n{table(results, options.runs)}"
        f"\n{cpu_table(results)}"
        f"\n{warm_report(options.runs)}"
        f"\n{preview_report(options.preview_edits)}\n{scale_report(options.scale_runs)}"
    )
    options.out.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
