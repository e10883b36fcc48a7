"""The generated sheets as XlsxWriter writes them, before any graft."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import openpyxl
import pandas as pd
import pytest
import python_calamine

from qualixl import schema
from qualixl.checks import Finding
from qualixl.render import GENERATED_SHEETS, RenderContext, render_workbook
from qualixl.render.context import CONTROLS, NOTICE

MONTHS = [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)]


def kpi_row(code, period, value, n, category=None, status=None):
    return {"code": code, "period": period, "category": category, "value": value,
            "numerator": None, "denominator": None, "n": n, "status": status}


@pytest.fixture
def context():
    rows = [kpi_row("SAT_TAUX", m, 0.5 + i / 50, 10 + i) for i, m in enumerate(MONTHS)]
    rows += [kpi_row("REC_NB", m, 3, 3) for m in MONTHS]
    rows += [kpi_row("REC_NB", m, 2, 2, category="Formation") for m in MONTHS]
    rows += [
        kpi_row("SAT_TAUX", "2026", 0.9, 120, status=schema.STATUS_MET),
        {**kpi_row("SAT_TAUX", "12M", 0.82, 100, status=schema.STATUS_ALERT), "numerator": 82, "denominator": 100},
        {**kpi_row("REC_AR_DELAI", "12M", 0.5, 4), "numerator": 2, "denominator": 4},
        kpi_row("ACT_RETARD", "2026-11-25", 4, 4, status=schema.STATUS_MISSED),
    ]
    findings = [
        Finding(schema.ERROR, "Plan d'amélioration", "D14", "liste", "=HYPERLINK(\"http://x\")", "32"),
        Finding(schema.WARNING, "Appréciations", "B7", "date_texte", "+33 6 12", "30"),
    ]
    return RenderContext(
        organisme="=Forma Plus",
        as_of=dt.date(2026, 11, 25),
        version="9.9.9",
        exercise="2026",
        months=MONTHS,
        exercises=["2025", "2026"],
        kpis=pd.DataFrame(rows),
        findings=findings,
        targets={"SAT_TAUX": 0.9},
        action_status={"Réalisée": 7, "En cours": 2},
        action_origin={"Réclamation": 3, "Appréciations": 6},
        referentiel="V10",
        journal_rows=[[dt.datetime(2026, 10, 31, 9, 30), "refresh", dt.date(2026, 10, 31), "9.9.8",
                       1, 2, 3, 4, 5, 6, 0, 1, 0.8, 2, 1, "ab" * 32, ""]],
    )


@pytest.fixture
def generated(tmp_path, context):
    path = tmp_path / "generated.xlsx"
    render_workbook(path, context)
    return path


def grid(path, sheet):
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def test_sheets_in_order_with_banner(generated):
    book = python_calamine.CalamineWorkbook.from_path(str(generated))
    assert book.sheet_names == list(GENERATED_SHEETS)
    for name in GENERATED_SHEETS:
        rows = grid(generated, name)
        assert rows[0][0] == f"{name} — =Forma Plus"
        assert rows[1][0] == "Exercice 2026 · arrêté au 25/11/2026 · référentiel RNQ V10 · qualixl 9.9.9"
        assert rows[2][0] == NOTICE


def test_dashboard_tiles_show_value_n_target_status(generated):
    rows = grid(generated, "Tableau de bord")
    header = rows[4]
    assert header[:3] == ["Indicateur", "RNQ", "Exercice 2026"]
    sat = next(r for r in rows if r[0] == "Taux de satisfaction")
    assert sat[2:6] == [0.9, 120.0, 0.82, 100.0]
    assert sat[7:10] == ["≥ 90,0\u00a0%", "atteint", "alerte"]
    late = next(r for r in rows if r[0] == "Actions en retard")
    assert late[2] == 4.0 and late[8] == "non atteint"
    assert late[6] == ""  # no interval for a count
    # A KPI without data shows a dash, never 0.
    mean = next(r for r in rows if r[0] == "Note globale moyenne")
    assert mean[2] == "—"


def test_dashboard_rates_carry_a_wilson_interval_and_flag_small_samples(generated):
    rows = grid(generated, "Tableau de bord")
    sat = next(r for r in rows if r[0] == "Taux de satisfaction")
    # Wilson 95 %, 82/100: centre (0.82 + 1.96²/200) / (1 + 1.96²/100) = 0.839208 / 1.038416 = 0.8082,
    # half-width 1.96·sqrt(0.82·0.18/100 + 1.96²/40000) / 1.038416 = 1.96 · 0.039649 / 1.038416 = 0.0748.
    assert sat[6] == "[73,3\u00a0% ; 88,3\u00a0%]"
    ack = next(r for r in rows if r[0] == "Accusés de réception dans le délai")
    # On its own line of the wrapped cell, so the interval is never cut at the column's edge.
    assert ack[6].endswith("\néchantillon faible")


def test_dashboard_chart_data_last_twelve_months(generated):
    rows = grid(generated, "Tableau de bord")
    start = next(i for i, r in enumerate(rows) if r[0] == "Mois")
    months = [r[0] for r in rows[start + 1 : start + 13]]
    assert months[:3] == ["janv. 2026", "févr. 2026", "mars 2026"] and months[-1] == "déc. 2026"
    # The satisfaction chart's axis labels carry the month's n.
    assert rows[start + 1][8:10] == [22.0, "janv. 26\nn = 22"]
    first = rows[start + 1]
    # Formation 2 of 3 complaints, the other one is not tied to a category.
    assert first[1] == pytest.approx(0.5 + 12 / 50)
    assert first[2] == 0.9
    assert first[3:8] == [2.0, 0.0, 0.0, 0.0, 1.0]


def test_charts_are_native_and_read_by_openpyxl(generated):
    book = openpyxl.load_workbook(generated)
    assert len(book["Tableau de bord"]._charts) == 4
    assert len(book["Évolution"]._charts) == 6
    with zipfile.ZipFile(generated) as package:
        charts = sorted(n for n in package.namelist() if n.startswith("xl/charts/chart"))
        assert len(charts) == 10
        # Empty months are gaps, said explicitly (the schema's default would be zero).
        for name in charts:
            assert '<c:dispBlanksAs val="gap"/>' in package.read(name).decode(), name
        xml = package.read(charts[0]).decode()
        assert "'Tableau de bord'!$B$" in xml


def test_controls_link_to_cells_and_text_is_never_a_formula(generated):
    rows = grid(generated, "Contrôles")
    assert rows[4][0] == "1 erreur, 1 avertissement."
    table = rows[7:9]
    # The rule is named by what it checks, in French, never by its code.
    assert table[0][:4] == ["erreur", "Plan d'amélioration", "D14", "La valeur n'est pas dans la liste permise."]
    assert table[1][3] == "Une date est saisie comme du texte."
    assert table[0][4] == '=HYPERLINK("http://x")'
    with zipfile.ZipFile(generated) as package:
        names = {n for n in package.namelist() if n.startswith("xl/worksheets/sheet")}
        for name in names:
            assert "<f>" not in package.read(name).decode()
        controls = package.read(f"xl/worksheets/sheet{GENERATED_SHEETS.index(CONTROLS) + 1}.xml").decode()
    links = re.findall(r'<hyperlink ref="(\w+)" location="([^"]+)"', controls)
    assert links[0] == ("C8", "'Plan d''amélioration'!D14")


def test_controls_say_when_clean(tmp_path, context):
    context.findings = []
    path = tmp_path / "clean.xlsx"
    render_workbook(path, context)
    rows = grid(path, "Contrôles")
    assert rows[4][0] == "Aucune anomalie."
    assert rows[7][0] == "Aucune anomalie"


def test_journal_keeps_previous_rows(generated):
    rows = grid(generated, "Journal")
    assert rows[4][0] == "Date et heure"
    assert rows[5][0] == dt.datetime(2026, 10, 31, 9, 30)
    assert rows[5][1] == "Actualisation"  # an older row's English operation name, shown in French
    assert rows[5][3] == "9.9.8"
    assert rows[5][-2] == "ab" * 32


def test_trends_one_row_per_month_and_exercise(generated):
    rows = grid(generated, "Évolution")
    end = next(i for i, r in enumerate(rows) if str(r[0]).startswith("Données des graphiques"))
    periods = [r[0] for r in rows[6:end] if r[0]]
    assert periods[:2] == ["janv. 2025", "févr. 2025"] and len(periods) == 26
    assert periods[-2:] == ["Exercice 2025", "Exercice 2026"]
    # Headers name the KPI in French, never by its code; each KPI has a value and an n column.
    sat_col = rows[4].index("Taux de satisfaction")
    assert rows[5][sat_col : sat_col + 2] == ["Valeur", "n"]
    assert not any(re.search(r"[A-Z]{3,}_[A-Z]", str(c)) for c in rows[4])
    assert rows[6][sat_col] == pytest.approx(0.5)
    assert rows[6][sat_col + 1] == 10.0


def test_generated_sheets_are_renumbered_on_bytes_exactly_as_through_lxml(generated):
    """The fast path (regular expressions on XlsxWriter's bytes) and lxml give the same XML."""
    from lxml import etree

    from qualixl.ooxml import worksheet
    from qualixl.ooxml.styles import StyleMaps

    maps = StyleMaps({i: i + 7 for i in range(1, 300)}, {i: i + 2 for i in range(60)})
    with zipfile.ZipFile(generated) as package:
        parts = sorted(n for n in package.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
        assert len(parts) == len(GENERATED_SHEETS)
        for order, part in enumerate(parts):
            data = package.read(part)
            assert worksheet.renumbers_on_bytes(data)
            fast = worksheet.adapt_generated(data, part, maps, [], order == 0)
            slow = worksheet._adapt_tree(data, part, maps, [], order == 0)
            assert fast[1] == slow[1]
            assert etree.tostring(etree.fromstring(fast[0]), method="c14n") == etree.tostring(
                etree.fromstring(slow[0]), method="c14n"
            )
            assert fast[0] != data  # the numbers did change


def test_bytes_renumbering_covers_conditional_formats_columns_and_rows(tmp_path):
    import xlsxwriter
    from lxml import etree

    from qualixl.ooxml import worksheet
    from qualixl.ooxml.styles import StyleMaps

    path = tmp_path / "cf.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Feuille")
    bold, red = book.add_format({"bold": True}), book.add_format({"font_color": "#9C0006"})
    sheet.set_column(0, 1, 20, bold)
    sheet.set_row(0, 30, red)
    sheet.write_string(0, 0, "=1+1", bold)
    sheet.write_number(1, 1, 3, red)
    sheet.conditional_format(1, 1, 5, 1, {"type": "cell", "criteria": ">", "value": 2, "format": red})
    sheet.write_formula(2, 0, "=B2*2")
    book.close()
    with zipfile.ZipFile(path) as package:
        data = package.read("xl/worksheets/sheet1.xml")
    assert b"dxfId=" in data and b"style=" in data
    maps = StyleMaps({i: i + 11 for i in range(1, 10)}, {0: 5})
    fast = worksheet.adapt_generated(data, "cf", maps, [], True)
    slow = worksheet._adapt_tree(data, "cf", maps, [], True)
    assert fast[1] is slow[1] is True  # the formula is seen both ways
    canon = [etree.tostring(etree.fromstring(x[0]), method="c14n") for x in (fast, slow)]
    assert canon[0] == canon[1]
    assert b'dxfId="5"' in fast[0]
