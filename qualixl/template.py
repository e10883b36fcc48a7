"""Build the standard workbook from schema.py, and create a user's workbook from it.

`build_workbook` is the one place that knows how an input sheet looks in Excel (a table,
a frozen header, drop-downs, input messages, widths, the date format); everything it
writes is derived from `qualixl.schema`. It streams rows with XlsxWriter's
constant_memory mode, so the demo generator can write a million appraisals without
holding them in memory.

`init_workbook` rebuilds nothing: it copies the packaged template (a test keeps it equal
to a fresh build) and only rewrites the Paramètres sheet part to fill in the
organisation's name, so every other part stays exactly as shipped.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import posixpath
import re
import shutil
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import python_calamine
import xlsxwriter
from lxml import etree
from xlsxwriter.format import Format
from xlsxwriter.sharedstrings import SharedStringTable
from xlsxwriter.utility import quote_sheetname, xl_range
from xlsxwriter.worksheet import Worksheet

from qualixl import schema
from qualixl.errors import QualixlError
from qualixl.safe_write import atomic_write, ensure_not_locked
from qualixl.schema import Column, Kind

TEMPLATE_PATH = Path(__file__).parent / "templates" / "plan_amelioration.xlsx"
README_SHEET = "Lisez-moi"

LAST_ROW = 1_048_575  # zero-based index of Excel's last row: drop-downs cover typed-later rows
EMPTY_TABLE_ROWS = 10  # empty rows shown inside each table of the blank template
HEADER_HEIGHT = 32
LINE_HEIGHT = 15
README_WIDTHS = (30, 62, 13, 44)
A4 = 9  # XlsxWriter's paper code: French users print on A4
DATE_FORMAT = "dd/mm/yyyy"  # shown as jj/mm/aaaa by a French Excel
TABLE_STYLE = "Table Style Medium 2"
# A fixed creation date keeps the template reproducible from one build to the next.
CREATED = dt.datetime(2026, 1, 1)

# Explicit RGB colours: a workbook's theme may differ from Office's default one.
NAVY = "#1F3864"
BLUE = "#2F5597"
SKY = "#5B7FBF"
PALE = "#DDEBF7"
INPUT_FILL = "#FFF2CC"
WHITE = "#FFFFFF"
INK = "#262626"

# The Paramètres sheet is a key/value list: its two schema columns, in that order.
_PARAM_KEY, _PARAM_VALUE = (c.header for c in schema.SHEETS_BY_NAME[schema.PARAMETRES].columns)
# A help column beside them; readers ignore columns they don't know.
EXPLANATION = Column(
    "Explication",
    help="Aide sur le paramètre (colonne d'information, ignorée par qualixl).",
    width=70,
)

_RATE_FORMATS = {"taux": "0%", "moyenne": "0.0", "nombre": "0", "jours": "0"}


# ---------------------------------------------------------------------------
# build_workbook


@dataclass(frozen=True)
class _Formats:
    """Every cell format of the workbook, created once (XlsxWriter dedupes none of them)."""

    title: Format
    heading: Format
    prose: Format
    table_head: Format
    cell: Format
    link: Format
    command: Format
    header_required: Format
    header_optional: Format
    date: Format
    integer: Format
    to_fill: Format
    to_fill_number: Format
    wrap: Format
    by_unit: dict[str, Format]


@dataclass(frozen=True)
class _Styled:
    """A cell value with its own format, for the few pre-filled cells that need one.

    It is not one of the plain types of the fast path, so wrapping costs nothing on the
    million-row sheets that never use it.
    """

    value: object
    fmt: Format


def _make_formats(wb: xlsxwriter.Workbook) -> _Formats:
    base = {"font_name": "Calibri", "font_size": 11, "font_color": INK}

    def fmt(**props) -> Format:
        return wb.add_format({**base, **props})

    header = {"bold": True, "font_color": WHITE, "text_wrap": True, "valign": "vcenter", "border": 1,
              "border_color": WHITE}
    return _Formats(
        title=fmt(bold=True, font_size=18, font_color=NAVY),
        heading=fmt(bold=True, font_size=13, font_color=BLUE, bottom=2, bottom_color=BLUE),
        prose=fmt(),
        table_head=fmt(bold=True, font_color=WHITE, bg_color=BLUE, text_wrap=True, valign="top"),
        cell=fmt(text_wrap=True, valign="top", bottom=1, bottom_color=PALE),
        link=fmt(font_color="#0563C1", underline=1, valign="top", bottom=1, bottom_color=PALE),
        command=fmt(font_name="Consolas", bg_color="#F2F2F2", valign="top"),
        header_required=fmt(**header, bg_color=NAVY),
        header_optional=fmt(**header, bg_color=SKY),
        date=fmt(num_format=DATE_FORMAT),
        integer=fmt(num_format="0"),
        to_fill=fmt(bg_color=INPUT_FILL, border=1, border_color="#BFBFBF"),
        to_fill_number=fmt(bg_color=INPUT_FILL, border=1, border_color="#BFBFBF", align="left"),
        wrap=fmt(text_wrap=True, valign="top"),
        by_unit={unit: fmt(num_format=code) for unit, code in _RATE_FORMATS.items()},
    )


def build_workbook(
    path: str | Path,
    *,
    parameters: Mapping[str, object] | None = None,
    rows: Mapping[str, Sequence[Sequence[object]]] | None = None,
) -> None:
    """Write the standard workbook: Lisez-moi, then every input sheet of schema.SHEETS.

    `parameters` overrides Paramètres default values by parameter name. `rows` maps a
    sheet name to its data rows, each a tuple in the sheet's schema column order (None
    for an empty cell); Indicateurs rows replace the default targets. Text is always
    written as text, never as a formula, whatever its first character. XlsxWriter writes
    the file only on close, so a build that fails leaves no file behind.
    """
    _check_inputs(parameters or {}, rows or {})
    wb = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
         "strings_to_urls": False},
    )
    wb.set_properties({
        "title": "Plan d'amélioration continue Qualiopi",
        "subject": "Indicateurs 30, 31 et 32 du Référentiel national qualité",
        "author": "qualixl",
        "created": CREATED,
    })
    fm = _make_formats(wb)
    _write_readme(wb, fm)
    for sheet in schema.SHEETS:
        _write_sheet(wb, fm, sheet, parameters or {}, rows or {})
    wb.close()


def _check_inputs(parameters: Mapping[str, object], rows: Mapping[str, object]) -> None:
    """Catch a misspelt sheet or parameter name at once instead of silently ignoring it."""
    unknown = sorted(set(parameters) - set(schema.PARAMETERS_BY_NAME))
    if unknown:
        raise ValueError(f"Unknown parameter(s): {unknown}")
    unknown = sorted(set(rows) - set(schema.SHEETS_BY_NAME))
    if unknown:
        raise ValueError(f"Unknown sheet(s): {unknown}")
    if schema.PARAMETRES in rows:
        raise ValueError("Paramètres is filled from `parameters`, not from `rows`")


def _write_sheet(wb, fm: _Formats, sheet: schema.Sheet, parameters, rows) -> None:
    """Write one input sheet; the two pre-filled sheets get their default rows."""
    columns = sheet.columns
    if sheet.name == schema.PARAMETRES:
        columns = (*columns, EXPLANATION)
        data = _parameter_rows(fm, parameters)
    elif sheet.name == schema.INDICATEURS and sheet.name not in rows:
        data = _indicator_rows(fm, sheet)
    else:
        data = rows.get(sheet.name, ())
    ws = _start_input_sheet(wb, fm, sheet.name, columns, len(data))
    _write_rows(ws, data, len(columns), fm.date, sheet.name)
    if sheet.name == schema.PARAMETRES:
        _add_parameter_lists(ws)


def _parameter_rows(fm: _Formats, overrides: Mapping[str, object]) -> list[tuple]:
    """One row per schema parameter: name, value (yellow: to be filled), explanation."""
    out = []
    for param in schema.PARAMETERS:
        value = overrides.get(param.name, param.default)
        if value == "":
            value = None
        fill = fm.to_fill if value is None or isinstance(value, str) else fm.to_fill_number
        out.append((param.name, _Styled(value, fill), param.help))
    return out


def _indicator_rows(fm: _Formats, sheet: schema.Sheet) -> list[tuple]:
    """One row per KPI with its default target, rates formatted as percentages."""
    out = []
    for kpi in schema.KPIS:
        unit_fmt = fm.by_unit.get(kpi.unit, fm.by_unit["nombre"])
        values = {
            "Code": kpi.code,
            "Libellé": kpi.label,
            "Indicateur Qualiopi": kpi.rnq,
            "Cible": _Styled(kpi.target, unit_fmt),
            "Seuil d'alerte": _Styled(kpi.alert, unit_fmt),
            "Sens": kpi.direction,
        }
        out.append(_in_column_order(sheet, values))
    return out


def _in_column_order(sheet: schema.Sheet, values: Mapping[str, object]) -> tuple:
    """Place values by header, so a reordering of the schema's columns cannot shift them."""
    for header in values:
        sheet.column(header)  # KeyError if the schema renamed a column
    return tuple(values.get(col.header) for col in sheet.columns)


