"""« One rule, one place » as a test: outside qualixl/facts, no module decides a row rule itself.

Read from the package's source (ast), so a new comparison of a row's date with the as-of
date, of a Statut with one of its values, or a home-made identifier folding fails here
before it makes two views disagree.
"""

from __future__ import annotations

import ast
from pathlib import Path

import qualixl

PACKAGE = Path(qualixl.__file__).parent
# The layers that read facts and KPI records: they must not re-derive a rule.
JUDGES = ("checks", "diagnostic", "render", "kpis", "refresh.py", "journal.py", "cli.py", "figures.py")
# Period attribution (which month, exercise or 12 months a day falls in) is the periods module's job.
PERIODS = PACKAGE / "kpis" / "periods.py"
TIME_NAMES = {"as_of", "today", "cutoff"}
STATUS_VALUES = {"Réalisée", "Abandonnée", "Clôturée", "Efficace", "En cours", "Ouverte", "À lancer"}
# Comparisons that decide nothing about a row, each with why.
ALLOWED = {
    ("diagnostic/annual.py", "self.cutoff < self.end"): "whether the exercise itself is still running",
    ("kpis/formatting.py", "as_of is None"): "an optional argument",
    ("kpis/formatting.py", "'as_of' in df.attrs"): "whether the KPI table says its as-of date",
}


def _judge_modules():
    for entry in JUDGES:
        path = PACKAGE / entry
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def _words(node: ast.AST) -> set[str]:
    out = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            out.add(sub.id)
        elif isinstance(sub, ast.Attribute):
            out.add(sub.attr)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            out.add(sub.value)
    return out


def _rule_comparisons(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare):
            words = set().union(*(_words(part) for part in (node.left, *node.comparators)))
            if words & (TIME_NAMES | STATUS_VALUES):
                yield node.lineno, ast.unparse(node)


def test_no_module_above_the_facts_compares_a_status_or_a_date_with_the_as_of_date():
    offending = []
    for path in _judge_modules():
        if path == PERIODS:
            continue
        rel = path.relative_to(PACKAGE).as_posix()
        for line, text in _rule_comparisons(path):
            if (rel, text) not in ALLOWED:
                offending.append(f"{rel}:{line}: {text}")
    assert offending == [], "decide these in qualixl/facts:\n" + "\n".join(offending)


def test_identifiers_are_folded_only_by_the_facts():
    offending = []
    importing = [PACKAGE / "importing" / name for name in ("run.py", "lookups.py")]  # where imports match IDs
    for path in [*_judge_modules(), *importing]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "casefold":
                offending.append(f"{path.relative_to(PACKAGE).as_posix()}:{node.lineno}")
    assert offending == [], "fold identifiers with qualixl.facts.fold_id:\n" + "\n".join(offending)


def test_the_check_rules_read_the_facts_layer():
    """The deadline rules would pass a scan by deciding nothing: assert they import the facts."""
    source = (PACKAGE / "checks" / "model.py").read_text(encoding="utf-8")
    assert "from qualixl.facts import" in source
    deadlines = (PACKAGE / "checks" / "deadlines.py").read_text(encoding="utf-8")
    assert 'facts["late"]' in deadlines and '_overdue"]' in deadlines
