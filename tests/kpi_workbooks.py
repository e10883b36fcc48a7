"""Small KPI fixtures: rows as dicts of contract headers, as a Dataset in memory or an .xlsx.

    sheets = {APPRECIATIONS: [response(D(2026, 1, 10), 5)], ...}
    dataset = make_dataset(sheets, parameters={"Début d'exercice": "septembre"})
    path = write_book(tmp_path / "plan.xlsx", sheets)

`make_dataset` goes through the real reader (`reading.read_book`) with a stand-in for
the calamine workbook, so a fixture is typed exactly as a file would be, without the
cost of writing one (hypothesis builds hundreds). Only the headers the rows use (plus
the required ones) become columns. The three required sheets are always present.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace

from workbooks import write_workbook

from qualixl import schema
from qualixl.reading import Dataset, read_book
from qualixl.schema import (
    APPRECIATIONS,
    INDICATEURS,
    PARAMETRES,
    PLAN,
    RECLAMATIONS,
    REVUES,
    SESSIONS,
    SOLLICITATIONS,
)

D = dt.date
REQUIRED = (APPRECIATIONS, RECLAMATIONS, PLAN)


def response(date, note, pp="Bénéficiaire", session=None, temps=None, **extra) -> dict:
    return {"ID": extra.pop("ID", None), "Date": date, "Session": session, "Partie prenante": pp, "Temps": temps,
            "Note globale": note, **extra}


def solicitation(sent, recipients, pp="Bénéficiaire", temps="À chaud", session=None, **extra) -> dict:
    return {"ID": extra.pop("ID", None), "Session": session, "Partie prenante": pp, "Temps": temps,
            "Date d'envoi": sent, "Destinataires": recipients, **extra}


def complaint(received, status="Ouverte", kind="Réclamation", ack=None, answered=None, closed=None,
              category=None, session=None, **extra) -> dict:
    return {"ID": extra.pop("ID", None), "Type": kind, "Date de réception": received, "Émetteur": "Bénéficiaire",
            "Objet": "Objet", "Statut": status, "Date d'accusé de réception": ack, "Date de réponse": answered,
            "Date de clôture": closed, "Catégorie": category, "Session": session, **extra}


def action(opened, due, status="En cours", done=None, effect=None, evaluated=None, **extra) -> dict:
    return {"ID": extra.pop("ID", None), "Date d'ouverture": opened, "Origine": "Équipe", "Constat": "Constat",
            "Action": "Action", "Responsable": "Qualité", "Échéance": due, "Statut": status,
            "Date de réalisation": done, "Efficacité": effect, "Date d'évaluation": evaluated, **extra}


def session(id_, category, start, end=None, **counts) -> dict:
    names = {"inscrits": "Inscrits", "abandons": "Abandons", "objectifs": "Objectifs atteints",
             "presentes": "Présentés à la certification", "certifies": "Certifiés"}
    return {"ID": id_, "Catégorie": category, "Intitulé": f"Session {id_}", "Date de début": start,
            "Date de fin": end, **{names.get(k, k): v for k, v in counts.items()}}


def review(date, **extra) -> dict:
    return {"Date": date, "Type": "Revue qualité", "Décisions": "Décisions", **extra}


def _ids(name: str, records: list[dict]) -> list[dict]:
    """Give rows without an ID a unique one (the sheets with an ID column require it)."""
    if schema.SHEETS_BY_NAME[name].key != "ID":
        return records
    prefix = {APPRECIATIONS: "APP", SOLLICITATIONS: "SOL", RECLAMATIONS: "REC", PLAN: "ACT", SESSIONS: "SES"}
    return [{**r, "ID": r.get("ID") or f"{prefix.get(name, 'ID')}-{i + 1:05d}"} for i, r in enumerate(records)]


def grids(
    sheets: Mapping[str, list[dict]],
    parameters: Mapping[str, object] | None = None,
    indicateurs: list[dict] | None = None,
) -> dict[str, list[list]]:
    """Sheet name → rows (header first), the way the reader receives them."""
    out: dict[str, list[list]] = {}
    if parameters is not None:
        out[PARAMETRES] = [["Paramètre", "Valeur"], *([k, v] for k, v in parameters.items())]
    else:
        out[PARAMETRES] = [["Paramètre", "Valeur"], ["Organisme", "Test"]]
    if indicateurs is not None:
        out[INDICATEURS] = _grid(INDICATEURS, indicateurs)
    for name in (*REQUIRED, *(s for s in sheets if s not in REQUIRED)):
        out[name] = _grid(name, _ids(name, list(sheets.get(name, []))))
    return out


def _grid(name: str, records: list[dict]) -> list[list]:
    sheet = schema.SHEETS_BY_NAME[name]
    used = set(sheet.required_headers).union(*(r.keys() for r in records)) if records else set(sheet.required_headers)
    unknown = used - {c.header for c in sheet.columns}
    assert not unknown, f"{name}: unknown headers {unknown}"
    headers = [c.header for c in sheet.columns if c.header in used]
    return [headers, *([r.get(h) for h in headers] for r in records)]


class _Book:
    """Stand-in for python_calamine's workbook: cells as calamine gives them ('' when empty)."""

    def __init__(self, grids: dict[str, list[list]]):
        self.sheet_names = list(grids)
        self._grids = {n: [["" if v is None else (float(v) if type(v) is int else v) for v in row] for row in g]
                       for n, g in grids.items()}

    def get_sheet_by_name(self, name: str):
        return SimpleNamespace(to_python=lambda skip_empty_area=False: self._grids[name])


