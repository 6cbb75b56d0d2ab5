"""`ssg serve` as an editor uses it: a real server, real reloads, errors in the browser."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPOSITORY, MakeSite
from playwright.sync_api import Page, WebSocket, expect
from tornado.websocket import websocket_connect

from ssg.output import scratch_root

CATALOGUE = """\
- title: Nachbarschaftscafé
  summary: Ein Café für die Nachbarschaft.
  city: Dortmund
  district: Nordstadt
  fields: [soziale-netze]
- title: Geplanter Treff
  summary: Noch in Arbeit.
  draft: true
"""


@dataclass
class Preview:
    url: str
    source: Path
    process: subprocess.Popen[str]

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:  # it holds the connection: closed now, not whenever it is collected
                return error.code, error.read().decode()

    def wait_for(self, path: str, text: str, seconds: float = 10) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            _status, body = self.get(path)
            if text in body:
                return body
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear on {path}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def preview(make_site: MakeSite) -> Iterator[Preview]:
    source = make_site({"data/projects.yaml": CATALOGUE})
    port = free_port()
    command = [sys.executable, "-m", "ssg.cli", "serve", "--source", str(source)]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    running = Preview(f"http://127.0.0.1:{port}/", source, process)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                running.get("")
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None, "no server"
                time.sleep(0.1)
        yield running
    finally:
        if process.poll() is None:
            process.terminate()
        process.communicate(timeout=10)


def test_preview_serves_pages_with_drafts_and_the_sites_404(preview: Preview) -> None:
    status, page = preview.get("projekte/nachbarschaftscafe/")
    assert status == 200
    assert "Ein Café für die Nachbarschaft." in page
    assert "livereload.js" in page
    status, draft = preview.get("projekte/geplanter-treff/")
    assert status == 200 and '<span class="draft">Entwurf</span>' in draft
    status, missing = preview.get("projekte/gibt-es-nicht/")
    assert status == 404 and "Seite nicht gefunden" in missing
    assert "<style>" in missing and 'href="/projekte/index.html"' in missing
    assert not (preview.source / "site").exists()


def next_reload(url: str, change: Path, text: str) -> dict[str, str]:
    """Connect like the browser's livereload.js, change a file, wait for the reload signal.

    Runs in a thread of its own: Playwright's synchronous API owns this thread's loop.
    """
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _next_reload(url, change, text)).result(timeout=30)


async def _next_reload(url: str, change: Path, text: str) -> dict[str, str]:
    socket_url = url.replace("http://", "ws://") + "livereload"
    connection = await websocket_connect(socket_url)
    try:
        hello = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
        await connection.write_message(json.dumps(hello))
        assert json.loads(await connection.read_message() or "{}")["command"] == "hello"
        await connection.write_message(json.dumps({"command": "info", "url": url}))
        change.write_text(text, encoding="utf-8")
        while True:
            message = json.loads(await asyncio.wait_for(connection.read_message(), 10) or "{}")
            if message.get("command") == "reload":
                return message
    finally:
        connection.close()
        # Until the server has closed its end too: a socket still open when the loop
        # ends is a ResourceWarning (an error here) whenever the collector finds it.
        while await asyncio.wait_for(connection.read_message(), 10) is not None:
            pass


def test_change_reloads_the_browser_and_errors_replace_the_page(preview: Preview) -> None:
    catalogue = preview.source / "data/projects.yaml"
    changed = CATALOGUE.replace("Ein Café für die Nachbarschaft.", "Jetzt mit Mittagstisch.")
    next_reload(preview.url, catalogue, changed)
    preview.wait_for("projekte/nachbarschaftscafe/", "Jetzt mit Mittagstisch.")

    broken = changed.replace("  city: Dortmund", "  city: [Dortmund")
    next_reload(preview.url, catalogue, broken)
    page = preview.wait_for("projekte/nachbarschaftscafe/", "Fehler im Inhalt")
    assert "<code>data/projects.yaml</code>, Zeile 3, Spalte 9" in page
    assert "Eine Klammer ([ oder {) wird nicht geschlossen" in page
    assert "livereload.js" in page
    assert preview.get("static/style.css")[0] == 200

    next_reload(preview.url, catalogue, changed)
    preview.wait_for("projekte/nachbarschaftscafe/", "Jetzt mit Mittagstisch.")
    scratch = Path(scratch_root() or tempfile.gettempdir())  # in memory where there is room
    folders = scratch.glob(f"ssg-preview-{preview.process.pid}-*")
    assert list(folders), "the preview is built in a folder named after its process"
    preview.process.terminate()
    log = preview.process.communicate(timeout=10)[0]
    assert "data/projects.yaml:3:9: Fehler: YAML-Syntaxfehler" in log
    assert "Traceback" not in log
    assert not list(scratch.glob(f"ssg-preview-{preview.process.pid}-*"))


def test_open_browser_tab_follows_edits_and_shows_errors(preview: Preview, page: Page) -> None:
    sockets: list[list[object]] = []  # the frames each livereload connection received

    def connected(socket: WebSocket) -> None:
        frames: list[object] = []
        sockets.append(frames)
        socket.on("framereceived", lambda frame: frames.append(frame))

    def wait_until_listening(connections: int) -> None:
        """Until the page loaded `connections`-th has its livereload.js answered."""
        for _ in range(300):
            if len(sockets) >= connections and sockets[connections - 1]:
                return
            page.wait_for_timeout(50)
        raise AssertionError("livereload.js did not connect")

    page.on("websocket", connected)
    page.goto(preview.url + "projekte/nachbarschaftscafe/")
    expect(page.locator(".lead")).to_have_text("Ein Café für die Nachbarschaft.")
    wait_until_listening(1)
    catalogue = preview.source / "data/projects.yaml"
    changed = CATALOGUE.replace("Ein Café für die Nachbarschaft.", "Jetzt mit Mittagstisch.")
    catalogue.write_text(changed, encoding="utf-8")
    expect(page.locator(".lead")).to_have_text("Jetzt mit Mittagstisch.", timeout=15000)
    wait_until_listening(2)

    catalogue.write_text(changed.replace("summary: Jetzt", "summary: [Jetzt"), encoding="utf-8")
    expect(page.locator("h1")).to_have_text(
        "Die Vorschau kann nicht aktualisiert werden", timeout=15000
    )
    expect(page.locator("li.error .where")).to_contain_text("data/projects.yaml")
    wait_until_listening(3)

    catalogue.write_text(changed, encoding="utf-8")
    expect(page.locator(".lead")).to_have_text("Jetzt mit Mittagstisch.", timeout=15000)


def test_files_moved_in_with_an_old_time_are_picked_up(preview: Preview) -> None:
    staged = preview.source.parent / "neu.md"
    staged.write_text("---\ntitle: Neue Seite\n---\n\nFrisch entpackt.\n", encoding="utf-8")
    os.utime(staged, (946684800, 946684800))  # 2000-01-01, as after unzip or cp -p
    staged.rename(preview.source / "content/neu.md")
    page = preview.wait_for("neu/", "Frisch entpackt.")
    assert "<h1>Neue Seite" in page


def test_a_templates_folder_made_while_the_preview_runs_is_watched(preview: Preview) -> None:
    """A handbook made by `ssg new site` has no templates/ of its own until someone
    adds one; from then on the preview follows it like the rest."""
    templates = preview.source / "templates"
    assert not templates.exists()
    base = (REPOSITORY / "templates/base.html").read_text(encoding="utf-8")
    staged = preview.source / "base.html"
    staged.write_text(base.replace("<footer", "<!-- eigene Vorlage 1 --><footer"))
    templates.mkdir()
    staged.rename(templates / "base.html")
    preview.wait_for("", "eigene Vorlage 1")
    (templates / "base.html").write_text(
        base.replace("<footer", "<!-- eigene Vorlage 2 --><footer")
    )
    preview.wait_for("", "eigene Vorlage 2")


def test_a_data_folder_put_back_as_a_copy_is_watched(preview: Preview) -> None:
    """A branch switch or a copy replaces data/ by another folder of the same name.
    Edited twice: the first edit may come in with the move's own rebuild."""
    data = preview.source / "data"
    data.rename(preview.source / "data-alt")
    shutil.copytree(preview.source / "data-alt", data)
    catalogue = data / "projects.yaml"
    text = catalogue.read_text(encoding="utf-8")
    for summary in ("Jetzt im neuen Ordner.", "Und noch einmal geändert."):
        catalogue.write_text(text.replace("Ein Café für die Nachbarschaft.", summary))
        preview.wait_for("projekte/nachbarschaftscafe/", summary)


