"""Rebuild the template from schema.py: templates/plan_amelioration.xlsx and the package's copy.

Run after any change to schema.py or qualixl/template/. Both files are committed: the
top-level one is the template the design names (where a user browsing the repository
finds it), the package's copy, qualixl/templates/plan_amelioration.xlsx, is shipped as
package data for `qualixl init`. They are the same bytes (the build is deterministic);
tests/test_template.py fails while either differs from a fresh build or from the other.

    python scripts/build_template.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qualixl.template import TEMPLATE_PATH, build_workbook  # noqa: E402

TOP_LEVEL = ROOT / "templates" / TEMPLATE_PATH.name


def main() -> None:
    TEMPLATE_PATH.parent.mkdir(parents=True, exist_ok=True)
    build_workbook(TEMPLATE_PATH)
    TOP_LEVEL.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATE_PATH, TOP_LEVEL)
    for path in (TOP_LEVEL, TEMPLATE_PATH):
        print(f"Modèle reconstruit : {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
