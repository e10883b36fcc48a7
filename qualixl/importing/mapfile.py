"""The mapping file: the user's word on which question goes where, when the guess is wrong.

`qualixl import` guesses the mapping from common French question wordings and prints it;
a small TOML file (UTF-8, every section optional), passed with `--mapping`, overrides it:

    # correspondance.toml
    [colonnes]
    # colonne d'Appréciations = en-tête exact de la colonne de l'export
    # (casse, accents et espaces indifférents ; "" pour ne pas importer une colonne devinée)
    "Date" = "Horodateur"
    "Note globale" = "Globalement, êtes-vous satisfait(e) de la formation ?"
    "Recommandation" = "Recommanderiez-vous cette formation ?"
    "Points forts" = "Qu'avez-vous le plus apprécié ?"
    "Points à améliorer" = "Vos suggestions d'amélioration"
    "Session" = "Formation suivie"
    "Partie prenante" = "Vous êtes"
    "Note : Animation" = "Évaluez la formation [Animation]"  # la colonne « Note : Animation » doit exister

    [valeurs]
    # réponse = note sur l'échelle du classeur, ou "Sans opinion" ; "Oui" / "Non" pour Recommandation
    "Parfait" = 5
    "Bof" = 2

    [options]
    source = "google"            # auto, google, microsoft, limesurvey, surveymonkey, typeform ou csv
    session = "SES-2026-001"     # la session de toutes les réponses (ID ou intitulé de Sessions)
    partie_prenante = "Bénéficiaire"
    temps = "À chaud"
    echelle = 10                 # note maximale des réponses chiffrées, quand elle ne se devine pas

Options given on the command line win over [options].
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from qualixl import schema
from qualixl.errors import QualixlError
from qualixl.importing.scales import fold

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 (setup.cfg: tomli; python_version<"3.11")
    import tomli as tomllib

MAX_MAPPING_BYTES = 1024**2
TARGETS = ("Date", "Session", "Partie prenante", "Temps", "Note globale", "Recommandation",
           "Points forts", "Points à améliorer", "Thème")
OPTIONS = ("source", "session", "partie_prenante", "temps", "echelle")
_VALUE_WORDS = ("Oui", "Non", schema.NO_OPINION, "")
FORMAT_HELP = (
    "Fichier de correspondance (TOML, UTF-8) : une section [colonnes] donne, pour chaque colonne d'Appréciations "
    f"({', '.join(TARGETS)}, « Note : … »), l'en-tête de la colonne de l'export, par exemple "
    '"Note globale" = "Êtes-vous satisfait de la formation ?" ("" pour ne pas l\'importer) ; une section [valeurs] '
    "facultative convertit des réponses (\"Parfait\" = 5, ou « Sans opinion », « Oui », « Non ») ; une section "
    f"[options] facultative fixe {', '.join(OPTIONS)}."
)


@dataclass
class MappingFile:
    path: Path | None = None
    columns: dict[str, str | None] = field(default_factory=dict)  # target -> export header (None: not imported)
    values: dict[str, object] = field(default_factory=dict)  # folded answer -> float | Oui | Non | Sans opinion | ''
    options: dict[str, object] = field(default_factory=dict)


def canonical_target(name: str) -> str | None:
    """The Appréciations header a [colonnes] key means, or None when it names none."""
    folded = schema.normalize(name)
    for target in TARGETS:
        if schema.normalize(target) == folded:
            return target
    prefix = schema.normalize(schema.CRITERION_PREFIX)
    if folded.startswith(prefix) and len(folded) > len(prefix):
        return f"{schema.CRITERION_PREFIX} {' '.join(name.split(':', 1)[1].split())}"
    return None


def load_mapping(path: Path | str | None) -> MappingFile:
    if path is None:
        return MappingFile()
    path = Path(path)
    if not path.is_file():
        raise QualixlError(f"Fichier de correspondance introuvable : {path}")
    if path.stat().st_size > MAX_MAPPING_BYTES:
        raise QualixlError(f"Le fichier de correspondance {path.name} est trop volumineux pour en être un.")
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _bad(path, f"TOML illisible ({exc})") from exc
    unknown = sorted(set(data) - {"colonnes", "valeurs", "options"})
    if unknown:
        raise _bad(path, f"section(s) inconnue(s) : {', '.join(unknown)} (attendues : [colonnes], [valeurs], [options])")
    result = MappingFile(path)
    for key, header in _section(path, data, "colonnes").items():
        target = canonical_target(key)
        if target is None:
            raise _bad(path, f"« {key} » n'est pas une colonne d'Appréciations ({', '.join(TARGETS)}, « Note : … »)")
        if not isinstance(header, str):
            raise _bad(path, f"la valeur de « {key} » doit être l'en-tête d'une colonne de l'export, entre guillemets")
        result.columns[target] = header.strip() or None
    for answer, value in _section(path, data, "valeurs").items():
        if isinstance(value, bool) or not (isinstance(value, (int, float)) or value in _VALUE_WORDS):
            raise _bad(path, f"la réponse « {answer} » doit valoir une note, « Sans opinion », « Oui » ou « Non »")
        result.values[fold(answer)] = float(value) if isinstance(value, (int, float)) else value
    options = _section(path, data, "options")
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise _bad(path, f"option(s) inconnue(s) : {', '.join(unknown)} (attendues : {', '.join(OPTIONS)})")
    if "echelle" in options and (isinstance(options["echelle"], bool) or not isinstance(options["echelle"], (int, float))
                                 or options["echelle"] <= 0):
        raise _bad(path, "echelle doit être un nombre positif (la note maximale des réponses chiffrées)")
    result.options = {k: v for k, v in options.items() if v not in ("", None)}
    return result


def _section(path: Path, data: dict, name: str) -> dict:
    section = data.get(name, {})
    if not isinstance(section, dict):
        raise _bad(path, f"[{name}] doit être une section")
    return section


def _bad(path: Path, problem: str) -> QualixlError:
    return QualixlError(f"Fichier de correspondance {path.name} : {problem}.\n{FORMAT_HELP}")


def example(columns: dict[str, str | None], headers: list[str]) -> str:
    """A [colonnes] section pre-filled with `columns` (target -> header or None), for an error message."""
    lines = ["[colonnes]"]
    for target in TARGETS:
        header = columns.get(target)
        if header is not None:
            lines.append(f"{json.dumps(target, ensure_ascii=False)} = {json.dumps(header, ensure_ascii=False)}")
        else:  # the two required ones to fill in, the others commented out
            comment = "" if target in ("Date", "Note globale") else "# "
            lines.append(f"{comment}{json.dumps(target, ensure_ascii=False)} = \"<en-tête de la colonne de l'export>\"")
    for target, header in columns.items():
        if target.startswith(schema.CRITERION_PREFIX) and header is not None:
            lines.append(f"{json.dumps(target, ensure_ascii=False)} = {json.dumps(header, ensure_ascii=False)}")
    lines.append("# En-têtes de l'export : " + " | ".join(headers))
    return "\n".join(lines)
