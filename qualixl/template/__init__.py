"""Build the standard workbook from schema.py, and create a user's workbook from it.

`build_workbook` writes the template (Lisez-moi, then every input sheet, all derived from
`qualixl.schema`); `init_workbook` copies the packaged template and fills in the
organisation's name. The modules of this package, one job each:

- build: `build_workbook`, the order of the sheets and the workbook's properties;
- formats: colours, cell formats and page setup shared by every sheet;
- readme_sheet: the Lisez-moi sheet and its French text;
- input_sheets: widths, header table, frozen header and rows of an input sheet;
- parameters_sheet: the Paramètres key/value list and its defaults;
- validations: header help and drop-downs;
- constant_memory_table: the Excel-table workaround for XlsxWriter's streaming mode;
- row_writer: the fast row-streaming loop;
- init: `init_workbook`, a verified copy of the packaged template;
- package_xml: the in-place edit of the Paramètres part of that copy.

Everything scripts and tests imported from the former `qualixl/template.py` module is
re-exported here, so `from qualixl.template import …` keeps working unchanged.
"""

from __future__ import annotations

from qualixl.template.build import CREATED, build_workbook
from qualixl.template.constant_memory_table import TABLE_STYLE, table_name
from qualixl.template.formats import A4, BLUE, DATE_FORMAT, INK, INPUT_FILL, NAVY, PALE, SKY, WHITE
from qualixl.template.init import TEMPLATE_PATH, init_workbook
from qualixl.template.input_sheets import EMPTY_TABLE_ROWS, HEADER_HEIGHT
from qualixl.template.package_xml import (
    DOC_REL_NS,
    MAIN_NS,
    OFFICE_DOCUMENT,
    REL_NS,
    XML_SPACE,
    excel_escape,
    sheet_part,
)
from qualixl.template.parameters_sheet import EXPLANATION
from qualixl.template.readme_sheet import LINE_HEIGHT, README_SHEET, README_WIDTHS
from qualixl.template.validations import LAST_ROW

__all__ = [
    "A4",
    "BLUE",
    "CREATED",
    "DATE_FORMAT",
    "DOC_REL_NS",
    "EMPTY_TABLE_ROWS",
    "EXPLANATION",
    "HEADER_HEIGHT",
    "INK",
    "INPUT_FILL",
    "LAST_ROW",
    "LINE_HEIGHT",
    "MAIN_NS",
    "NAVY",
    "OFFICE_DOCUMENT",
    "PALE",
    "README_SHEET",
    "README_WIDTHS",
    "REL_NS",
    "SKY",
    "TABLE_STYLE",
    "TEMPLATE_PATH",
    "WHITE",
    "XML_SPACE",
    "build_workbook",
    "excel_escape",
    "init_workbook",
    "sheet_part",
    "table_name",
]
