"""click's own texts in French: usage, help, errors and suggestions.

click marks its messages for gettext (`_("Usage:")`) but ships no translation, and a
gettext catalogue would need a compiled .mo file and the user's locale. The `qualixl`
command is French whatever the machine's language, so `install` points the gettext
functions click's modules use at this table. A text missing from the table stays as
click wrote it (a newer click may add some; the CLI test lists every one it meets).
"""

from __future__ import annotations

import importlib

SINGULAR = {
    "Usage:": "Utilisation :",
    "Options": "Options",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Voir « {command} {option} » pour l'aide.",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Missing {param_type}": "{param_type} manquant",
    "Missing command.": "Commande manquante.",
    "No such option {name!r}.": "Option inconnue : {name}.",
    "No such command {name!r}.": "Commande inconnue : {name}.",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Option {name!r} does not take a value.": "L'option {name} ne prend pas de valeur.",
    "Argument {name!r} takes {nargs} values.": "L'argument {name} prend {nargs} valeurs.",
    "Invalid start character for option ({option})": "Caractère initial invalide pour une option ({option})",
    "Could not open file {filename!r}: {message}": "Impossible d'ouvrir le fichier {filename} : {message}",
    "unknown error": "erreur inconnue",
    "Aborted!": "Interrompu.",
    "default: {default}": "par défaut : {default}",
    "(dynamic)": "(calculée)",
    "env var: {var}": "variable d'environnement : {var}",
    "deprecated": "obsolète",
    "required": "obligatoire",
    "Choose from:\n\t{choices}": "Valeurs possibles :\n\t{choices}",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not a valid {number_type}.": "« {value} » n'est pas un nombre valide.",
    "{value!r} is not a valid boolean. Recognized values: {states}": "« {value} » n'est pas un booléen valide ({states}).",
    "{value!r} is not a valid UUID.": "« {value} » n'est pas un UUID valide.",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "{name} {filename!r} does not exist.": "{name} « {filename} » introuvable.",
    "{name} {filename!r} is a file.": "{name} « {filename} » est un fichier.",
    "{name} {filename!r} is a directory.": "{name} « {filename} » est un dossier.",
    "{name} {filename!r} is not readable.": "{name} « {filename} » illisible (droits insuffisants).",
    "{name} {filename!r} is not writable.": "{name} « {filename} » non modifiable (droits insuffisants).",
    "{name} {filename!r} is not executable.": "{name} « {filename} » non exécutable.",
    "Do you want to continue?": "Voulez-vous continuer ?",
    "Confirm the action without prompting.": "Confirmer sans poser la question.",
    "Press any key to continue...": "Appuyez sur une touche pour continuer…",
    "Repeat for confirmation": "Répétez pour confirmer",
    "Error: The two entered values do not match.": "Erreur : les deux valeurs saisies diffèrent.",
    "Error: invalid input": "Erreur : saisie invalide",
}

PLURAL = {
    "Did you mean {possibility}?": ("Vouliez-vous dire {possibility} ?", "(Vouliez-vous dire l'une de : {possibilities} ?)"),
    "Got unexpected extra argument ({args})": ("Argument en trop ({args})", "Arguments en trop ({args})"),
    "Option {name!r} requires an argument.": ("L'option {name} demande une valeur.", "L'option {name} demande {nargs} valeurs."),
    "{value!r} is not {choice}.": ("« {value} » n'est pas {choice}.", "« {value} » n'est pas l'une des valeurs {choices}."),
    "{value!r} does not match the format {format}.": (
        "« {value} » ne suit pas le format {format}.", "« {value} » ne suit aucun des formats {formats}."),
    "Takes {nargs} values but 1 was given.": ("Prend {nargs} valeurs, 1 donnée.", "Prend {nargs} valeurs, {len} données."),
    "{len_type} values are required, but {len_value} was given.": (
        "{len_type} valeurs sont demandées, {len_value} donnée.", "{len_type} valeurs sont demandées, {len_value} données."),
}

MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils", "shell_completion")


def gettext(message: str) -> str:
    return SINGULAR.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    if singular in PLURAL:
        one, many = PLURAL[singular]
        return one if n == 1 else many
    return singular if n == 1 else plural


def install() -> None:
    """Point click's gettext calls at the French table (idempotent)."""
    for name in MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
