"""The published results as a CSV file for a website or a spreadsheet (French Excel opens it as is).

Semicolon-separated, UTF-8 with a byte-order mark, one line per published figure. The
value is given twice: as the KPI record's number (decimal point, for programs) and as
French users read it (82,5 %).
"""

from __future__ import annotations

import csv
import io

from qualixl.publication.rows import PublishedRow

HEADERS = ("Catégorie", "Indicateur", "Code", "Période", "Période (texte)", "Valeur", "Valeur affichée",
           "Numérateur", "Dénominateur", "n", "Méthode de calcul", "Remarque")


def _plain(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def render_csv(rows: list[PublishedRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for r in rows:
        writer.writerow((r.category_text, r.label, r.code, r.period, r.period_text, _plain(r.value), r.value_text,
                         _plain(r.numerator), _plain(r.denominator), r.n, r.method, r.note))
    return "\ufeff" + buffer.getvalue()
