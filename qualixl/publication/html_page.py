"""The published results as one standalone HTML page, ready for the provider's website.

No script, no external resource (fonts, styles and everything inline), so the file can
be uploaded as it is or pasted into a CMS; accessible (lang, one h1, a table per
category with its caption and header cells scoped, no meaning carried by colour alone);
printable (a print style sheet, a table never cut inside a row). Every text is escaped.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from itertools import groupby

from qualixl.publication.rows import PublishedRow

_STYLE = """
body{font-family:Calibri,Carlito,Arial,sans-serif;color:#1a1a1a;margin:2rem auto;max-width:70rem;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2rem}
p.meta{color:#444;margin-top:0}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border:1px solid #999;padding:.35rem .5rem;vertical-align:top;text-align:left}
thead th{background:#e8eef5}
td.valeur,td.n{text-align:right;white-space:nowrap}
td.methode{font-size:.92rem}
p.note,td .note{font-style:italic}
@media print{body{margin:0;max-width:none;font-size:10pt}tr{break-inside:avoid}h2{break-after:avoid}}
"""

COLUMNS = ("Indicateur", "Période", "Valeur", "n", "Méthode de calcul")


def _row(r: PublishedRow) -> str:
    note = f'<br><span class="note">{escape(r.note)}</span>' if r.note else ""
    return (
        "<tr>"
        f'<th scope="row">{escape(r.label)}</th>'
        f"<td>{escape(r.period_text)}</td>"
        f'<td class="valeur">{escape(r.value_text)}</td>'
        f'<td class="n">{r.n}</td>'
        f'<td class="methode">{escape(r.method)}{note}</td>'
        "</tr>"
    )


def render_html(rows: list[PublishedRow], organisme: str, as_of: dt.date, referentiel: str) -> str:
    """The whole page as text (UTF-8 declared in the page)."""
    who = organisme or "Organisme de formation"
    out = [
        "<!DOCTYPE html>",
        '<html lang="fr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Indicateurs de résultats — {escape(who)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>Indicateurs de résultats — {escape(who)}</h1>",
        f'<p class="meta">Résultats arrêtés au {as_of:%d/%m/%Y}, publiés au titre de l\'indicateur 2 du '
        f"Référentiel national qualité ({escape(referentiel)}). Chaque taux est donné avec son effectif (n) "
        "et sa méthode de calcul.</p>",
    ]
    header = "".join(f'<th scope="col">{escape(c)}</th>' for c in COLUMNS)
    for category, group in groupby(rows, key=lambda r: r.category_text):
        out += [
            f"<section><h2>{escape(category)}</h2>",
            "<table>",
            f"<caption>Résultats — {escape(category)}</caption>",
            f"<thead><tr>{header}</tr></thead>",
            "<tbody>",
            *(_row(r) for r in group),
            "</tbody></table></section>",
        ]
    if not rows:
        out.append('<p class="note">Aucun résultat à publier : renseignez les sessions et les appréciations.</p>')
    out += [
        '<p class="meta">Effectif faible : moins de 10 réponses ou bénéficiaires ; le résultat est publié à titre '
        "indicatif. Document produit par qualixl.</p>",
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)