def _add_parameter_lists(ws: Worksheet) -> None:
    """Drop-downs on the value cells of the choice parameters (Début d'exercice)."""
    col = 1  # the Valeur column, beside Paramètre
    for row, param in enumerate(schema.PARAMETERS, start=1):
        if param.kind is Kind.CHOICE:
            ws.data_validation(row, col, row, col, _list_validation(param.choices, param.help, param.name))


# --- input sheets ------------------------------------------------------------


def _start_input_sheet(wb, fm: _Formats, name: str, columns: Sequence[Column], n_rows: int) -> Worksheet:
    """Lay out a sheet before any data row: widths, header table, frozen row, validations."""
    ws = wb.add_worksheet(name)
    for col, column in enumerate(columns):
        ws.set_column(col, col, column.width, _column_format(fm, column))
    ws.set_row(0, HEADER_HEIGHT)
    _add_header_table(ws, name, columns, n_rows or EMPTY_TABLE_ROWS, fm)
    ws.freeze_panes(1, 0)
    _print_setup(ws)
    ws.repeat_rows(0)
    for col, column in enumerate(columns):
        _add_column_validations(ws, col, column)
    return ws


def _print_setup(ws: Worksheet) -> None:
    """Landscape A4, one page wide: the workbook is printed or exported to PDF for audits."""
    ws.set_paper(A4)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)


