"""Bilan annuel: the annual quality report, one block per exercise, laid out for an A4 landscape print.

The figures come ready-made on `ctx.annual` (qualixl.diagnostic.build_annual). The
print is one page wide whatever fonts the reader has (fit to 1 page wide, pages tall
left free), the banner's first two rows repeat on every page, and each exercise, then
its actions, start on a new page (manual breaks).
"""

from __future__ import annotations

from qualixl import figures, schema
from qualixl.diagnostic.annual import NOT_EVALUATED, ActionRow, AnnualReport, ExerciseReport
from qualixl.diagnostic.rates import SMALL_SAMPLE_LABEL
from qualixl.figures import plural
from qualixl.render.banner import BANNER_ROWS, TITLE_HEIGHT, print_setup, write_banner
from qualixl.render.context import ANNUAL, LOOP, RenderContext
from qualixl.render.printing import DEFAULT_ROW_HEIGHT, LANDSCAPE, Pager, row_height
from qualixl.render.styles import NAVY, Formats

WIDTHS = (14, 44, 14, 11, 18, 12, 9, 11, 14)
LAST_COL = len(WIDTHS) - 1
HEADING_ROOM = 5 * DEFAULT_ROW_HEIGHT  # a heading, its table's header and its first rows
HEADLINE_HEADERS = ("RNQ", "Indicateur", "{now}", "n", "IC 95 %", "{before}", "n", "Cible", "Statut")


class _Writer:
    """Rows strictly top to bottom (constant_memory), paged as they go.

    A table that runs onto the next page starts that page with its header row again (a
    sheet can repeat only one band of rows, and each section has its own table), and a
    heading never ends a page without the first rows of its table.
    """

    def __init__(self, book, sheet, fm: Formats):
        self.sheet, self.fm, self.row = sheet, fm, BANNER_ROWS
        self.pager = Pager(LANDSCAPE, WIDTHS, heights={0: TITLE_HEIGHT})
        self.table: list[tuple[int, str, int | None]] | None = None
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top", "border": 1, "border_color": "#BFBFBF"}
        self.wrap = book.add_format({**base, "text_wrap": True})
        self.centred = book.add_format({**base, "text_wrap": True, "align": "center"})
        self.section = book.add_format({"font_name": "Calibri", "bold": True, "font_size": 13, "font_color": NAVY,
                                        "bottom": 2, "bottom_color": NAVY})
        self.heading = book.add_format({"font_name": "Calibri", "bold": True, "font_size": 11, "font_color": NAVY})
        self.note = book.add_format({"font_name": "Calibri", "font_size": 10, "valign": "top", "text_wrap": True})

    def text(self, col: int, value: str, fmt=None, last: int | None = None) -> None:
        fmt = fmt or self.wrap
        if last is not None and last > col:
            self.sheet.merge_range(self.row, col, self.row, last, value, fmt)
        else:
            self.sheet.write_string(self.row, col, value, fmt)

    def title(self, value: str, fmt, last: int | None = None) -> None:
        """A section or sub-section title: kept on a page with what follows it; ends the previous table."""
        self.table = None
        self.pager.keep_together(self.row, HEADING_ROOM)
        if fmt is self.section:
            self.pager.set_row(self.sheet, self.row, 20)
        self.text(0, value, fmt, last)

    def date(self, col: int, value) -> None:
        if value is None:
            self.sheet.write_string(self.row, col, "", self.fm.text)
        else:
            self.sheet.write_datetime(self.row, col, value, self.fm.date)

    def header(self, cells: list[tuple[int, str, int | None]]) -> None:
        self.table = cells
        self._write_header()

    def _write_header(self) -> None:
        for col, label, last in self.table or ():
            self.text(col, label, self.fm.header, last)

    def next(self, step: int = 1) -> None:
        self.row += step

    def fit(self, *cells: tuple[str, int, int | None]) -> None:
        """Size the current row for wrapped (text, first column, last column) cells; call before writing it."""
        sized = [(text, sum(WIDTHS[first:(last if last is not None else first) + 1])) for text, first, last in cells]
        self.place(row_height(sized))

    def place(self, height: float = DEFAULT_ROW_HEIGHT) -> None:
        """Give the current table row its height; on a new page, repeat the table's header above it."""
        if self.pager.room(self.row) < height and self.pager.used(self.row) > 0:
            self.pager.page_break(self.row)
            if self.table:
                self._write_header()
                self.row += 1
        self.pager.set_row(self.sheet, self.row, height)

    def page_break(self) -> None:
        if self.row > BANNER_ROWS:
            self.pager.page_break(self.row)


