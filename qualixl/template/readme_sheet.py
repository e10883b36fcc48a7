"""The Lisez-moi sheet: what the workbook is for and how to keep it, in French.

It is the first sheet a user sees, so its text lives next to the code that lays it out;
the facts about sheets (roles, required columns, examples) come from `qualixl.schema`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import xlsxwriter
from xlsxwriter.utility import quote_sheetname
from xlsxwriter.worksheet import Worksheet

from qualixl import schema
from qualixl.render.context import GENERATED_SHEETS
from qualixl.template.formats import Formats, print_setup

README_SHEET = "Lisez-moi"
README_WIDTHS = (30, 62, 13, 44)
LINE_HEIGHT = 15


def write_readme(wb: xlsxwriter.Workbook, fm: Formats) -> None:
    """The first sheet: what the workbook is for and how to keep it, in French."""
    ws = wb.add_worksheet(README_SHEET)
    ws.hide_gridlines(2)
    print_setup(ws)
    for col, width in enumerate(README_WIDTHS):
        ws.set_column(col, col, width)
    row = 0
    for item in readme_content():
        row = write_readme_item(ws, fm, row, item)


def readme_content() -> list[tuple]:
    """The Lisez-moi text as (style, cells…) items; sheet facts come from schema.py."""
    examples = ", ".join(s.id_example for s in schema.SHEETS if s.name in (
        schema.APPRECIATIONS, schema.RECLAMATIONS, schema.PLAN) and s.id_example)
    likert = " / ".join((*schema.LIKERT_LABELS, schema.NO_OPINION))
    required = ", ".join(schema.REQUIRED_SHEETS)
    return [
        ("title", "Plan d'amélioration continue — Qualiopi"),
        ("prose", "Ce classeur est le registre de votre démarche d'amélioration continue : "
                  "critère 7 du Référentiel national qualité, indicateurs 30, 31 et 32."),
        ("prose", "L'équipe saisit au fil de l'eau dans les feuilles de saisie ; qualixl les vérifie, "
                  "calcule les indicateurs et produit le tableau de bord présenté à l'auditeur."),
        ("gap",),
        ("heading", "La boucle d'amélioration"),
        ("step", "1. Collecter", "Saisir les sessions, les enquêtes envoyées, les réponses (appréciations) "
                                 "et les réclamations, au fil de l'eau."),
        ("step", "2. Analyser", "Chaque mois, qualixl calcule les indicateurs et signale les incohérences ; "
                                "l'équipe les examine en revue qualité."),
        ("step", "3. Décider", "Les décisions de la revue sont notées dans « Revues qualité » et deviennent "
                               "des actions du « Plan d'amélioration »."),
        ("step", "4. Agir", "Chaque action a un responsable, une échéance et un statut, tenus à jour "
                            "jusqu'à sa réalisation."),
        ("step", "5. Vérifier", "L'efficacité de chaque action réalisée est évaluée ; les indicateurs des mois "
                                "suivants montrent si la situation s'améliore."),
        ("gap",),
        ("heading", "Les feuilles de saisie"),
        ("table_head", "Feuille", "Rôle", "Indicateurs Qualiopi", "Colonnes obligatoires"),
        *(("sheet", s) for s in schema.SHEETS),
        ("prose", f"Feuilles indispensables : {required}. Les autres peuvent manquer : "
                  "les contrôles et indicateurs qui en dépendent sont alors ignorés."),
        ("gap",),
        ("heading", "La routine mensuelle"),
        ("step_command", "qualixl check plan.xlsx", "Vérifie les feuilles de saisie : colonnes manquantes, "
                                                    "dates, valeurs hors liste, références introuvables, "
                                                    "actions en retard."),
        ("step_command", "qualixl refresh plan.xlsx", "Recalcule les indicateurs et réécrit les feuilles "
                                                      "générées, placées en tête du classeur."),
        ("gap",),
        ("heading", "Les feuilles générées"),
        ("prose", f"{', '.join(GENERATED_SHEETS[:-1])} et {GENERATED_SHEETS[-1]} sont produits par qualixl."),
        ("prose", "Ne les modifiez pas : elles sont réécrites à chaque refresh et vos saisies y seraient "
                  "perdues. Le journal garde une ligne par refresh et par import."),
        ("prose", "Vos feuilles de saisie, vos colonnes ajoutées, vos mises en forme et vos propres "
                  "feuilles ne sont jamais modifiées."),
        ("gap",),
        ("heading", "Conseils de saisie"),
        ("prose", "• Les en-têtes bleu foncé sont obligatoires, les autres facultatifs. "
                  "Sélectionnez un en-tête pour lire son aide."),
        ("prose", "• Les dates se saisissent au format jj/mm/aaaa ; les listes déroulantes "
                  "n'acceptent que les valeurs proposées."),
        ("prose", "• Vous pouvez déplacer ou ajouter des colonnes et écrire sous un tableau : "
                  "qualixl retrouve les colonnes par leur en-tête."),
        ("prose", f"• Une colonne dont l'en-tête commence par « {schema.CRITERION_PREFIX} » "
                  f"(par exemple « {schema.CRITERION_PREFIX} Animation ») est un critère noté, moyenné à part."),
        ("prose", f"• Note globale : un nombre sur l'échelle des Paramètres, ou {likert}."),
        ("prose", f"• Les ID sont libres mais uniques (par exemple {examples}) ; une colonne de "
                  "références en accepte plusieurs, séparés par « ; »."),
        ("prose", "• Dans Paramètres, renseignez au moins l'organisme (cases jaunes) ; "
                  "les autres réglages ont une valeur par défaut."),
    ]


def wrapped_height(texts: Sequence[str], widths: Sequence[int]) -> float:
    """Row height for wrapped cells: XlsxWriter can't measure text, and LibreOffice keeps
    the default height, so estimate the line count (one width unit per character)."""
    lines = max(math.ceil(len(text) / width) for text, width in zip(texts, widths, strict=True))
    return LINE_HEIGHT * max(lines, 1)


def write_readme_item(ws: Worksheet, fm: Formats, row: int, item: tuple) -> int:
    """Write one Lisez-moi item at `row`; return the next free row."""
    style, *cells = item
    if style == "gap":
        return row + 1
    if style == "sheet":
        sheet: schema.Sheet = cells[0]
        texts = (sheet.name, sheet.purpose, sheet.indicators, ", ".join(sheet.required_headers))
        ws.set_row(row, wrapped_height(texts, README_WIDTHS))
        ws.write_url(row, 0, f"internal:{quote_sheetname(sheet.name)}!A1", fm.link, string=sheet.name)
        ws.write_string(row, 1, sheet.purpose, fm.cell)
        ws.write_string(row, 2, sheet.indicators, fm.cell)
        ws.write_string(row, 3, ", ".join(sheet.required_headers), fm.cell)
        return row + 1
    if style == "title":
        ws.set_row(row, 30)
    formats = {
        "title": (fm.title,),
        "heading": (fm.heading,) * 4,
        "prose": (fm.prose,),
        "table_head": (fm.table_head,) * 4,
        "step": (fm.cell, fm.cell),
        "step_command": (fm.command, fm.cell),
    }[style]
    if style == "heading":
        cells = [*cells, "", "", ""]
    if style in ("step", "step_command"):  # the explanation spans B:D, merged by the eye
        ws.write_string(row, 0, cells[0], formats[0])
        ws.write_string(row, 1, cells[1], fm.prose)
        return row + 1
    for col, text in enumerate(cells):
        if text:
            ws.write_string(row, col, text, formats[col])
        else:
            ws.write_blank(row, col, None, formats[col])
    return row + 1