def make_dataset(sheets, parameters=None, indicateurs=None) -> Dataset:
    return read_book(_Book(grids(sheets, parameters, indicateurs)))


def write_book(path: Path | str, sheets, parameters=None, indicateurs=None, **options) -> Path:
    return write_workbook(path, grids(sheets, parameters, indicateurs), **options)


def write_large_book(path: Path | str, appraisals: int, seed: int = 7) -> Path:
    """A large, plausible workbook for benchmarks (XlsxWriter constant_memory, row by row).

    Two years up to mid-2026: `appraisals` responses, one session per 200 responses, a
    sollicitation per session and stakeholder, complaints (2 %), actions and reviews.
    """
    import random

    import xlsxwriter

    rnd = random.Random(seed)
    start = dt.date(2024, 7, 1)
    day = lambda: start + dt.timedelta(days=rnd.randrange(730))  # noqa: E731
    n_sessions = max(appraisals // 200, 1)
    sessions = [session(f"S{i}", rnd.choice(schema.CATEGORIES), (d := day()), d + dt.timedelta(days=3),
                        inscrits=12, abandons=rnd.randrange(3), objectifs=rnd.randrange(6, 10),
                        presentes=8, certifies=rnd.randrange(5, 9)) for i in range(n_sessions)]
    notes = [5, 4, 3, 2, 1, "Très satisfait", "Satisfait", "Peu satisfait", "Sans opinion"]
    sheets = {
        SESSIONS: sessions,
        SOLLICITATIONS: [solicitation(s["Date de fin"], 120, pp, "À chaud", s["ID"])
                         for s in sessions for pp in ("Bénéficiaire", "Entreprise")],
        APPRECIATIONS: ({"ID": f"APP-{i:07d}", **response(day(), rnd.choice(notes), rnd.choice(("Bénéficiaire", "Entreprise")),
                                                            f"S{rnd.randrange(n_sessions)}", "À chaud")}
                        for i in range(appraisals)),
        RECLAMATIONS: [complaint((d := day()), rnd.choice(schema.COMPLAINT_STATUSES), ack=d + dt.timedelta(days=rnd.randrange(5)),
                                 answered=d + dt.timedelta(days=rnd.randrange(30)), session=f"S{rnd.randrange(n_sessions)}",
                                 ID=f"REC-{i:06d}") for i in range(appraisals // 50)],
        PLAN: [action((d := day()), d + dt.timedelta(days=60), rnd.choice(schema.ACTION_STATUSES),
                      d + dt.timedelta(days=rnd.randrange(90)), rnd.choice(schema.EFFECTIVENESS), ID=f"ACT-{i:05d}")
               for i in range(appraisals // 200)],
        REVUES: [review(start + dt.timedelta(days=91 * i)) for i in range(8)],
    }
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    params = book.add_worksheet(schema.PARAMETRES)
    params.write_row(0, 0, ["Paramètre", "Valeur"])
    params.write_row(1, 0, ["Organisme", "Bench"])
    for name, records in sheets.items():
        sheet = book.add_worksheet(name)
        headers = None
        for r, record in enumerate(records):
            if headers is None:
                headers = list(record)
                sheet.write_row(0, 0, headers)
            for c, h in enumerate(headers):
                value = record.get(h)
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write_datetime(r + 1, c, dt.datetime(value.year, value.month, value.day), date_format)
                elif isinstance(value, (int, float)):
                    sheet.write_number(r + 1, c, value)
                else:
                    sheet.write_string(r + 1, c, value)
    book.close()
    return Path(path)


__all__ = [
    "APPRECIATIONS", "D", "INDICATEURS", "PLAN", "RECLAMATIONS", "REVUES", "SESSIONS", "SOLLICITATIONS",
    "action", "complaint", "grids", "make_dataset", "response", "review", "session", "solicitation", "write_book",
    "write_large_book",
]
