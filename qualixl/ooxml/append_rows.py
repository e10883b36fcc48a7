"""Append rows below the last row of one worksheet, at the part level, every other part copied raw.

Why: staff sheets carry tables, x14 drop-downs, comments and charts that openpyxl drops on
save (DESIGN.md, promise 1), and 100,000 appraisals are ~100 MB of XML whose DOM takes
gigabytes. So the part is streamed twice: `_scan` finds `</sheetData>` and the last `<row>`;
`_splice` copies the bytes with the new rows inserted and `<dimension ref>` widened. Only
the head (before `<sheetData>`) and the last row are parsed, to learn column styles.
Text is always an inline string, never a formula; dates are serials styled like the
column's cells (last data row, `<col style>`, else any date style; jj/mm/aaaa text if none).
The table headed on the header row gets its `ref` and autoFilter `ref` extended, in bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from qualixl.addresses import column_index, column_letter
from qualixl.errors import QualixlError
from qualixl.ooxml import relationships as rels
from qualixl.ooxml.model import Model
from qualixl.ooxml.package import Package
from qualixl.ooxml.xml import NS_MAIN, parse, q
from qualixl.ooxml.zipwriter import ZipWriter

MAX_HEAD = 64 * 1024**2  # bytes before <sheetData>: sheet properties, views, column widths
MAX_ROWS = 1_048_576  # Excel's last row
Row = Mapping[int, object]  # 0-based column index -> str | int | float | bool | date | datetime | None

_NAME = rb"(?:[A-Za-z_][\w.\-]*:)?"
_TAG = re.compile(rb"<(" + _NAME + rb")(sheetData|row)(?=[\s/>])([^>]*)>|</" + _NAME + rb"sheetData\s*>")
_R_ATTR = re.compile(rb"\sr\s*=\s*[\"'](\d+)[\"']")
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)[\s/>]")
_DIMENSION = re.compile(rb"<" + _NAME + rb"dimension\b[^>]*?\sref\s*=\s*([\"'])([^\"']*)\1")
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BUILTIN_DATES = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


@dataclass(frozen=True)
class Appended:
    """Where the new rows went: for verification, the report and the journal."""

    sheet: str
    part: str
    first_row: int
    last_row: int
    table: str | None  # the table part whose ref was extended


@dataclass
class _Layout:
    head: bytes  # the part up to and including <sheetData> (up to <sheetData/> when empty)
    prefix: bytes  # the namespace prefix of sheetData's tag, b"" or b"x:"
    empty_tag: tuple[int, int] | None  # span of a self-closing <sheetData/>
    insert_at: int  # offset of </sheetData>
    last_row: bytes  # the bytes of the last <row> element (b"" without rows)
    last_r: int  # its row number (0 without rows)


def append_rows(src: Path, dest: Path, sheet: str, header_row: int, rows: Sequence[Row]) -> Appended:
    """Write to `dest` the package `src` with `rows` appended to worksheet `sheet`."""
    with Package(Path(src)) as pkg:
        model = Model(pkg)
        ref = next((s for s in model.sheets if s.name == sheet), None)
        if ref is None or ref.part is None or not ref.rel_type.endswith("/worksheet"):
            raise QualixlError(f"{pkg.path.name} : la feuille « {sheet} » est introuvable ou n'est pas une feuille de calcul.")
        where = f"{pkg.path.name} ({ref.part})"
        layout = _scan(pkg.iter_chunks(ref.part), where)
        first = max(layout.last_r, header_row) + 1
        last = first + len(rows) - 1
        if last > MAX_ROWS:
            raise QualixlError(f"La feuille « {sheet} » dépasserait la dernière ligne d'Excel ({MAX_ROWS}).")
        col_styles, row_styles = _column_styles(layout, where, header_row)
        dates, fallback, date1904 = _date_styles(model)

        @functools.cache  # per column and kind of value: the same for every appended row
        def style(col: int, is_date: bool) -> int | None:
            found = row_styles.get(col, next((s for lo, hi, s in col_styles if lo <= col + 1 <= hi), 0))
            return fallback if is_date and found not in dates else found

        prefix = layout.prefix.decode("ascii")
        body = "".join(_row_xml(first + i, row, prefix, style, date1904) for i, row in enumerate(rows))
        edits = _sheet_edits(layout, body.encode("utf-8"), max((c for r in rows for c in r), default=0), last)
        tables = _table_edits(model, ref.part, header_row, last)
        with Path(dest).open("wb") as handle:
            writer = ZipWriter(handle)
            for info in pkg.infos:
                if info.filename == ref.part:
                    writer.write_chunks(info.filename, _splice(pkg.iter_chunks(ref.part), edits, where), info.date_time)
                elif info.filename in tables:
                    writer.write(info.filename, tables[info.filename], info.date_time)
                else:
                    writer.copy_raw(info, pkg.raw_chunks(info))
            writer.close()
    return Appended(sheet, ref.part, first, last, next(iter(tables), None))


def _scan(chunks: Iterable[bytes], where: str) -> _Layout:
    """Pass 1: the head, where <sheetData> ends, and the last row, in one bounded stream."""
    buf, base, pos, head, prefix = b"", 0, 0, None, b""
    last_at, last_r = None, 0
    for chunk in chunks:
        buf += chunk
        while (m := _TAG.search(buf, pos)) is not None:
            pos = m.end()
            name = m.group(2)
            if head is None:
                if name != b"sheetData":
                    continue
                prefix = m.group(1)
                if m.group(3).rstrip().endswith(b"/"):
                    return _Layout(buf[: m.start()], prefix, (base + m.start(), base + m.end()), base + m.start(), b"", 0)
                head = buf[: m.end()]
            elif name == b"row":
                last_at = m.start()
                number = _R_ATTR.search(m.group(3))
                last_r = int(number.group(1)) if number else last_r + 1
            elif name is None:
                last = buf[last_at : m.start()] if last_at is not None else b""
                return _Layout(head, prefix, None, base + m.start(), last, last_r)
        if head is None:
            if len(buf) > MAX_HEAD:
                break
            continue
        cut = last_at if last_at is not None else pos
        buf, base, pos = buf[cut:], base + cut, pos - cut
        last_at = 0 if last_at is not None else None
    raise QualixlError(f"{where} : la feuille n'a pas de zone de données lisible. Le classeur est peut-être endommagé.")


def _splice(chunks: Iterable[bytes], edits: list[tuple[int, int, bytes]], where: str) -> Iterator[bytes]:
    """Pass 2: the part's bytes with each (start, end) span replaced, streamed."""
    source, pending = iter(chunks), b""

    def advance(count: int, emit: bool) -> Iterator[bytes]:
        nonlocal pending
        while count > 0:
            if not pending:
                pending = next(source, b"")
                if not pending:
                    raise QualixlError(f"{where} : la feuille a changé pendant sa lecture.")
            piece, pending = pending[:count], pending[count:]
            count -= len(piece)
            if emit:
                yield piece

    cursor = 0
    for start, end, replacement in sorted(edits):
        yield from advance(start - cursor, True)
        yield replacement
        yield from advance(end - start, False)
        cursor = end
    yield pending  # the rest of the current chunk (maybe b"")
    yield from source


