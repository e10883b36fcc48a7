"""Read a survey export (CSV or xlsx) into a header row and value rows, within bounds.

The file comes from outside (a download from Google, Microsoft or LimeSurvey, or a
sheet a colleague retyped), so it is untrusted: its size, row and column counts are
bounded before anything large is built, an xlsx goes through the package layer's
sniffing and zip bounds first, and every failure is a French message.

CSV files arrive in UTF-8 (with or without a BOM, Google and LimeSurvey), UTF-16
(Excel's "texte Unicode") or cp1252 (French Excel's "CSV (séparateur : point-virgule)"),
with `,`, `;` or a tab between fields; the encoding and delimiter are found, not asked.
An xlsx export may hold several sheets (a Google Sheet where staff added a tab before the
responses): each worksheet is read, and the caller picks the responses sheet by its content.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from qualixl import schema
from qualixl.addresses import column_letter
from qualixl.errors import QualixlError
from qualixl.ooxml.package import ZIP_SIGNATURE, Package

MAX_EXPORT_BYTES = 50 * 1024**2
MAX_EXPORT_EXPANDED = 512 * 1024**2  # an xlsx export, all parts uncompressed
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000
MAX_FIELD = MAX_EXPORT_BYTES  # a long verbatim is one field: the csv module's 131,072 default is too small
DELIMITERS = (",", ";", "\t")
SUBHEADER_PLAIN = frozenset(schema.normalize(t) for t in (
    "Response", "Open-Ended Response", "Réponse", "Réponse ouverte", "Other (please specify)",
))


@dataclass
class ExportTable:
    """The raw content of an export: headers (unique, for display) and rows of values."""

    path: Path
    sha256: str
    headers: list[str]
    rows: list[tuple[int, list]]  # (row number in the file, values padded to the headers)
    encoding: str | None = None
    delimiter: str | None = None
    folded: list[str] = field(default_factory=list)  # schema.normalize of each header
    sheet: str | None = None  # the worksheet read, for an xlsx export
    merged: bool = False

    def __post_init__(self) -> None:
        self.folded = [schema.normalize(h) for h in self.headers]

    @property
    def is_xlsx(self) -> bool:
        return self.encoding is None

    def merge_subheader(self) -> None:
        """Fold a second header row (SurveyMonkey) into the headers: `Question [sub-answer]`.

        A question spanning several columns names only its first; the next ones, blank in the
        first row, carry on its text. « Response » / « Open-Ended Response » add nothing.
        """
        if self.merged or not self.rows:
            return
        _, second = self.rows.pop(0)
        headers, question = [], ""
        for index, header in enumerate(self.headers):
            blank = header == f"Colonne {column_letter(index)}"
            question = question if blank and question else header
            sub = " ".join(str(second[index]).split()) if index < len(second) and not _is_empty(second[index]) else ""
            headers.append(question if not sub or schema.normalize(sub) in SUBHEADER_PLAIN else f"{question} [{sub}]")
        self.headers = _unique(headers)
        self.folded = [schema.normalize(h) for h in self.headers]
        self.merged = True


def read_export_file(path: Path | str) -> ExportTable:
    """The first table of `path`; see read_export_tables."""
    return read_export_tables(path)[0]


def read_export_tables(path: Path | str) -> list[ExportTable]:
    """Read `path` (CSV or xlsx, told apart by content) within MAX_* bounds: one table per non-empty sheet."""
    path = Path(path)
    if not path.is_file():
        raise QualixlError(f"Export introuvable : {path}")
    size = path.stat().st_size
    if size > MAX_EXPORT_BYTES:
        raise QualixlError(
            f"L'export {path.name} est trop volumineux ({size // 1024**2} Mo, maximum {MAX_EXPORT_BYTES // 1024**2} Mo) : "
            "exportez les réponses par période."
        )
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    if data.startswith(ZIP_SIGNATURE) or path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        tables = [ExportTable(path, sha256, *_split(path, grid), sheet=name) for name, grid in _xlsx_sheets(path)]
        tables = [t for t in tables if t.headers]
    else:
        text, encoding = _decode(path, data)
        delimiter = _delimiter(text)
        tables = [ExportTable(path, sha256, *_split(path, _csv_rows(path, text, delimiter)), encoding, delimiter)]
        tables = [t for t in tables if t.headers]
    if not tables:
        raise QualixlError(f"L'export {path.name} est vide : aucune ligne d'en-têtes.")
    return tables


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(path, data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(path, data, "utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _strict(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise QualixlError(
            f"L'export {path.name} n'est pas un texte {encoding.upper()} valide (octet {exc.start}) : réexportez-le."
        ) from exc


def _delimiter(text: str) -> str:
    """The candidate that splits the header record into the most fields (`,` on a tie)."""
    head = text[:65536]

    def width(delimiter: str) -> int:
        try:
            return len(next(csv.reader(io.StringIO(head), delimiter=delimiter), []))
        except csv.Error:
            return 0

    return max(DELIMITERS, key=lambda d: (width(d), -DELIMITERS.index(d)))


def _csv_rows(path: Path, text: str, delimiter: str) -> list[tuple[int, list]]:
    rows: list[tuple[int, list]] = []
    if csv.field_size_limit() < MAX_FIELD:  # process-wide, raised once: no export field exceeds the file's bound
        csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1  # the line a record starts on: a quoted verbatim may span several lines
    try:
        for values in reader:
            rows.append((start, values))
            _bound(path, len(rows), len(values))
            start = reader.line_num + 1
    except csv.Error as exc:  # the module's own English text says nothing a user can act on
        raise QualixlError(
            f"L'export {path.name} est illisible vers la ligne {start} (guillemets mal fermés ou caractère nul ?) : "
            "réexportez-le depuis l'outil d'enquête."
        ) from exc
    return rows


def _xlsx_sheets(path: Path) -> list[tuple[str, list[tuple[int, list]]]]:
    """Every worksheet of an xlsx export (name, rows), after the package layer bounded the zip."""
    with Package(path) as pkg:  # sniffing and zip bounds: .xls, password, zip bomb, damaged package
        if sum(info.file_size for info in pkg.infos) > MAX_EXPORT_EXPANDED:
            raise QualixlError(f"L'export {path.name} se décompresse en plus de {MAX_EXPORT_EXPANDED // 1024**2} Mo : refusé.")
        for name in pkg.names:  # actual sizes, not only declared ones, before calamine sees the file
            for _chunk in pkg.iter_chunks(name):
                pass
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types for a damaged package
        raise QualixlError(_unreadable(path)) from exc
    try:
        sheets = [m.name for m in book.sheets_metadata if str(m.typ).endswith("WorkSheet")]
        if not sheets:
            raise QualixlError(f"L'export {path.name} ne contient aucune feuille de calcul.")
        result = []
        for name in sheets:
            rows: list[tuple[int, list]] = []
            for number, values in enumerate(book.get_sheet_by_name(name).iter_rows(), start=1):
                rows.append((number, list(values)))
                _bound(path, len(rows), len(values))
            result.append((name, rows))
        return result
    except QualixlError:
        raise
    except Exception as exc:
        raise QualixlError(_unreadable(path)) from exc
    finally:
        book.close()


def _unreadable(path: Path) -> str:
    """The reader's own text is English and names its internals: the user gets what to do."""
    return (f"L'export {path.name} est illisible (classeur xlsx endommagé ou incomplet) : "
            "téléchargez-le de nouveau depuis l'outil d'enquête, ou enregistrez-le en CSV.")