def _column_format(fm: _Formats, column: Column) -> Format | None:
    """The format of a column's empty cells, so dates typed later show as jj/mm/aaaa."""
    if column.kind is Kind.DATE:
        return fm.date
    if column.kind is Kind.INTEGER:
        return fm.integer
    if column.width >= 28 and column.kind is Kind.TEXT:
        return fm.wrap
    return None


def _add_header_table(ws: Worksheet, name: str, columns: Sequence[Column], data_rows: int,
                      fm: _Formats) -> None:
    """Declare the Excel table over the header and `data_rows` rows, in constant_memory mode.

    XlsxWriter refuses add_table() in constant_memory mode, and on a full-size range it
    records every cell of the range in a dict (gigabytes for a million rows). So the table
    is declared over the header and one row with constant_memory briefly off and a scratch
    shared-string table (the header names must not leak into the workbook's
    sharedStrings part), the header is then written again as ordinary inline strings, and
    the table's range is stretched to its real size. Called before any other cell is written.
    """
    last_col = len(columns) - 1
    options = {
        "name": table_name(name),
        "style": TABLE_STYLE,
        "columns": [{"header": column.header} for column in columns],
    }
    saved = ws.constant_memory, ws.str_table
    ws.constant_memory, ws.str_table = False, SharedStringTable()
    try:
        status = ws.add_table(0, 0, 1, last_col, options)
    finally:
        ws.constant_memory, ws.str_table = saved
    if status != 0:
        raise RuntimeError(f"add_table() failed ({status}) on sheet {name!r}")
    table = ws.tables[-1]
    table["range"] = xl_range(0, 0, data_rows, last_col)
    table["a_range"] = table["range"]
    table["autofilter"] = table["range"]
    for col, column in enumerate(columns):
        ws.write_string(0, col, column.header, fm.header_required if column.required else fm.header_optional)


def table_name(sheet_name: str) -> str:
    """An Excel table name for a sheet: ASCII letters only, e.g. tbl_PlanDAmelioration."""
    words = re.split(r"[^0-9a-z]+", schema.normalize(sheet_name))
    return "tbl_" + "".join(word.capitalize() for word in words if word)


def _add_column_validations(ws: Worksheet, col: int, column: Column) -> None:
    """Help on the header cell; a drop-down (or, for a score, help) on every cell below."""
    if column.help:
        ws.data_validation(0, col, 0, col, {
            "validate": "any",
            "input_title": _clip(column.header, 32),
            "input_message": _clip(column.help, 255),
        })
    if column.kind is Kind.CHOICE:
        ws.data_validation(1, col, LAST_ROW, col, _list_validation(column.choices, column.help, column.header))
    elif column.kind is Kind.SCORE:
        ws.data_validation(1, col, LAST_ROW, col, {
            "validate": "any",
            "input_title": _clip(column.header, 32),
            "input_message": _clip(column.help, 255),
        })


