"""Which export column feeds which Appréciations column: the mapping file's word, else a guess.

Survey questions are free text, but French training providers ask them in a handful of
ways ("Globalement, êtes-vous satisfait… ?", "Recommanderiez-vous… ?", "Ce que vous avez
apprécié", "Vos suggestions"). The guess walks an ordered list of (wording, column) rules,
most specific first, and checks each candidate's answers fit (a score column holds
numbers or satisfaction labels, a verbatim holds free text): "Êtes-vous satisfait de
cette session ?" is then a score, not the session. Score questions left over are
criteria: imported into a `Note : <critère>` column when the sheet has one, listed as
not imported otherwise. The guess is printed, never silently trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qualixl import schema
from qualixl.errors import QualixlError
from qualixl.importing.exportfile import ExportTable
from qualixl.importing.mapfile import FORMAT_HELP, MappingFile, example
from qualixl.importing.scales import column_kind
from qualixl.importing.sources import LABELS, SourceLayout, quote_list
from qualixl.parsing import ScoreScale

SCORE = ("numeric", "labels", "empty")
TEXT = ("text", "empty")
ACCEPTS = {"Note globale": SCORE, "Recommandation": ("yesno", "numeric", "labels", "empty"),
           "Points forts": TEXT, "Points à améliorer": TEXT, "Session": TEXT, "Partie prenante": TEXT}
# Wordings are compared folded (schema.normalize: case, accents and spaces do not matter).
RECOMMENDATION = ("recommand", "recommend", "conseilleriez", "conseiller cette", "net promoter", "nps")
OVERALL = ("satisfaction globale", "note globale", "appreciation globale", "evaluation globale",
           "satisfaction generale", "note generale", "appreciation generale", "evaluation generale",
           "overall satisfaction", "overall rating")
OVERALL_ADVERBS = ("dans son ensemble", "dans l'ensemble", "de maniere generale", "d'une maniere generale",
                   "de facon generale", "d'une facon generale", "globalement", "au global", "en general", "overall")
STRENGTHS = ("points forts", "point fort", "points positifs", "point positif", "ce que vous avez apprecie",
             "avez-vous apprecie", "avez vous apprecie", "particulierement apprecie", "le plus apprecie",
             "avez apprecie", "vous a plu", "avez aime", "avez-vous aime", "le plus aime", "le plus", "atouts",
             "what did you like", "liked", "strengths")
IMPROVEMENTS = ("a ameliorer", "ameliorations", "points faibles", "point faible", "axes d'amelioration",
                "pistes d'amelioration", "moins apprecie", "moins aime", "vous a deplu", "le moins", "suggestion",
                "pourrions-nous ameliorer", "pourrait etre ameliore", "to improve", "improvement")
TRAINING = ("formation suivie", "intitule de la formation", "intitule du stage", "quelle formation", "nom de la formation",
            "stage suivi", "module suivi", "session", "quel stage", "training attended", "course")
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Recommandation", RECOMMENDATION),
    ("Note globale", OVERALL),
    ("Points à améliorer", IMPROVEMENTS),  # before strengths: « le moins apprécié » is not a strength
    ("Points forts", STRENGTHS),
    ("Session", TRAINING),
    ("Partie prenante", ("vous etes", "votre profil", "en tant que", "qualite du repondant", "votre statut",
                         "you are")),
)
WEAK_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (  # tried after the sheet's criteria took their columns
    # « Globalement, l'animation… » may be a criterion's question: adverbs wait for the criteria.
    ("Note globale", (*OVERALL_ADVERBS, "etes-vous satisfait", "etes vous satisfait", "niveau de satisfaction",
                      "satisfaction", "satisfait", "comment evaluez-vous la formation", "evaluez la formation",
                      "noteriez", "note de la formation")),
    ("Points à améliorer", ("amelior", "remarques", "commentaire")),
)
_GRID = re.compile(r"^(.*)\[([^\]]+)\]\s*$")


@dataclass
class Mapping:
    columns: dict[str, int] = field(default_factory=dict)  # Appréciations header -> export column
    origin: dict[str, str] = field(default_factory=dict)  # header -> "fichier" | "devinée"
    criteria_missing: list[tuple[int, str]] = field(default_factory=list)  # (column, criterion) without a sheet column
    ignored: list[int] = field(default_factory=list)  # question columns not imported


def criterion_label(header: str) -> str:
    """`Évaluez [Animation]` (a Google grid row) -> `Animation`; other questions keep their text."""
    grid = _GRID.match(header)
    return " ".join(grid.group(2).split()) if grid else header


def resolve(table: ExportTable, layout: SourceLayout, sheet_headers: set[str], criteria: list[str],
            scale: ScoreScale, mapfile: MappingFile) -> Mapping:
    """The mapping for this export and this sheet; QualixlError when Date or Note globale stay unmapped."""
    result = Mapping()
    disabled = {target for target, header in mapfile.columns.items() if header is None}
    for target, header in mapfile.columns.items():
        if header is None:
            continue
        if target.startswith(schema.CRITERION_PREFIX) and target not in criteria:
            raise QualixlError(
                f"{mapfile.path.name if mapfile.path else 'Correspondance'} : la colonne « {target} » n'existe pas "
                "dans la feuille Appréciations : ajoutez-la (en-tête de colonne) avant d'y importer des notes."
            )
        result.columns[target] = _find(table, header, mapfile)
        result.origin[target] = "fichier"
    if "Date" not in result.columns and "Date" not in disabled and layout.timestamp is not None:
        result.columns["Date"], result.origin["Date"] = layout.timestamp, "devinée"
    free = [i for i in range(len(table.headers)) if i not in layout.metadata and i not in result.columns.values()]
    kinds = {i: column_kind((row[i] for _, row in table.rows), scale) for i in free}  # the tool's own columns aside
    texts = [schema.normalize(criterion_label(h)) for h in table.headers]  # a grid row is matched by its label
    _apply(RULES, result, free, texts, kinds, disabled, sheet_headers)
    for criterion in criteria:
        if criterion in result.columns or criterion in disabled:
            continue
        name = schema.normalize(criterion.split(":", 1)[1])
        found = next((i for i in free if kinds[i] in SCORE and _names(table.headers[i], name)), None)
        if found is not None:
            result.columns[criterion], result.origin[criterion] = found, "devinée"
            free.remove(found)
    _apply(WEAK_RULES, result, free, texts, kinds, disabled, sheet_headers)
    _overall_by_values(result, free, texts, kinds, disabled)
    for i in free:
        if kinds[i] in ("numeric", "labels"):
            result.criteria_missing.append((i, criterion_label(table.headers[i])))
        else:
            result.ignored.append(i)
    missing = [t for t in ("Date", "Note globale") if t not in result.columns]
    if missing:
        raise _unmappable(table, layout, result, missing)
    return result


def _apply(rules, result: Mapping, free: list[int], texts: list[str], kinds: dict[int, str], disabled: set[str],
           sheet_headers: set[str]) -> None:
    for target, patterns in rules:
        if target in result.columns or target in disabled or target not in sheet_headers:
            continue
        for pattern in patterns:
            found = next((i for i in free if pattern in texts[i] and kinds[i] in ACCEPTS[target]), None)
            if found is not None:
                result.columns[target], result.origin[target] = found, "devinée"
                free.remove(found)
                break


def _overall_by_values(result: Mapping, free: list[int], texts: list[str], kinds: dict[int, str],
                       disabled: set[str]) -> None:
    """No wording named the overall score: the one score-like column left is it (never a 0–10 NPS question)."""
    if "Note globale" in result.columns or "Note globale" in disabled:
        return
    scores = [i for i in free if kinds[i] in ("numeric", "labels") and not any(w in texts[i] for w in RECOMMENDATION)]
    if len(scores) == 1:
        result.columns["Note globale"], result.origin["Note globale"] = scores[0], "devinée d'après ses réponses"
        free.remove(scores[0])


def _names(header: str, criterion: str) -> bool:
    label = schema.normalize(criterion_label(header))
    return label == criterion or re.search(rf"(?<!\w){re.escape(criterion)}(?!\w)", schema.normalize(header)) is not None


def _find(table: ExportTable, header: str, mapfile: MappingFile) -> int:
    folded = schema.normalize(header)
    if folded in table.folded:
        return table.folded.index(folded)
    raise QualixlError(
        f"{mapfile.path.name if mapfile.path else 'Correspondance'} : aucune colonne « {header} » dans "
        f"{table.path.name}. Colonnes trouvées : {quote_list(table.headers)}."
    )


def _unmappable(table: ExportTable, layout: SourceLayout, found: Mapping, missing: list[str]) -> QualixlError:
    what = {"Date": "la date de réponse", "Note globale": "la note globale (satisfaction)"}
    guessed = {target: table.headers[col] for target, col in found.columns.items()}
    return QualixlError(
        f"Impossible de reconnaître {'ni ' * (len(missing) > 1)}{' ni '.join(what[m] for m in missing)} dans {table.path.name} "
        f"({'fichier xlsx' if layout.kind == 'csv' and table.is_xlsx else LABELS[layout.kind]}). Rien n'a été écrit.\n"
        f"Colonnes trouvées : {quote_list(table.headers)}.\n"
        "Écrivez un fichier de correspondance, par exemple correspondance.toml, puis relancez avec "
        "--mapping correspondance.toml :\n\n"
        f"{example(guessed, table.headers)}\n\n{FORMAT_HELP}"
    )