def write_annual(book, fm: Formats, ctx: RenderContext) -> None:
    """Write the sheet from `ctx.annual` (an AnnualReport; absent → an explanatory row)."""
    sheet = book.add_worksheet(ANNUAL)
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    sheet.hide_gridlines(2)
    write_banner(sheet, fm, ctx, ANNUAL)
    w = _Writer(book, sheet, fm)
    report: AnnualReport | None = getattr(ctx, "annual", None)
    if report is None or not report.exercises:
        sheet.write_string(w.row, 0, "Bilan annuel non calculé.", fm.subtitle)
    else:
        for index, exercise in enumerate(report.exercises):
            if index:
                w.page_break()
            _exercise(w, exercise)
    print_setup(sheet, ctx)
    w.pager.apply(sheet)
    sheet.print_area(0, 0, max(w.row, BANNER_ROWS), LAST_COL)


def _exercise(w: _Writer, ex: ExerciseReport) -> None:
    span = f"du {ex.start:%d/%m/%Y} au {ex.end:%d/%m/%Y}"
    state = f" — en cours, arrêté au {ex.cutoff:%d/%m/%Y}" if ex.running else " — clos"
    w.title(f"Exercice {ex.label} ({span}){state}", w.section, LAST_COL)
    w.next(2)
    _headlines(w, ex)
    w.next(2)
    _complaints(w, ex)
    w.next(1)
    w.page_break()
    _done_actions(w, ex)
    w.next(2)
    _open_actions(w, ex)
    w.next(2)
    _reviews(w, ex)
    w.next(2)


def _headlines(w: _Writer, ex: ExerciseReport) -> None:
    w.title("1. Indicateurs clés de l'exercice, comparés à l'exercice précédent", w.heading)
    w.next()
    labels = {"{now}": f"Exercice {ex.label}", "{before}": f"Exercice {ex.previous_label}"}
    # An exercise before the first row of the workbook has nothing to compare with: dashes, not n = 0.
    compared = any(h.previous is not None or h.previous_n for h in ex.headlines)
    w.header([(c, labels.get(h, h), None) for c, h in enumerate(HEADLINE_HEADERS)])
    fm = w.fm
    for h in ex.headlines:
        w.next()
        label = h.label + (f" ({figures.excluded_note(h.excluded)})" if h.excluded else "")
        interval = h.estimate.interval_text if h.estimate else ""
        if h.estimate and h.estimate.small:
            interval = f"{interval}\n{SMALL_SAMPLE_LABEL}"
        w.fit((interval, 4, None), (label, 1, None))
        w.text(0, h.rnq, fm.text)
        w.text(1, label, fm.wrap if h.excluded else fm.text)
        _number(w, 2, h.value, h.code)
        w.sheet.write_number(w.row, 3, h.n, fm.integer)
        w.text(4, interval, w.centred)
        _number(w, 5, h.previous, h.code)
        if compared:
            w.sheet.write_number(w.row, 6, h.previous_n, fm.integer)
        else:
            w.text(6, "—", fm.centered)
        w.text(7, f"{h.direction} {_target(h.target, h.unit)}", fm.centered)
        w.text(8, h.status or "", fm.status.get(h.status, fm.text) if h.status else fm.text)


