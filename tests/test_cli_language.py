"""Everything `ssg` says is German: help, usage errors, and every message click can show."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import REPOSITORY

from ssg.cli import main
from ssg.translation import GERMAN, MESSAGES, PLURALS

CLICK_SOURCE = Path(click.__file__).parent

# click's English; none of it may reach an editor (matched as whole words, case-sensitive).
ENGLISH = re.compile(
    r"\b(?:Usage|Options|Commands|Arguments|Show this message|Show the version|Error:|Try|"
    r"for help|default|No such|Missing|Invalid value|Did you mean|does not exist|is not|"
    r"required|OPTIONS|COMMAND|ARGS|TEXT|INTEGER|DIRECTORY|PATH|TITLE)(?!\w)"
)

# click calls `_()` on a variable in these places; the values it can hold there.
DYNAMIC_MESSAGES = {"_(extra['required'])": ["required"]}


def assert_german(output: str) -> None:
    assert not ENGLISH.findall(output), output


def literal(message: str) -> str:
    """A message without its placeholders, whose names are English."""
    text = "".join(part for part, *_ in string.Formatter().parse(message))
    return re.sub(r"%\(\w+\)s", "", text)


HELP = {
    ("--help",): [
        "Aufruf: ssg [OPTIONEN] BEFEHL [ARGUMENTE]...",
        "Befehle:",
        "--version Die Version zeigen und beenden.",
    ],
    ("build", "--help"): ["Aufruf: ssg build [OPTIONEN]", "--source ORDNER", "--output ORDNER"],
    ("check", "--help"): ["Aufruf: ssg check [OPTIONEN]", "mitprüfen", "[Standard: text]"],
    ("serve", "--help"): ["--port PORT", "(1 bis 65535). Standard: 8000.", "--host ADRESSE"],
    ("new", "--help"): ["Aufruf: ssg new [OPTIONEN] BEFEHL [ARGUMENTE]...", "Befehle:"],
    ("new", "project", "--help"): ["Aufruf: ssg new project [OPTIONEN] TITEL", "Argumente:"],
    ("new", "page", "--help"): ["Aufruf: ssg new page [OPTIONEN] NAME", "--title TITEL"],
    ("new", "site", "--help"): ["Aufruf: ssg new site [OPTIONEN] ORDNER", "Argumente:"],
}


@pytest.mark.parametrize("args", sorted(HELP))
def test_help_is_german(runner: CliRunner, args: tuple[str, ...]) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert_german(result.output)
    words = " ".join(result.output.split())  # independent of where click wraps
    for expected in ["Optionen:", "-h, --help", "Diese Hilfe zeigen und beenden.", *HELP[args]]:
        assert expected in words, result.output


USAGE_ERRORS = [
    (["build", "--nonsense"], "ssg build", "Unbekannte Option '--nonsense'."),
    (
        ["build", "--outptu", "x"],
        "ssg build",
        "Unbekannte Option '--outptu'. Meinten Sie '--output'?",
    ),
    (["new", "project"], "ssg new project", "Fehlendes Argument 'TITEL'."),
    (["new", "project", "a", "b"], "ssg new project", "Unerwartetes zusätzliches Argument (b)"),
    (
        ["serve", "--port", "abc"],
        "ssg serve",
        "Ungültiger Wert für '--port': 'abc' ist keine gültige Zahl.",
    ),
    (
        ["serve", "--port", "0"],
        "ssg serve",
        "Ungültiger Wert für '--port': 0 ist kein Port; erlaubt sind 1 bis 65535.",
    ),
    (
        ["check", "--format", "xml"],
        "ssg check",
        "Ungültiger Wert für '--format': 'xml' ist nicht möglich; zur Wahl stehen 'text', "
        "'github'.",
    ),
    (["bulid"], "ssg", "Unbekannter Befehl 'bulid'. Meinten Sie 'build'?"),
    (
        ["check", "--source", ".."],
        "ssg check",
        "Ungültiger Wert für '--source': '..' ist kein Handbuch (weder content/ noch data/",
    ),
    (["new", "projekt"], "ssg new", "Unbekannter Befehl 'projekt'. Meinten Sie 'project'?"),
    (
        ["build", "--source", "fehlt"],
        "ssg build",
        "Ungültiger Wert für '--source': Ordner 'fehlt' existiert nicht.",
    ),
]


@pytest.mark.parametrize(("args", "command", "message"), USAGE_ERRORS)
def test_usage_errors_are_german_and_exit_with_2(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    command: str,
    message: str,
) -> None:
    (tmp_path / "content").mkdir()  # a handbook, so that only the mistake is reported
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert_german(result.output)
    assert result.output.startswith(f"Aufruf: {command} [OPTIONEN]")
    assert f"\nHilfe: {command} --help\n\nFehler: {message}" in result.output


def test_option_that_needs_a_value_says_so_in_german(runner: CliRunner) -> None:
    result = runner.invoke(main, ["build", "--output"])
    assert result.exit_code == 2
    assert result.output == "Fehler: Die Option '--output' braucht einen Wert.\n"


def test_version_is_german(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.output == f"ssg, Version {importlib.metadata.version('ssg')}\n"


def test_german_whatever_the_environment_says() -> None:
    """CI runs with LANG=C; the language must not follow it (nor an English LANGUAGE)."""
    environment = {**os.environ, "LANG": "C", "LC_ALL": "C", "LANGUAGE": "en"}
    result = subprocess.run(
        [sys.executable, "-m", "ssg.cli", "build", "--nonsense"],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 2
    assert "Fehler: Unbekannte Option '--nonsense'." in result.stderr
    assert_german(result.stderr)


def walk_commands(command: click.Command, path: str) -> Iterator[tuple[str, click.Command]]:
    """Every command below `command` (itself included), with its name as typed."""
    yield path, command
    if isinstance(command, click.Group):
        for name, subcommand in sorted(command.commands.items()):
            yield from walk_commands(subcommand, f"{path} {name}")


COMMANDS = list(walk_commands(main, "ssg"))


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[path for path, _ in COMMANDS])
def test_every_parameter_has_a_help_text(path: str, command: click.Command) -> None:
    # With the settings `ssg` gives every context: click keeps the help option it makes
    # first on the command, so a context without them would change later `--help`s.
    context = click.Context(command, info_name=path, **main.context_settings)
    for parameter in command.get_params(context):
        assert isinstance(parameter, click.Option | click.Argument)
        assert parameter.help, f"{path}: {parameter.name} has no help text"
        assert_german(parameter.help)
        if isinstance(parameter, click.Option) and "Standard:" in parameter.help:
            assert not parameter.show_default, f"{path}: {parameter.name} says its default twice"


GROUPS = [(path, command) for path, command in COMMANDS if isinstance(command, click.Group)]


@pytest.mark.parametrize(("path", "group"), GROUPS, ids=[path for path, _ in GROUPS])
def test_short_helps_are_whole(path: str, group: click.Group) -> None:
    """click ends a short help at a '. ' before a capital: 'z. B.' would end in 'z.'."""
    width = 80 - 6 - max(len(name) for name in group.commands)  # as click's format_commands
    for name, command in group.commands.items():
        shown = command.get_short_help_str(width)
        whole = " ".join((command.help or "").split())
        assert shown in {command.short_help, whole}, f"{path} {name}: {shown!r}"
        assert len(shown) <= width and shown.endswith("."), f"{path} {name}: {shown!r}"


def gettext_modules() -> Iterator[tuple[str, ast.Module]]:
    """click's modules that import gettext, parsed from the installed source."""
    for file in sorted(CLICK_SOURCE.glob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        if any(isinstance(node, ast.ImportFrom) and node.module == "gettext" for node in tree.body):
            yield f"click.{file.stem}", tree


def click_messages() -> tuple[dict[str, set[str]], dict[str, set[str]], set[str]]:
    """click's messages for `_()` and for `ngettext()` (by singular), each with its
    placeholders, and the source of every call whose message is not a string literal."""
    singles: dict[str, set[str]] = {}
    plurals: dict[str, set[str]] = {}
    dynamic: set[str] = set()
    for _name, tree in gettext_modules():
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
                continue
            if call.func.id not in {"_", "ngettext"}:
                continue
            one = string_literal(call.args[0])
            many = string_literal(call.args[1]) if call.func.id == "ngettext" else ""
            if one is None or many is None:
                dynamic.add(ast.unparse(call))
            elif call.func.id == "ngettext":
                plurals[one] = fields(one) | fields(many)
            else:
                singles[one] = fields(one)
    return singles, plurals, dynamic


def string_literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def fields(text: str) -> set[str]:
    """The placeholders of a message: {name} for str.format, %(name)s for %."""
    names = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    return {name.partition("!")[0] for name in names} | set(re.findall(r"%\((\w+)\)", text))


SINGLES, PLURAL_FORMS, DYNAMIC = click_messages()


def test_every_message_of_the_installed_click_is_translated() -> None:
    """A click upgrade that adds or rewords a message fails here until it has German."""
    assert len(SINGLES) + len(PLURAL_FORMS) > 70
    assert sorted(set(SINGLES) - set(MESSAGES)) == []
    assert sorted(set(PLURAL_FORMS) - set(PLURALS)) == []
    assert set(DYNAMIC_MESSAGES) == DYNAMIC
    assert all(value in MESSAGES for values in DYNAMIC_MESSAGES.values() for value in values)


@pytest.mark.parametrize("english", sorted(SINGLES))
def test_messages_use_only_the_placeholders_click_fills(english: str) -> None:
    german = MESSAGES.get(english, "")
    assert fields(german) <= SINGLES[english], german
    assert_german(literal(german))


@pytest.mark.parametrize("english", sorted(PLURAL_FORMS))
def test_plurals_use_only_the_placeholders_click_fills(english: str) -> None:
    for german in PLURALS.get(english, ()):
        assert fields(german) <= PLURAL_FORMS[english], german
        assert_german(literal(german))


def test_click_speaks_german_in_every_module_that_uses_gettext() -> None:
    for name, _tree in gettext_modules():
        if name == "click._winconsole" and sys.platform != "win32":
            continue
        namespace = vars(sys.modules[name])
        if "_" in namespace:
            assert namespace["_"] == GERMAN.gettext, name
        if "ngettext" in namespace:
            assert namespace["ngettext"] == GERMAN.ngettext, name


def test_inside_a_handbook_s_folder_the_error_names_the_handbook(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No --source was given, so none is called invalid; the handbook above is named."""
    (tmp_path / "content/handlungsfelder").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "content")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 2, result.output
    assert_german(result.output)
    assert "--source'" not in result.output
    assert (
        "Fehler: Der aktuelle Ordner ist kein Handbuch (weder content/ noch data/ darin). "
        f"Er liegt im Handbuch {tmp_path}: Wechseln Sie dorthin oder nennen Sie es mit --source"
    ) in result.output


def test_a_folder_with_a_data_folder_above_is_no_handbook_to_name(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A home folder may hold a data/ folder: only a handbook's own folders name it."""
    (tmp_path / "data").mkdir()
    (tmp_path / "Dokumente/Brief").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "Dokumente/Brief")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 2, result.output
    assert "Er liegt im Handbuch" not in result.output
    assert "Wechseln Sie in den Ordner des Handbuchs" in result.output