def _list_validation(choices: Sequence[str], help_text: str, title: str) -> dict:
    """A drop-down that stops any value outside `choices` (the contract calls it an error)."""
    for choice in choices:
        if "," in choice or '"' in choice:
            raise ValueError(f"List value {choice!r} cannot sit in an inline drop-down")
    return {
        "validate": "list",
        "source": list(choices),
        "input_title": _clip(title, 32),
        "input_message": _clip(help_text, 255),
        "error_title": "Valeur hors liste",
        "error_message": _clip("Choisissez une valeur de la liste : " + ", ".join(choices) + ".", 255),
    }


def _clip(text: str, limit: int) -> str:
    """Excel's limits on validation titles (32) and messages (255), in UTF-16 units."""
    if len(text.encode("utf-16-le")) // 2 <= limit:
        return text
    return text[: limit - 1] + "…"


def _write_rows(ws: Worksheet, rows: Sequence[Sequence[object]], width: int, date_fmt: Format,
                sheet_name: str) -> None:
    """Stream data rows from row 2 down; the hot loop of a million-row demo.

    Plain str/int/float/date values take the fast branches; anything else goes through
    `_write_value`. Strings always go through write_string, never as formulas.
    """
    write_string = ws.write_string
    write_number = ws.write_number
    write_datetime = ws.write_datetime
    date_types = (dt.date, dt.datetime)
    for r, row in enumerate(rows, start=1):
        if len(row) > width:
            raise ValueError(f"{sheet_name}: row {r + 1} has {len(row)} values for {width} columns")
        for c, value in enumerate(row):
            kind = type(value)
            if kind is str:
                if value:
                    write_string(r, c, value)
            elif value is None:
                continue
            elif kind is float or kind is int:
                if value == value:  # NaN is an empty cell
                    write_number(r, c, value)
            elif kind in date_types:
                write_datetime(r, c, value, date_fmt)
            else:
                _write_value(ws, r, c, value, None, date_fmt)


def _write_value(ws: Worksheet, r: int, c: int, value: object, fmt: Format | None, date_fmt: Format) -> None:
    """The slow path: styled cells, booleans, pandas/numpy scalars, str subclasses."""
    if isinstance(value, _Styled):
        if value.value is None:
            ws.write_blank(r, c, None, value.fmt)
        else:
            _write_value(ws, r, c, value.value, value.fmt, date_fmt)
    elif value is None or value != value:  # None, NaN, NaT
        return
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value, fmt)
    elif isinstance(value, str):
        ws.write_string(r, c, str(value), fmt)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(r, c, value.replace(tzinfo=None), fmt or date_fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, value, fmt or date_fmt)
    elif isinstance(value, numbers.Real):
        ws.write_number(r, c, float(value), fmt)
    else:
        raise TypeError(f"Cannot write {type(value).__name__} value {value!r} at row {r + 1}, column {c + 1}")


# --- Lisez-moi ----------------------------------------------------------------


def _write_readme(wb, fm: _Formats) -> None:
    """The first sheet: what the workbook is for and how to keep it, in French."""
    ws = wb.add_worksheet(README_SHEET)
    ws.hide_gridlines(2)
    _print_setup(ws)
    for col, width in enumerate(README_WIDTHS):
        ws.set_column(col, col, width)
    row = 0
    for item in _readme_content():
        row = _write_readme_item(ws, fm, row, item)


def _readme_content() -> list[tuple]:
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
        ("prose", "Tableau de bord, évolution, contrôles et journal sont produits par qualixl."),
        ("prose", "Ne les modifiez pas : elles sont réécrites à chaque refresh et vos saisies y seraient "
                  "perdues. Le journal garde une ligne par refresh."),
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


def _wrapped_height(texts: Sequence[str], widths: Sequence[int]) -> float:
    """Row height for wrapped cells: XlsxWriter can't measure text, and LibreOffice keeps
    the default height, so estimate the line count (one width unit per character)."""
    lines = max(math.ceil(len(text) / width) for text, width in zip(texts, widths, strict=True))
    return LINE_HEIGHT * max(lines, 1)


def _write_readme_item(ws: Worksheet, fm: _Formats, row: int, item: tuple) -> int:
    """Write one Lisez-moi item at `row`; return the next free row."""
    style, *cells = item
    if style == "gap":
        return row + 1
    if style == "sheet":
        sheet: schema.Sheet = cells[0]
        texts = (sheet.name, sheet.purpose, sheet.indicators, ", ".join(sheet.required_headers))
        ws.set_row(row, _wrapped_height(texts, README_WIDTHS))
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


