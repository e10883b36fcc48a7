"""The package layer: graft generated sheets into a staff workbook, and check packages.

Knows nothing of Qualiopi. One module per concern, as the file format is laid out:
package.py (bounded zip reading, raw entries), zipwriter.py (raw copies), xml.py (safe
parsing), contenttypes.py, relationships.py, workbook_part.py, styles.py, app_props.py,
custom_props.py (the mark), worksheet.py, previous.py, generated.py, graft.py, verify.py.

Public API:

- graft_sheets(host, generated, output) -> GraftResult: the generated sheets (of one
  package or several) first, then the host's; the previous graft's sheets and everything hanging from them removed;
  every other host part copied byte for byte. A staff sheet bearing the name of a
  generated sheet stops the graft with a French QualixlError (never renamed, never
  replaced).
- generated_sheet_names(path) / inspect_generated(path): the sheets the last graft
  placed, and whether each was edited by hand since.
- values_digests(path, names): the values digest of each named sheet as python-calamine
  reads it, which a graft's mark carries (taken by a renderer, or by the graft itself).
- verify_package(path): relationships resolve, parts have content types, python-calamine
  reads every worksheet; QualixlError otherwise.
"""

from qualixl.ooxml.digest import values_digests
from qualixl.ooxml.graft import GraftResult, graft_sheets
from qualixl.ooxml.inspection import GeneratedSheetInfo, generated_sheet_names, inspect_generated
from qualixl.ooxml.verify import verify_package

__all__ = [
    "GeneratedSheetInfo",
    "GraftResult",
    "generated_sheet_names",
    "graft_sheets",
    "inspect_generated",
    "values_digests",
    "verify_package",
]
