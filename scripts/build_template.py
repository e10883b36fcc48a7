"""Rebuild qualixl/templates/plan_amelioration.xlsx from schema.py.

Run after any change to schema.py or qualixl/template/: the built file is committed and shipped
as package data, and tests/test_template.py fails while it differs from a fresh build.

    python scripts/build_template.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qualixl.template import TEMPLATE_PATH, build_workbook  # noqa: E402


def main() -> None:
    TEMPLATE_PATH.parent.mkdir(parents=True, exist_ok=True)
    build_workbook(TEMPLATE_PATH)
    print(f"Modèle reconstruit : {TEMPLATE_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
