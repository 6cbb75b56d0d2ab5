"""click's own messages in German: help frame, usage errors, did-you-mean, for every reader.

click passes each message through gettext, which picks a language from LANG and friends;
CI runs with LANG=C, and an editor's terminal may be English, yet ssg always speaks German.
So `translate_click` points click's gettext names straight at `GERMAN`, once, before any
option is built (some messages, such as a path's kind, are translated on construction).
"""

from __future__ import annotations

import gettext
import sys
from typing import Any

import click

# Imported late by click; imported here so that translate_click binds them too.
import click._termui_impl
import click.shell_completion

# Every message click 8.5 passes to gettext's `_`, by its English text.
# tests/test_cli_language.py fails when an installed click has one that is missing here.
MESSAGES = {
    # Help
    "Usage:": "Aufruf:",
    "Options": "Optionen",
    "Positional arguments": "Argumente",
    "Commands": "Befehle",
    "Show this message and exit.": "Diese Hilfe zeigen und beenden.",
    "Show the version and exit.": "Die Version zeigen und beenden.",
    "%(prog)s, version %(version)s": "%(prog)s, Version %(version)s",
    "default: {default}": "Standard: {default}",
    "env var: {var}": "Umgebungsvariable: {var}",
    "required": "erforderlich",
    "(dynamic)": "(dynamisch)",
    "deprecated": "veraltet",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "Hinweis: Der Befehl {name!r} ist veraltet.{extra_message}"
    ),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "Hinweis: {name!r} ist veraltet.{extra_message}"
    ),
    # Usage errors
    "Error: {message}": "Fehler: {message}",
    "Try '{command} {option}' for help.": "Hilfe: {command} {option}",
    "No such option {name!r}.": "Unbekannte Option {name!r}.",
    "No such command {name!r}.": "Unbekannter Befehl {name!r}.",
    "Missing command.": "Befehl fehlt.",
    "Missing argument": "Fehlendes Argument",
    "Missing option": "Fehlende Option",
    "Missing parameter": "Fehlende Angabe",
    "Missing {param_type}": "Fehlende Angabe ({param_type})",
    "Missing parameter: {param_name}": "Fehlende Angabe: {param_name}",
    "Invalid value: {message}": "Ungültiger Wert: {message}",
    "Invalid value for {param_hint}: {message}": "Ungültiger Wert für {param_hint}: {message}",
    "Option {name!r} does not take a value.": "Die Option {name!r} nimmt keinen Wert an.",
    "Argument {name!r} takes {nargs} values.": "Das Argument {name!r} braucht {nargs} Werte.",
    "Invalid start character for option ({option})": (
        "Ungültiges erstes Zeichen für eine Option ({option})"
    ),
    "Value must be an iterable.": "Der Wert muss eine Folge sein.",
    # Values
    "file": "Datei",
    "directory": "Ordner",
    "path": "Pfad",
    "{name} {filename!r} does not exist.": "{name} {filename!r} existiert nicht.",
    "{name} {filename!r} is a file.": "{name} {filename!r} ist eine Datei.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} ist ein Ordner.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} ist nicht lesbar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} ist nicht beschreibbar.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} ist nicht ausführbar.",
    "Could not open file {filename!r}: {message}": (
        "Die Datei {filename!r} lässt sich nicht öffnen: {message}"
    ),
    "unknown error": "unbekannter Fehler",
    # click names the number type ("integer range"); German leaves it out.
    "{value!r} is not a valid {number_type}.": "{value!r} ist keine gültige Zahl.",
    "{value} is not in the range {range}.": "{value} liegt nicht im Bereich {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} ist kein Wahrheitswert. Möglich sind: {states}"
    ),
    "{value!r} is not a valid UUID.": "{value!r} ist keine gültige UUID.",
    "Choose from:\n\t{choices}": "Zur Wahl stehen:\n\t{choices}",
    "Choice({choices})": "Auswahl({choices})",
    # Prompts and the terminal
    "Aborted!": "Abgebrochen!",
    "Do you want to continue?": "Möchten Sie fortfahren?",
    "Confirm the action without prompting.": "Ohne Rückfrage bestätigen.",
    "Repeat for confirmation": "Zur Bestätigung wiederholen",
    "Error: The two entered values do not match.": (
        "Fehler: Die beiden Eingaben stimmen nicht überein."
    ),
    "Error: invalid input": "Fehler: ungültige Eingabe",
    "Press any key to continue...": "Weiter mit einer beliebigen Taste …",
    "Unknown color {colour!r}": "Unbekannte Farbe {colour!r}",
    "d": "T",
    "{editor}: Editing failed": "{editor}: Bearbeiten fehlgeschlagen",
    "{editor}: Editing failed: {e}": "{editor}: Bearbeiten fehlgeschlagen: {e}",
    "Windows error: {error}": "Windows-Fehler: {error}",
    "Unknown standard stream '{name}'": "Unbekannter Standardkanal '{name}'",
    "Shell completion is not supported for Bash versions older than 4.4.": (
        "Die Vervollständigung in der Shell braucht Bash 4.4 oder neuer."
    ),
    "Couldn't detect Bash version, shell completion is not supported.": (
        "Die Bash-Version ist unbekannt; ohne sie gibt es keine Vervollständigung in der Shell."
    ),
    # Mistakes in ssg's own command definitions
    "Name '{name}' defined twice": "Der Name '{name}' ist doppelt vergeben",
    "Could not determine name for option with declarations {decls!r}": (
        "Die Option mit den Angaben {decls!r} hat keinen Namen"
    ),
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?": (
        "Keine Option, nur ein Name ({name}). Ist ein Argument gemeint, oder '--{name}'?"
    ),
    "Boolean option {decl!r} cannot use the same flag for true/false.": (
        "Die Ja/Nein-Option {decl!r} kann nicht denselben Schalter für beides verwenden."
    ),
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": (
        "Ein Argument braucht genau eine Angabe, nicht {length}: {decls}."
    ),
}