def _number(w: _Writer, col: int, value, code: str) -> None:
    """A KPI value, written rounded as it is displayed everywhere (qualixl.figures)."""
    if value is None:
        w.text(col, "—", w.fm.text)
    else:
        w.sheet.write_number(w.row, col, figures.shown(code, value), w.fm.values[figures.unit_of(code)])


def _target(value: float, unit: str) -> str:
    return figures.target(value, unit)


def _complaints(w: _Writer, ex: ExerciseReport) -> None:
    w.title("2. Réclamations, difficultés et aléas par catégorie", w.heading)
    w.next()
    types = schema.COMPLAINT_TYPES
    w.header([(0, "Catégorie", 1), *((2 + i, f"{t}s", None) for i, t in enumerate(types)),
              (2 + len(types), "Total", None)])
    if not ex.complaints:
        w.next()
        w.text(0, "Aucune réclamation, difficulté ni aléa enregistré sur l'exercice.", w.wrap, LAST_COL)
        return
    for category, counts in ex.complaints:
        w.next()
        w.place()
        w.text(0, category, w.fm.text, 1)
        for i, t in enumerate(types):
            w.sheet.write_number(w.row, 2 + i, counts.get(t, 0), w.fm.integer)
        w.sheet.write_number(w.row, 2 + len(types), sum(counts.values()), w.fm.integer)


def _done_actions(w: _Writer, ex: ExerciseReport) -> None:
    w.title("3. Actions réalisées et efficacité", w.heading)
    w.next()
    counts = ex.effectiveness
    parts = ", ".join(plural(n, k.lower()) for k, n in counts.items() if n)
    done = plural(ex.done_total, "action réalisée", "actions réalisées")
    line = f"{done} sur l'exercice" + (f" : {parts}." if parts else ".")
    # The rate is the KPI record of the exercise (actions opened in it), never a recount of this list.
    effect = next((h for h in ex.headlines if h.code == "ACT_EFFICACITE"), None)
    if effect is not None and effect.value is not None and effect.n:
        line += (f" {effect.label} : {figures.kpi_value(effect.code, effect.value)} "
                 f"(n = {effect.n}, actions ouvertes sur l'exercice).")
    if not ex.done_total:
        w.text(0, "Aucune action réalisée sur l'exercice.", w.wrap, LAST_COL)
        return
    w.text(0, line, w.fm.subtitle)
    w.next(2)
    _by_origin(w, ex)
    w.next(2)
    w.title("Détail des actions réalisées", w.heading)
    _elsewhere(w, ex.done_total, len(ex.done_actions), "plus récentes")
    w.next()
    w.header([(0, "ID", None), (1, "Action", None), (2, "Origine", None), (3, "Échéance", None),
              (4, "Responsable", None), (5, "Réalisée le", None), (6, "Efficacité", LAST_COL)])
    for a in ex.done_actions:
        w.next()
        effectiveness = _effectiveness(a)
        w.fit((a.action, 1, None), (a.origin, 2, None), (a.owner, 4, None), (effectiveness, 6, LAST_COL))
        _action_start(w, a)
        w.date(5, a.done)
        w.text(6, effectiveness, w.wrap, LAST_COL)


def _by_origin(w: _Writer, ex: ExerciseReport) -> None:
    """Every action realised in the exercise, counted by origin and by effectiveness."""
    w.title("Actions réalisées par origine", w.heading)
    w.next()
    kinds = list(ex.effectiveness)
    w.header([(0, "Origine", 1), (2, "Réalisées", None),
              *((3 + i, kind, LAST_COL if i == len(kinds) - 1 else None) for i, kind in enumerate(kinds))])
    for origin, counts in ex.done_by_origin:
        w.next()
        w.place()
        w.text(0, origin, w.fm.text, 1)
        w.sheet.write_number(w.row, 2, sum(counts.values()), w.fm.integer)
        for i, kind in enumerate(kinds):
            if i == len(kinds) - 1:
                w.sheet.merge_range(w.row, 3 + i, w.row, LAST_COL, counts[kind], w.fm.integer)
            else:
                w.sheet.write_number(w.row, 3 + i, counts[kind], w.fm.integer)


