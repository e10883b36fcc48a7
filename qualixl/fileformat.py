"""Tell a readable .xlsx from everything a user may hand us instead, in French.

Users rename files, save as .xls or .ods, protect workbooks with a password, or send
a file cut short by a mail gateway. Each case gets its own message (exit code 2)
before python-calamine sees the bytes. The sniffing and the zip bounds are the
package layer's (`ooxml.package.Package`); this module adds what only a reader of
spreadsheets needs to say: an OpenDocument file, or a zip that is not a workbook.

Bounding the declared sizes is enough for python-calamine: its zip reader stops with an
error as soon as an entry inflates beyond its declared size ("File is larger than its
declared uncompressed size"), so an archive that lies about its sizes is refused after
at most the bytes it declared (tests/test_grids.py builds one).
"""

from __future__ import annotations

from pathlib import Path

from qualixl.errors import QualixlError
from qualixl.ooxml.package import Package


def ensure_xlsx(path: Path) -> None:
    """Raise QualixlError with a French message unless `path` is a sound xlsx/xlsm package."""
    path = Path(path)
    with Package(path) as package:
        names = set(package.names)
        if "mimetype" in names and "content.xml" in names:
            raise QualixlError(
                f"{path.name} est un classeur OpenDocument (.ods) : "
                "enregistrez-le au format Classeur Excel (.xlsx)."
            )
        if package.find("[Content_Types].xml") is None or package.find("xl/workbook.xml") is None:
            raise QualixlError(f"{path.name} est une archive zip mais pas un classeur Excel (.xlsx).")
