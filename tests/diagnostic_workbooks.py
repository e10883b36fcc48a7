"""Small workbooks built by code for the diagnostic and annual-report tests.

`healthy()` returns records (sheet → list of {header: value}) that pass every diagnostic
rule at AS_OF; a test breaks exactly one thing with `change`, `drop` or `without`, then
writes the workbook with `write`:

    records = healthy()
    change(records, PLAN, "ACT-2026-003", Responsable=None)
    path = write(tmp_path, records)
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pandas as pd
import python_calamine
import xlsxwriter
from workbooks import write_workbook

from qualixl import schema
from qualixl.render.context import RenderContext
from qualixl.render.styles import make_formats
from qualixl.schema import APPRECIATIONS, PARAMETRES, PLAN, RECLAMATIONS, REVUES, SESSIONS, SOLLICITATIONS

AS_OF = dt.date(2026, 6, 30)  # the rolling window is 01/07/2025 – 30/06/2026
D = dt.date
PROCEDURE = "Procédure de traitement des réclamations"


def _parameters() -> list[dict]:
    values = {
        "Organisme": "Formations Diagnostic",
        "Catégories d'actions": "Formation; Bilan de compétences",
        PROCEDURE: "https://intranet.example/procedure-reclamations.pdf",
    }
    return [{"Paramètre": p.name, "Valeur": values.get(p.name, p.default)} for p in schema.PARAMETERS]


def _sessions() -> list[dict]:
    return [
        {"ID": "SES-2025-010", "Catégorie": "Formation", "Intitulé": "Tableur avancé", "Date de début": D(2025, 9, 1),
         "Date de fin": D(2025, 9, 5), "Financeur": "OPCO Atlas", "Entreprise": "Durand SA", "Inscrits": 9,
         "Abandons": 0, "Objectifs atteints": 9},
        {"ID": "SES-2026-001", "Catégorie": "Formation", "Intitulé": "Excel initiation", "Date de début": D(2026, 1, 12),
         "Date de fin": D(2026, 1, 14), "Financeur": "OPCO Atlas", "Entreprise": "Durand SA", "Inscrits": 12,
         "Abandons": 1, "Motifs d'abandon": "Déménagement", "Objectifs atteints": 10,
         "Présentés à la certification": 11, "Certifiés": 10},
        {"ID": "SES-2026-002", "Catégorie": "Formation", "Intitulé": "Word", "Date de début": D(2026, 6, 8),
         "Date de fin": D(2026, 6, 10), "Financeur": "OPCO Atlas", "Inscrits": 8, "Abandons": 0,
         "Objectifs atteints": 8},
        {"ID": "SES-2025-020", "Catégorie": "Bilan de compétences", "Intitulé": "Bilan", "Date de début": D(2025, 9, 1),
         "Date de fin": D(2025, 10, 15), "Financeur": "CPF", "Inscrits": 1, "Abandons": 0, "Objectifs atteints": 1},
        {"ID": "SES-2026-021", "Catégorie": "Bilan de compétences", "Intitulé": "Bilan", "Date de début": D(2026, 4, 1),
         "Date de fin": D(2026, 5, 20), "Financeur": "CPF", "Inscrits": 1, "Abandons": 0},
    ]


def _sollicitations() -> list[dict]:
    rows = [
        ("SOL-2025-001", "SES-2025-010", "Bénéficiaire", "À chaud", D(2025, 9, 5), 9),
        ("SOL-2025-002", "SES-2025-010", "Bénéficiaire", "À froid", D(2025, 12, 5), 9),
        ("SOL-2025-003", "SES-2025-020", "Bénéficiaire", "À chaud", D(2025, 10, 15), 1),
        ("SOL-2026-001", "SES-2026-001", "Bénéficiaire", "À chaud", D(2026, 1, 14), 12),
        ("SOL-2026-002", "SES-2026-001", "Financeur", "À froid", D(2026, 4, 14), 1),
        ("SOL-2026-003", "SES-2026-001", "Entreprise", "À froid", D(2026, 4, 14), 1),
        ("SOL-2026-004", "SES-2026-001", "Bénéficiaire", "À froid", D(2026, 4, 14), 12),
        ("SOL-2026-005", "SES-2025-020", "Bénéficiaire", "Six mois", D(2026, 4, 15), 1),
        ("SOL-2026-006", "SES-2026-021", "Bénéficiaire", "À chaud", D(2026, 5, 20), 1),
        ("SOL-2026-007", "SES-2026-002", "Bénéficiaire", "À chaud", D(2026, 6, 10), 8),
    ]
    out = [{"ID": i, "Session": s, "Partie prenante": pp, "Temps": t, "Date d'envoi": d, "Destinataires": n,
            "Date de relance": d + dt.timedelta(days=7)} for i, s, pp, t, d, n in rows]
    # The teaching team asked too (indicator 30 names « équipes pédagogiques »): five days before AS_OF,
    # not yet due for a reminder.
    out.append({"ID": "SOL-2026-008", "Session": "SES-2026-002", "Partie prenante": "Intervenant",
                "Temps": "À chaud", "Date d'envoi": D(2026, 6, 25), "Destinataires": 1})
    return out


def _appreciations() -> list[dict]:
    out = []

    def add(session, who, temps, date, notes):
        for note in notes:
            out.append({"ID": f"APP-{len(out) + 1:04d}", "Date": date, "Session": session, "Partie prenante": who,
                        "Temps": temps, "Note globale": note, "Recommandation": "Oui"})

    add("SES-2025-010", "Bénéficiaire", "À chaud", D(2025, 9, 6), [5, 5, 4, 4, 5, 4, 5, 5])
    add("SES-2025-010", "Bénéficiaire", "À froid", D(2025, 12, 10), [4, 5, 4, 5, 4, 5])
    add("SES-2025-020", "Bénéficiaire", "À chaud", D(2025, 10, 16), [5])
    add("SES-2026-001", "Bénéficiaire", "À chaud", D(2026, 1, 15), [5, 5, 4, 4, 5, 4, 5, 5, 4, 2])
    add("SES-2026-001", "Bénéficiaire", "À froid", D(2026, 4, 20), [4, 5, 4, 5, 5, 4, 4, 5])
    add("SES-2026-001", "Financeur", "À froid", D(2026, 4, 21), [4])
    add("SES-2026-001", "Entreprise", "À froid", D(2026, 4, 22), [5])
    add("SES-2025-020", "Bénéficiaire", "Six mois", D(2026, 4, 20), [5])
    add("SES-2026-021", "Bénéficiaire", "À chaud", D(2026, 5, 21), [5])
    add("SES-2026-002", "Bénéficiaire", "À chaud", D(2026, 6, 11), [5, 4, 5, 5, 4, 5])
    unhappy = next(r for r in out if r["Note globale"] == 2)
    unhappy.update({"Points à améliorer": "Salle trop froide", "Suite donnée": "REC-2026-001; ACT-2026-001"})
    return out


def _reclamations() -> list[dict]:
    return [
        {"ID": "REC-2026-001", "Type": "Réclamation", "Date de réception": D(2026, 1, 20), "Émetteur": "Bénéficiaire",
         "Session": "SES-2026-001", "Catégorie": "Formation", "Objet": "Salle trop froide",
         "Date d'accusé de réception": D(2026, 1, 21), "Responsable": "Julie Roux", "Analyse": "Chauffage en panne",
         "Réponse apportée": "Chauffage réparé", "Date de réponse": D(2026, 1, 28), "Statut": "Clôturée",
         "Date de clôture": D(2026, 2, 1), "Action": "ACT-2026-001"},
        {"ID": "REC-2026-002", "Type": "Aléa", "Date de réception": D(2026, 5, 5), "Émetteur": "Intervenant",
         "Catégorie": "Formation", "Objet": "Vidéoprojecteur en panne", "Analyse": "Lampe usée",
         "Réponse apportée": "Lampe changée", "Date de réponse": D(2026, 5, 6), "Statut": "Clôturée",
         "Date de clôture": D(2026, 5, 6)},
    ]


def _plan() -> list[dict]:
    return [
        {"ID": "ACT-2025-001", "Date d'ouverture": D(2025, 9, 20), "Origine": "Appréciations",
         "Références": "APP-0001", "Constat": "Supports peu lisibles", "Action": "Refaire les supports",
         "Responsable": "Marc Petit", "Échéance": D(2025, 11, 30), "Statut": "Réalisée",
         "Date de réalisation": D(2025, 11, 20), "Date d'évaluation": D(2026, 3, 1), "Efficacité": "Efficace"},
        {"ID": "ACT-2026-001", "Date d'ouverture": D(2026, 1, 22), "Origine": "Réclamation",
         "Références": "REC-2026-001", "Constat": "Salle trop froide", "Action": "Contrat d'entretien chaudière",
         "Responsable": "Julie Roux", "Échéance": D(2026, 2, 15), "Statut": "Réalisée",
         "Date de réalisation": D(2026, 2, 10), "Date d'évaluation": D(2026, 5, 15), "Efficacité": "Efficace"},
        {"ID": "ACT-2026-002", "Date d'ouverture": D(2026, 3, 5), "Origine": "Appréciations",
         "Constat": "Attentes à froid sur la mise en pratique", "Action": "Ajouter un atelier pratique",
         "Responsable": "Marc Petit", "Échéance": D(2026, 5, 30), "Statut": "Réalisée",
         "Date de réalisation": D(2026, 5, 25)},
        {"ID": "ACT-2026-003", "Date d'ouverture": D(2026, 6, 1), "Origine": "Revue qualité",
         "Constat": "Taux de réponse à froid moyen", "Action": "Relance téléphonique à J+7",
         "Responsable": "Marc Petit", "Échéance": D(2026, 9, 30), "Statut": "En cours"},
    ]


def _revues() -> list[dict]:
    dates = [D(2025, 9, 15), D(2025, 12, 10), D(2026, 3, 5), D(2026, 6, 1)]
    return [{"Date": d, "Type": "Revue qualité", "Participants": "Direction, qualité",
             "Sujets analysés": "Appréciations, réclamations, plan", "Décisions": f"Décisions du {d:%d/%m/%Y}",
             "Actions": "ACT-2026-003" if d.month == 6 else None} for d in dates]


def healthy() -> dict[str, list[dict]]:
    """Records that pass every diagnostic rule at AS_OF (fresh copies on every call)."""
    return copy.deepcopy({
        PARAMETRES: _parameters(),
        SESSIONS: _sessions(),
        SOLLICITATIONS: _sollicitations(),
        APPRECIATIONS: _appreciations(),
        RECLAMATIONS: _reclamations(),
        PLAN: _plan(),
        REVUES: _revues(),
    })


def find(records: dict, sheet: str, row_id: str) -> dict:
    key = "Paramètre" if sheet == PARAMETRES else "ID"
    return next(r for r in records[sheet] if r.get(key) == row_id)


def change(records: dict, sheet: str, row_id: str, **values) -> dict:
    """Set cells of the row whose ID (or Paramètre name) is `row_id`; returns `records`."""
    find(records, sheet, row_id).update(values)
    return records


def set_parameter(records: dict, name: str, value) -> dict:
    find(records, PARAMETRES, name)["Valeur"] = value
    return records


def drop(records: dict, sheet: str, predicate) -> dict:
    """Remove the rows for which `predicate(row)` holds."""
    records[sheet] = [r for r in records[sheet] if not predicate(r)]
    return records


def without(records: dict, sheet: str) -> dict:
    """Remove a whole sheet (optional sheets only: the reader requires the others)."""
    records.pop(sheet)
    return records


def add(records: dict, sheet: str, **values) -> dict:
    records[sheet].append(values)
    return records


def write(folder: Path, records: dict, name: str = "plan.xlsx") -> Path:
    """Write the records as a workbook (headers of the contract, in contract order)."""
    sheets = {}
    for sheet, rows in records.items():
        headers = ["Paramètre", "Valeur"] if sheet == PARAMETRES else [c.header for c in schema.SHEETS_BY_NAME[sheet].columns]
        for row in rows:
            unknown = set(row) - set(headers)
            assert not unknown, f"{sheet}: unknown headers {unknown}"
        sheets[sheet] = [headers, *([row.get(h) for h in headers] for row in rows)]
    return write_workbook(Path(folder) / name, sheets)


def plain(text: str) -> str:
    """The text with French non-breaking spaces turned into plain ones (easier to assert on)."""
    return text.replace("\u00a0", " ")


def lines_by_code(folder: Path, records: dict, as_of: dt.date = AS_OF) -> dict:
    """Write `records` and diagnose them: {rule code: DiagnosticLine}."""
    from qualixl.diagnostic import diagnose

    return {line.code: line for line in diagnose(write(folder, records), as_of)}


def context(annual=None, diagnostic=None) -> RenderContext:
    """A RenderContext built by hand, as tests/test_render.py does, with the two new fields set."""
    ctx = RenderContext(organisme="=Formations Diagnostic", as_of=AS_OF, version="9.9.9", exercise="2026",
                        months=[], exercises=["2025", "2026"], kpis=pd.DataFrame(columns=["code", "period", "category"]),
                        findings=[])
    ctx.annual = annual
    ctx.diagnostic = diagnostic
    return ctx


def render(path, ctx, *writers):
    """Run sheet writers into a standalone XlsxWriter workbook, as render_workbook does."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    fm = make_formats(book)
    for write_sheet in writers:
        write_sheet(book, fm, ctx)
    book.close()
    return path


def grid(path, name):
    """The cell values of one sheet, as calamine reads them."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