def _elsewhere(w: _Writer, total: int, listed: int, which: str) -> None:
    """Under a list's title, when it shows only part of the actions: which ones, and where all of them are
    (a line of its own, wrapped across the page, so that a print never cuts it)."""
    if total <= listed:
        return
    note = (f"Ci-dessous, les {figures.number(listed)} {which} sur {figures.number(total)} ; toutes, avec leurs "
            f"sources, sont dans la feuille « {LOOP} ».")
    w.next()
    w.fit((note, 0, LAST_COL))
    w.text(0, note, w.note, LAST_COL)


def _effectiveness(a: ActionRow) -> str:
    """The Efficacité, or when it is not known yet, whether its evaluation is already due (the fact)."""
    if a.effectiveness:
        return a.effectiveness
    if a.evaluate_from is not None and not a.evaluation_due:
        return f"À évaluer à partir du {a.evaluate_from:%d/%m/%Y}"
    return NOT_EVALUATED


def _action_start(w: _Writer, a: ActionRow) -> None:
    w.text(0, a.id, w.wrap)
    w.text(1, a.action)
    w.text(2, a.origin)
    w.date(3, a.due)
    w.text(4, a.owner)


def _open_actions(w: _Writer, ex: ExerciseReport) -> None:
    w.title("4. Actions en cours : axes de progrès pour l'exercice suivant", w.heading)
    w.next()
    if not ex.open_total:
        w.text(0, f"Aucune action en cours au {ex.cutoff:%d/%m/%Y}.", w.wrap, LAST_COL)
        return
    running = plural(ex.open_total, "action en cours", "actions en cours")
    w.text(0, f"{running} au {ex.cutoff:%d/%m/%Y}, dont {figures.number(ex.open_late)} en retard.", w.fm.subtitle)
    _elsewhere(w, ex.open_total, len(ex.open_actions), "aux échéances les plus proches")
    w.next()
    w.header([(0, "ID", None), (1, "Action", None), (2, "Origine", None), (3, "Échéance", None),
              (4, "Responsable", None), (5, "Statut", None), (6, "Retard (jours)", LAST_COL)])
    for a in ex.open_actions:
        w.next()
        w.fit((a.action, 1, None), (a.origin, 2, None), (a.owner, 4, None), (a.status, 5, None))
        _action_start(w, a)
        status = a.status
        if a.done_after_cutoff:
            status = f"Réalisée le {a.done:%d/%m/%Y}"
        w.text(5, status)
        if a.days_late:
            w.sheet.merge_range(w.row, 6, w.row, LAST_COL, a.days_late, w.fm.integer)
        else:
            w.text(6, "", w.fm.text, LAST_COL)


def _reviews(w: _Writer, ex: ExerciseReport) -> None:
    w.title("5. Revues qualité tenues", w.heading)
    w.next()
    w.header([(0, "Date", None), (1, "Décisions", None), (2, "Type", None), (3, "Participants", 5),
              (6, "Actions", LAST_COL)])
    if not ex.reviews:
        w.next()
        w.text(0, "Aucune revue qualité enregistrée sur l'exercice.", w.wrap, LAST_COL)
    for r in ex.reviews:
        w.next()
        w.fit((r.decisions, 1, None), (r.type, 2, None), (r.participants, 3, 5), (r.actions, 6, LAST_COL))
        w.date(0, r.date)
        w.text(1, r.decisions)
        w.text(2, r.type)
        w.text(3, r.participants, w.wrap, 5)
        w.text(6, r.actions, w.wrap, LAST_COL)