# ---------------------------------------------------------------------------
# init_workbook

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE_DOCUMENT = DOC_REL_NS + "/officeDocument"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def init_workbook(path: str | Path, *, organisme: str = "", force: bool = False) -> None:
    """Create a new workbook at `path` from the packaged template, with Organisme filled in.

    Refuses to replace an existing file unless `force`; writes through a verified temporary
    file, so a failure leaves nothing half-written.
    """
    target = Path(path)
    _check_target(target, force)
    template = _template_file()
    name = organisme.strip()

    def write(tmp: Path) -> None:
        if name:
            _copy_with_parameter(template, tmp, "Organisme", name)
        else:
            shutil.copyfile(template, tmp)

    try:
        atomic_write(target, write, lambda tmp: _verify_new_workbook(tmp, name))
    except OSError as exc:
        raise QualixlError(f"Impossible d'écrire {target} : {exc.strerror or exc}.") from exc


def _check_target(target: Path, force: bool) -> None:
    """Refuse a wrong extension or an existing file; create the folder if needed."""
    if target.suffix.lower() != ".xlsx":
        raise QualixlError(f"Le classeur à créer doit porter l'extension .xlsx : {target.name}")
    if target.is_dir():
        raise QualixlError(f"{target} est un dossier : indiquez le nom du classeur à créer (.xlsx).")
    if target.exists() and not force:
        raise QualixlError(f"{target} existe déjà : ajoutez --force pour le remplacer.")
    ensure_not_locked(target)
    folder = target.parent
    if str(folder) and not folder.is_dir():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise QualixlError(f"Impossible de créer le dossier {folder} : {exc.strerror or exc}.") from exc


def _template_file() -> Path:
    if not TEMPLATE_PATH.is_file():
        raise QualixlError(
            f"Modèle introuvable ({TEMPLATE_PATH}) : l'installation de qualixl est incomplète, réinstallez-le."
        )
    return TEMPLATE_PATH


def _copy_with_parameter(template: Path, dest: Path, parameter: str, value: str) -> None:
    """Copy every zip entry as is, except the Paramètres sheet part with `parameter` set."""
    with zipfile.ZipFile(template) as src:
        part = sheet_part(src, schema.PARAMETRES)
        new_xml = _set_parameter(src.read(part), parameter, value, _shared_strings(src))
        with zipfile.ZipFile(dest, "w") as dst:
            for info in src.infolist():
                dst.writestr(info, new_xml if info.filename == part else src.read(info))