def _bound(path: Path, rows: int, columns: int) -> None:
    if rows > MAX_ROWS + 1:
        raise QualixlError(f"L'export {path.name} a plus de {MAX_ROWS} réponses : exportez-les par période.")
    if columns > MAX_COLUMNS:
        raise QualixlError(f"L'export {path.name} a plus de {MAX_COLUMNS} colonnes : ce n'est pas un export d'enquête.")


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _split(path: Path, grid: list[tuple[int, list]]) -> tuple[list[str], list[tuple[int, list]]]:
    """Header = first non-empty row; blank headers named by letter; duplicates numbered."""
    start = next((i for i, (_, values) in enumerate(grid) if not all(_is_empty(v) for v in values)), None)
    if start is None:
        return [], []
    raw = list(grid[start][1])
    while raw and _is_empty(raw[-1]):
        raw.pop()
    headers = []
    for index, value in enumerate(raw):
        text = " ".join(str(value).split()) if not _is_empty(value) else f"Colonne {column_letter(index)}"
        headers.append(text[1:] if text.startswith("\ufeff") else text)
    headers = _unique(headers)
    rows = []
    for number, values in grid[start + 1 :]:
        values = [("" if v is None else v) for v in values[: len(headers)]]
        values += [""] * (len(headers) - len(values))
        if not all(_is_empty(v) for v in values):
            rows.append((number, values))
    return headers, rows


def _unique(headers: list[str]) -> list[str]:
    """Duplicate headers numbered (`Question (2)`), so each names one column."""
    out: list[str] = []
    for text in headers:
        base, n = text, 2
        while text in out:
            text, n = f"{base} ({n})", n + 1
        out.append(text)
    return out