def test_ctrl_c_reaches_the_server_thread_and_ends_the_preview(preview: Preview) -> None:
    """Signals to the process go to any thread that does not block them; taken by the
    watcher's, Ctrl-C waited for the next request (the server's loop sleeps)."""
    pid = preview.process.pid
    threads = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        status = (task / "status").read_text(encoding="utf-8")
        blocked = int(
            next(line for line in status.splitlines() if line.startswith("SigBlk:")).split()[1], 16
        )
        threads[int(task.name)] = blocked
    assert len(threads) > 1, "the watcher runs in a thread of its own"
    stops = 1 << (signal.SIGINT - 1) | 1 << (signal.SIGTERM - 1)
    assert all(blocked & stops == stops for tid, blocked in threads.items() if tid != pid)
    assert threads[pid] & stops == 0
    preview.process.send_signal(signal.SIGINT)
    assert preview.process.wait(timeout=30) == 0


def test_a_busy_port_is_explained(make_site: MakeSite) -> None:
    source = make_site()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        command = [sys.executable, "-m", "ssg.cli", "serve", "--source", str(source)]
        result = subprocess.run(
            [*command, "--port", str(port)], capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 1
    assert f"Die Vorschau kann 127.0.0.1:{port} nicht verwenden" in result.stderr
    assert "der Port ist schon belegt" in result.stderr
    assert "Vorschau unter" not in result.stderr and "Vorschau aktuell" not in result.stderr
    assert "Traceback" not in result.stderr
    assert not (source / "site").exists()


def test_an_address_this_machine_lacks_is_explained(make_site: MakeSite) -> None:
    source = make_site()
    command = [sys.executable, "-m", "ssg.cli", "serve", "--source", str(source)]
    result = subprocess.run(  # 192.0.2.1: for documentation, never a machine's own
        [*command, "--host", "192.0.2.1"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "kann 192.0.2.1:8000 nicht verwenden (diese Adresse hat der Rechner nicht)" in (
        result.stderr
    )
    assert "--host" in result.stderr and "--port" not in result.stderr
    assert "Traceback" not in result.stderr
    no_address = subprocess.run(
        [*command, "--host", "999.1.1.1"], capture_output=True, text=True, timeout=60
    )
    assert no_address.returncode == 1
    assert "(diese Adresse gibt es nicht). Lassen Sie --host weg" in no_address.stderr


def read_line(process: subprocess.Popen[str], seconds: float = 20) -> str:
    """The next line the preview prints (its output is a pipe, read in a thread)."""
    assert process.stdout is not None
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(process.stdout.readline).result(timeout=seconds)


def test_preview_names_its_address_at_once_even_on_broken_content(make_site: MakeSite) -> None:
    source = make_site({"data/projects.yaml": "- title: Café\n  summary: [kaputt\n"})
    port = free_port()
    command = [sys.executable, "-m", "ssg.cli", "serve", "--source", str(source)]
    process = subprocess.Popen(
        [*command, "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert (
            read_line(process) == f"ssg: Vorschau unter http://127.0.0.1:{port}/ (Strg+C beendet)\n"
        )
        assert read_line(process).startswith("data/projects.yaml:2:12: Fehler: YAML-Syntaxfehler")
        running = Preview(f"http://127.0.0.1:{port}/", source, process)
        page = running.wait_for("", "Die Vorschau kann nicht aktualisiert werden")
        assert "<code>data/projects.yaml</code>, Zeile 2, Spalte 12" in page
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_warnings_show_in_the_browser_and_once_in_the_terminal(preview: Preview) -> None:
    catalogue = preview.source / "data/projects.yaml"
    catalogue.write_text(CATALOGUE + "- title: Garten\n  summary: Grün.\n  district: Hörde\n")
    page = preview.wait_for("projekte/", "Vorschau: 1 Warnung")
    box = page[page.index('<aside aria-label="Warnungen der Vorschau"') :]
    assert (
        "<code>data/projects.yaml</code>, Zeile 11: Stadtteil &#x27;Hörde&#x27; ohne Stadt" in box
    )
    assert page.index("<main") < page.index("Warnungen der Vorschau")  # skip link stays first
    assert "Vorschau: 1 Warnung" in preview.get("projekte/garten/")[1]
    catalogue.write_text(
        CATALOGUE + "- title: Garten\n  summary: Grüner.\n  district: Hörde\n", encoding="utf-8"
    )
    preview.wait_for("projekte/garten/", "Grüner.")
    second = "- title: Laden\n  summary: Ein Laden.\n  district: Kalk\n"
    garden = "- title: Garten\n  summary: Grüner.\n  district: Hörde\n"
    moved = "# Ein Kommentar über allem\n" + CATALOGUE + garden  # the warning moves a line
    catalogue.write_text(moved, encoding="utf-8")
    preview.wait_for("projekte/", "Zeile 12: Stadtteil")
    catalogue.write_text(CATALOGUE + garden + second, encoding="utf-8")
    preview.wait_for("projekte/", "Vorschau: 2 Warnungen")  # the new one joins the old
    catalogue.write_text(CATALOGUE, encoding="utf-8")
    deadline = time.monotonic() + 10
    while "Warnungen der Vorschau" in preview.get("projekte/")[1]:
        assert time.monotonic() < deadline, "the box stays after the warning is gone"
        time.sleep(0.1)
    preview.process.terminate()
    log = preview.process.communicate(timeout=10)[0]
    assert log.count("Warnung: Stadtteil 'Hörde' ohne Stadt") == 1, log
    assert log.count("Warnung: Stadtteil 'Kalk' ohne Stadt") == 1, log
    assert "ssg: Vorschau aktuell (" in log and "; 1 Warnung (im Browser oben" in log


def test_a_file_emptied_while_it_is_saved_is_not_built_empty(preview: Preview) -> None:
    """Editors save by emptying a file, then writing it; a large catalogue takes long
    enough to write that the watcher sees it empty. The preview waits for the text
    instead of building a handbook without projects (seconds at 5,000 of them), and
    builds the saved text once."""
    catalogue = preview.source / "data/projects.yaml"
    with catalogue.open("w", encoding="utf-8") as file:  # emptied here, as editors do
        # The watcher reports the empty file meanwhile (after 10 ms), and waits for the
        # text for 2 s: the test fails only if it stalls ten times as long as it sleeps.
        time.sleep(0.2)
        file.write(CATALOGUE.replace("Ein Café", "Ein neues Café"))
    preview.wait_for("projekte/nachbarschaftscafe/", "Ein neues Café")
    preview.process.terminate()
    log = preview.process.communicate(timeout=10)[0]
    assert "kein Projekt" not in log, log
    assert log.count("ssg: Vorschau aktuell") == 2, log  # the first build, and one for the save


TRAVERSALS = [
    "/../../../../../../..{secret}",
    "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e{secret}",
    "/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..{secret_encoded}",
    "/%252e%252e/%252e%252e/%252e%252e/%252e%252e/%252e%252e/%252e%252e{secret}",
    "/..\\..\\..\\..\\..\\..\\..{secret}",
    "/%2e%2e%5c%2e%2e%5c%2e%2e%5c%2e%2e%5c%2e%2e%5c%2e%2e%5c%2e%2e{secret}",
    "//{secret_no_slash}",
    "/{secret_no_slash}",
    "/static/../../../../../../..{secret}",
]


def test_preview_serves_nothing_outside_its_folder(preview: Preview) -> None:
    secret = preview.source.parent / "geheim.txt"
    secret.write_text("GEHEIMNIS", encoding="utf-8")
    host, port = preview.url.removeprefix("http://").rstrip("/").split(":")
    for pattern in TRAVERSALS:
        path = pattern.format(
            secret=str(secret),
            secret_encoded=str(secret).replace("/", "%2f"),
            secret_no_slash=str(secret).lstrip("/"),
        )
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request("GET", path)  # sent as it is, without normalising
        response = connection.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        connection.close()
        assert "GEHEIMNIS" not in body, path
        assert response.status == 404, (path, response.status)
        assert "Seite nicht gefunden" in body, path


def test_preview_listens_on_the_loopback_address_only(preview: Preview) -> None:
    port = int(preview.url.rstrip("/").rsplit(":", 1)[1])
    with open("/proc/net/tcp") as table:
        listening = [line.split() for line in table.readlines()[1:] if line.split()[3] == "0A"]
    addresses = {fields[1] for fields in listening if int(fields[1].split(":")[1], 16) == port}
    assert addresses == {f"0100007F:{port:04X}"}, addresses  # 127.0.0.1, not 0.0.0.0