def _parse(data: bytes) -> etree._Element:
    """Parse package XML without DTDs, entities or network access."""
    if b"<!DOCTYPE" in data:
        raise QualixlError("Le modèle contient une déclaration DOCTYPE : fichier refusé.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(data, parser)


def sheet_part(zf: zipfile.ZipFile, sheet_name: str) -> str:
    """The zip entry name of a worksheet, found through the workbook's relationships."""
    root_rels = _parse(zf.read("_rels/.rels"))
    book = next(
        rel.get("Target").lstrip("/") for rel in root_rels.iter(f"{{{REL_NS}}}Relationship")
        if rel.get("Type") == OFFICE_DOCUMENT
    )
    folder, base = posixpath.split(book)
    workbook = _parse(zf.read(book))
    rel_id = next(
        (s.get(f"{{{DOC_REL_NS}}}id") for s in workbook.iter(f"{{{MAIN_NS}}}sheet") if s.get("name") == sheet_name),
        None,
    )
    if rel_id is None:
        raise QualixlError(f"Feuille « {sheet_name} » absente du modèle.")
    rels = _parse(zf.read(posixpath.join(folder, "_rels", base + ".rels")))
    target = next(r.get("Target") for r in rels.iter(f"{{{REL_NS}}}Relationship") if r.get("Id") == rel_id)
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    """The shared strings, in case a template was saved by a tool that uses them."""
    name = "xl/sharedStrings.xml"
    if name not in zf.namelist():
        return []
    root = _parse(zf.read(name))
    return ["".join(si.itertext()) for si in root.iter(f"{{{MAIN_NS}}}si")]


def _set_parameter(sheet_xml: bytes, parameter: str, value: str, shared: Sequence[str]) -> bytes:
    """Return the Paramètres sheet XML with `parameter`'s value cell set to `value` as text."""
    root = _parse(sheet_xml)
    rows = root.findall(f"{{{MAIN_NS}}}sheetData/{{{MAIN_NS}}}row")
    if not rows:
        raise QualixlError(f"Feuille « {schema.PARAMETRES} » vide dans le modèle.")
    headers = {schema.normalize(_cell_text(c, shared)): _column_of(c) for c in rows[0]}
    key_col = headers.get(schema.normalize(_PARAM_KEY))
    value_col = headers.get(schema.normalize(_PARAM_VALUE))
    if key_col is None or value_col is None:
        raise QualixlError(f"En-têtes « {_PARAM_KEY} » / « {_PARAM_VALUE} » absents du modèle.")
    for row in rows[1:]:
        cells = {_column_of(c): c for c in row}
        key = cells.get(key_col)
        if key is not None and schema.normalize(_cell_text(key, shared)) == schema.normalize(parameter):
            _set_inline_string(_cell_in_row(row, value_col, cells), value)
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    raise QualixlError(f"Paramètre « {parameter} » absent du modèle.")


def _column_of(cell: etree._Element) -> str:
    match = _CELL_REF.match(cell.get("r", ""))
    if not match:
        raise QualixlError("Cellule sans référence dans le modèle.")
    return match.group(1)


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - ord("A") + 1
    return index


def _cell_text(cell: etree._Element, shared: Sequence[str]) -> str:
    kind = cell.get("t")
    if kind == "inlineStr":
        node = cell.find(f"{{{MAIN_NS}}}is")
        return "".join(node.itertext()) if node is not None else ""
    value = cell.findtext(f"{{{MAIN_NS}}}v") or ""
    if kind == "s" and value.isdigit() and int(value) < len(shared):
        return shared[int(value)]
    return value


def _cell_in_row(row: etree._Element, col: str, cells: Mapping[str, etree._Element]) -> etree._Element:
    """The row's cell in column `col`, created at its sorted place if the row lacks it."""
    if col in cells:
        return cells[col]
    cell = etree.Element(f"{{{MAIN_NS}}}c", r=f"{col}{row.get('r')}")
    later = [c for letters, c in cells.items() if _column_index(letters) > _column_index(col)]
    if later:
        later[0].addprevious(cell)
    else:
        row.append(cell)
    row.attrib.pop("spans", None)  # an optional hint that may no longer cover the row
    return cell


def _set_inline_string(cell: etree._Element, text: str) -> None:
    """Make `cell` an inline string holding `text`, escaped as Excel escapes it."""
    for child in list(cell):
        cell.remove(child)
    cell.set("t", "inlineStr")
    node = etree.SubElement(etree.SubElement(cell, f"{{{MAIN_NS}}}is"), f"{{{MAIN_NS}}}t")
    node.text = excel_escape(text)
    if text != text.strip():
        node.set(XML_SPACE, "preserve")


def excel_escape(text: str) -> str:
    """Escape text as Excel does in cell XML: literal `_xHHHH_` first, then control characters."""
    text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
    return _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _verify_new_workbook(path: Path, organisme: str) -> None:
    """Re-open the written file with python-calamine: every sheet there, Organisme as asked."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            names = list(book.sheet_names)
            params = book.get_sheet_by_name(schema.PARAMETRES).to_python() if schema.PARAMETRES in names else []
        finally:
            book.close()
    except Exception as exc:  # noqa: BLE001 - any parser failure means an unsound file
        raise QualixlError(f"Le classeur produit est illisible ({exc}) : rien n'a été écrit.") from exc
    expected = [README_SHEET, *(s.name for s in schema.SHEETS)]
    missing = [name for name in expected if name not in names]
    if missing:
        raise QualixlError(f"Le classeur produit n'a pas les feuilles {', '.join(missing)} : rien n'a été écrit.")
    if organisme and _parameter_value(params, "Organisme") != organisme:
        raise QualixlError("Le nom de l'organisme n'a pas pu être inscrit dans Paramètres : rien n'a été écrit.")


def _parameter_value(grid: Sequence[Sequence[object]], parameter: str) -> object:
    """Read a parameter's value from a calamine grid whose first row holds the headers."""
    if not grid:
        return None
    header = [schema.normalize(h) for h in grid[0]]
    try:
        key, value = header.index(schema.normalize(_PARAM_KEY)), header.index(schema.normalize(_PARAM_VALUE))
    except ValueError:
        return None
    for row in grid[1:]:
        if schema.normalize(row[key]) == schema.normalize(parameter):
            return row[value]
    return None
