"""Regenerate the README's table of sheets from schema.py.

    python scripts/update_readme.py

tests/test_template.py fails while README.md is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qualixl.docs import update_readme  # noqa: E402

README = ROOT / "README.md"


def main() -> None:
    text = README.read_text(encoding="utf-8")
    new = update_readme(text)
    if new != text:
        README.write_text(new, encoding="utf-8")
        print("README.md mis à jour.")
    else:
        print("README.md déjà à jour.")


if __name__ == "__main__":
    main()