def _sheet_edits(layout: _Layout, body: bytes, max_col: int, last: int) -> list[tuple[int, int, bytes]]:
    """The rows before `</sheetData>` (or a `<sheetData>` in place of `<sheetData/>`), the dimension widened."""
    p = layout.prefix
    start, end = layout.empty_tag or (layout.insert_at, layout.insert_at)
    open_, close = (b"<" + p + b"sheetData>", b"</" + p + b"sheetData>") if layout.empty_tag else (b"", b"")
    edits = [(start, end, open_ + body + close)]
    dim = _DIMENSION.search(layout.head)
    if dim is not None:
        edits.append((dim.start(2), dim.end(2), _widen(dim.group(2).decode("ascii", "replace"), max_col, last).encode()))
    return edits


def _widen(ref: str, max_col: int, last: int) -> str:
    """`A1:K5` widened to reach column `max_col` (0-based) and row `last`."""
    c1, r1, c2, r2 = _range(ref) or (0, 1, 0, 1)
    return f"{column_letter(c1)}{r1}:{column_letter(max(c2, max_col))}{max(r2, last)}"


def _range(ref: str) -> tuple[int, int, int, int] | None:
    """`B3:K6` -> (1, 3, 10, 6): 0-based columns, 1-based rows; a single cell is a 1x1 range."""
    corners = [_CELL.match(part) for part in ref.split(":")]
    if len(corners) not in (1, 2) or None in corners:
        return None
    (c1, r1), (c2, r2) = [(column_index(m.group(1)), int(m.group(2))) for m in (corners[0], corners[-1])]
    return min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)


def _column_styles(layout: _Layout, where: str, header_row: int) -> tuple[list[tuple[int, int, int]], dict[int, int]]:
    """`<col>` styles (min, max, s) and the last data row's cell styles (column -> s)."""
    root = _ROOT.search(layout.head)
    if root is None:
        raise QualixlError(f"{where} : XML illisible. Le classeur est peut-être endommagé.")
    close = b"</" + root.group(1) + b">"
    doc = layout.head + close if layout.empty_tag else layout.head + layout.last_row + b"</" + layout.prefix + b"sheetData>" + close
    tree = parse(doc, where)
    cols = [(int(c.get("min", "0")), int(c.get("max", "0")), int(c.get("style", "0")))
            for c in tree.iter(q(NS_MAIN, "col")) if c.get("style", "0").isdigit()]
    styles: dict[int, int] = {}
    if layout.last_r > header_row:
        index = -1
        for cell in tree.iter(q(NS_MAIN, "c")):
            match = _CELL.match(cell.get("r", ""))
            index = column_index(match.group(1)) if match else index + 1
            if cell.get("s", "0").isdigit():
                styles[index] = int(cell.get("s", "0"))
    return cols, styles


