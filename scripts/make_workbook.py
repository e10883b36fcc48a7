"""Generate a demo workbook of any size (the benchmarks use 10k, 100k and 1M appraisals).

    python scripts/make_workbook.py --rows 100000 --output /tmp/plan-100k.xlsx
    python scripts/make_workbook.py --rows 1000000 --output plan-1m.xlsx --seed 7 --today 2026-11-25

The data is that of `qualixl demo` (qualixl.demo.generate), scaled: same arguments, same
workbook. Prints the time taken to generate the rows, to write the workbook, and its size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from qualixl import demo


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une date AAAA-MM-JJ.") from None


def _count(text: str) -> int:
    value = int(text.replace("_", ""))
    if value < 0:
        raise argparse.ArgumentTypeError("le nombre d'appréciations doit être positif.")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Génère un classeur de démonstration de la taille voulue.")
    parser.add_argument("--rows", type=_count, default=2000, help="nombre d'appréciations (défaut : 2000)")
    parser.add_argument("--output", "-o", type=Path, required=True, help="classeur à écrire (.xlsx)")
    parser.add_argument("--seed", type=int, default=2026, help="graine du générateur (défaut : 2026)")
    parser.add_argument("--today", type=_date, default=None, metavar="AAAA-MM-JJ",
                        help="date du jour simulée (défaut : aujourd'hui)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    data = demo.generate(args.rows, seed=args.seed, today=args.today)
    generated = time.perf_counter()
    demo.write_workbook(args.output, data)
    written = time.perf_counter()

    size = args.output.stat().st_size
    counts = ", ".join(f"{name} {_thousands(len(rows))}" for name, rows in data.items())
    print(f"{args.output} : {counts}")
    print(f"génération {generated - started:.2f} s, écriture {written - generated:.2f} s, "
          f"total {written - started:.2f} s, taille {size / 1024**2:.1f} Mio ({_thousands(size)} octets)")
    return 0


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")  # French thin space between thousands


if __name__ == "__main__":
    sys.exit(main())