# Every message click passes to `ngettext`, by its English singular: (German singular, plural).
PLURALS = {
    "Did you mean {possibility}?": (
        "Meinten Sie {possibility}?",
        "(Meinten Sie eine dieser Möglichkeiten: {possibilities}?)",
    ),
    "Got unexpected extra argument ({args})": (
        "Unerwartetes zusätzliches Argument ({args})",
        "Unerwartete zusätzliche Argumente ({args})",
    ),
    "Option {name!r} requires an argument.": (
        "Die Option {name!r} braucht einen Wert.",
        "Die Option {name!r} braucht {nargs} Werte.",
    ),
    "Takes {nargs} values but 1 was given.": (
        "Braucht {nargs} Werte, angegeben ist einer.",
        "Braucht {nargs} Werte, angegeben sind {len}.",
    ),
    "{len_type} values are required, but {len_value} was given.": (
        "{len_type} Werte sind nötig, angegeben ist {len_value}.",
        "{len_type} Werte sind nötig, angegeben sind {len_value}.",
    ),
    "{value!r} is not {choice}.": (
        "{value!r} ist nicht möglich, nur {choice}.",
        "{value!r} ist nicht möglich; zur Wahl stehen {choices}.",
    ),
    "{value!r} does not match the format {format}.": (
        "{value!r} passt nicht zum Format {format}.",
        "{value!r} passt zu keinem der Formate {formats}.",
    ),
}


class German(gettext.NullTranslations):
    """click's messages in German; a message missing here stays English, which a test notices."""

    def gettext(self, message: str) -> str:
        return MESSAGES.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = PLURALS.get(msgid1)
        if forms is None:
            return super().ngettext(msgid1, msgid2, n)
        return forms[0] if n == 1 else forms[1]


GERMAN = German()


def translate_click() -> None:
    """Bind `_` and `ngettext` in every loaded click module to `GERMAN`, whatever LANG says."""
    for name, module in sorted(sys.modules.items()):
        if name != "click" and not name.startswith("click."):
            continue
        namespace = vars(module)
        if namespace.get("_") is gettext.gettext:
            namespace["_"] = GERMAN.gettext
        if namespace.get("ngettext") is gettext.ngettext:
            namespace["ngettext"] = GERMAN.ngettext


class GermanCommand(click.Command):
    """A command whose usage line says [OPTIONEN]; click's placeholder is not translated."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIONEN]")
        super().__init__(*args, **kwargs)


class GermanGroup(click.Group):
    """A group whose usage line and subcommands (groups too) use German placeholders."""

    command_class = GermanCommand
    group_class = type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIONEN]")
        kwargs.setdefault("subcommand_metavar", "BEFEHL [ARGUMENTE]...")
        super().__init__(*args, **kwargs)