def _date_styles(model: Model) -> tuple[set[int], int | None, bool]:
    """Indexes of cellXfs that show a date, the first of them (the fallback), the 1904 date system."""
    props = model.workbook.find(q(NS_MAIN, "workbookPr"))
    date1904 = props is not None and props.get("date1904", "0").lower() in ("1", "true")
    part = model.workbook_part(rels.STYLES)
    if part is None:
        return set(), None, date1904
    root = model.pkg.read_xml(part)
    codes = {n.get("numFmtId", ""): n.get("formatCode", "") for n in root.iter(q(NS_MAIN, "numFmt"))}
    xfs = root.find(q(NS_MAIN, "cellXfs"))
    found = set()
    for index, xf in enumerate(x for x in (xfs if xfs is not None else []) if x.tag == q(NS_MAIN, "xf")):
        fmt = xf.get("numFmtId", "0")
        if (fmt.isdigit() and int(fmt) in _BUILTIN_DATES) or re.search(r"[dmy]", _FORMAT_NOISE.sub("", codes.get(fmt, "")), re.I):
            found.add(index)
    return found, min(found, default=None), date1904


def _row_xml(number: int, row: Row, p: str, style, date1904: bool) -> str:
    cells = []
    for col in sorted(row):
        value = row[col]
        if value is None or (isinstance(value, float) and value != value):
            continue
        is_date = isinstance(value, (dt.date, dt.datetime))
        s = style(col, is_date)
        if is_date and s is None:
            value, is_date = value.strftime("%d/%m/%Y"), False
        attrs = f' r="{column_letter(col)}{number}"' + (f' s="{s}"' if s else "")
        if isinstance(value, str):
            space = ' xml:space="preserve"' if value != value.strip() or "\n" in value else ""
            cells.append(f'<{p}c{attrs} t="inlineStr"><{p}is><{p}t{space}>{_text(value)}</{p}t></{p}is></{p}c>')
        elif isinstance(value, bool):
            cells.append(f'<{p}c{attrs} t="b"><{p}v>{int(value)}</{p}v></{p}c>')
        else:
            text = repr(_serial(value, date1904) if is_date else float(value)).removesuffix(".0")
            cells.append(f"<{p}c{attrs}><{p}v>{text}</{p}v></{p}c>")
    return f'<{p}row r="{number}">' + "".join(cells) + f"</{p}row>"


@functools.lru_cache(maxsize=4096)  # stakeholders, times, labels repeat down the appended rows
def _text(value: str) -> str:
    """Cell text as Excel escapes it: a literal `_xHHHH_` first, then control characters."""
    value = _EXCEL_ESCAPE.sub(r"_x005F_\1", value)
    value = _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return escape(value).replace("\r", "&#13;")


def _serial(value: dt.date, date1904: bool) -> float:
    value = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
    epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    return (value.replace(tzinfo=None) - epoch).total_seconds() / 86400


def _table_edits(model: Model, part: str, header_row: int, last: int) -> dict[str, bytes]:
    """The table whose header is the sheet's header row, with its ref reaching row `last`."""
    for rel, target in model.rels_of(part).targets():
        name = model.pkg.find(target)
        if not rel.type.endswith("/table") or name is None:
            continue
        data = model.pkg.read(name)
        table = parse(data, f"{model.pkg.path.name} ({name})")
        ref = _range(table.get("ref") or "")
        if ref is None or ref[1] != header_row or table.get("headerRowCount", "1") == "0":
            continue
        if table.get("totalsRowCount", "0") not in ("0", ""):
            raise QualixlError(
                f"Le tableau « {table.get('displayName', '')} » a une ligne de total : "
                "désactivez-la (Création de tableau > Ligne Total) puis relancez la commande."
            )
        for tag in (b"table", b"autoFilter"):
            data = _extend_ref(data, tag, last)
        return {name: data}
    return {}


def _extend_ref(data: bytes, tag: bytes, last: int) -> bytes:
    """Only the `ref` attribute of the first `<tag>` changes; every other byte stays."""
    match = re.search(rb"<" + _NAME + tag + rb"\b[^>]*?\sref\s*=\s*([\"'])([^\"']*)\1", data)
    ref = _range(match.group(2).decode("ascii", "replace")) if match else None
    if ref is None:
        return data
    c1, r1, c2, r2 = ref
    new = f"{column_letter(c1)}{r1}:{column_letter(c2)}{max(r2, last)}".encode("ascii")
    return data[: match.start(2)] + new + data[match.end(2) :]
