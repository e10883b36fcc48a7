"""`python -m qualixl` runs the CLI (used by scripts/bench.py)."""

from qualixl.cli import run

run()
