"""The référentiel as data: its versions, the one in force at a date, the Paramètres setting."""

from __future__ import annotations

import datetime as dt

import pytest

from qualixl import schema
from qualixl.parameters import read_parameters
from qualixl.referentiel import MAJOR_ONLY, MINOR_OR_MAJOR, V9, V10, VERSIONS, choose, in_force


@pytest.mark.parametrize(("day", "name"), [
    (dt.date(2026, 10, 15), "V9"), (dt.date(2026, 10, 31), "V9"),
    (dt.date(2026, 11, 1), "V10"), (dt.date(2026, 11, 30), "V10"), (dt.date(2020, 1, 1), "V9"),
])
def test_the_version_in_force_changes_on_1_november_2026(day, name):
    assert in_force(day).name == name


def test_each_version_lists_criterion_7_and_the_result_indicators():
    assert V9.numbers == (30, 31, 32, 2, 3, 12)
    assert V10.numbers == (30, 31, 32, 33, 2, 3, 12)


def test_grading_as_the_guide_says():
    for version in VERSIONS:
        assert version.indicator(31).grading == MAJOR_ONLY
        assert version.indicator(32).grading == MAJOR_ONLY
        for number in (30, 2, 3, 12):
            assert version.indicator(number).grading == MINOR_OR_MAJOR


def test_v10_wording_quotes_the_decree():
    assert "financeurs (le cas échéant), équipes pédagogiques" in V10.indicator(30).wording
    assert "analyse des risques sur la qualité des formations délivrées" in V10.indicator(32).wording
    assert "modalités de calcul" in V10.indicator(2).wording
    assert "violences sexistes et sexuelles" in V10.indicator(12).wording
    assert "financeurs (le cas échéant)" not in V9.indicator(30).wording


def test_indicator_33_applies_to_apprenticeship_only():
    ind = V10.indicator(33)
    assert ind.categories == ("Apprentissage",)
    assert ind.applies_to(("Formation", "Apprentissage"))
    assert not ind.applies_to(("Formation", "VAE"))
    assert V9.indicator(33) is None


def test_risk_requirements_exist_under_v10_only():
    assert "32-risques-critiques" in V10.indicator(32).requirements
    assert not any(code.startswith("32-risques") for code in V9.indicator(32).requirements)


def test_requirement_codes_name_their_indicator():
    for version in VERSIONS:
        for ind in version.indicators:
            assert all(code.split("-", 1)[0] == str(ind.number) for code in ind.requirements)


def _params(value):
    return read_parameters([["Paramètre", "Valeur"], ["Référentiel", value]])


@pytest.mark.parametrize(("value", "day", "used", "forced"), [
    ("auto", dt.date(2026, 10, 15), "V9", False),
    ("auto", dt.date(2026, 11, 30), "V10", False),
    ("v9", dt.date(2026, 11, 30), "V9", True),
    ("V10", dt.date(2026, 10, 15), "V10", True),
])
def test_the_parameter_chooses_the_version(value, day, used, forced):
    chosen = choose(_params(value).referentiel, day)
    assert (chosen.version.name, chosen.forced) == (used, forced)


def test_forcing_v9_after_the_change_is_said():
    chosen = choose("V9", dt.date(2026, 11, 30))
    assert chosen.differs
    assert "V9 imposé" in chosen.note() and "V10" in chosen.note()
    assert choose("auto", dt.date(2026, 11, 30)).note() == ""


def test_an_unknown_setting_is_an_error_at_its_cell_and_auto_applies():
    params = _params("V11")
    assert params.referentiel == "auto"
    (problem,) = params.problems
    assert (problem.name, problem.cell) == ("Référentiel", "B2")
    assert "auto, V9, V10" in problem.expected
    assert schema.PARAMETERS_BY_NAME["Référentiel"].default == "auto"


@pytest.mark.parametrize(("as_of", "setting", "name"), [
    (dt.date(2026, 10, 15), "auto", "V9"), (dt.date(2026, 11, 30), "auto", "V10"), (dt.date(2026, 11, 30), "V9", "V9"),
])
def test_every_generated_sheet_and_the_json_name_the_version(tmp_path, as_of, setting, name):
    import json

    import python_calamine
    from click.testing import CliRunner
    from diagnostic_workbooks import healthy, set_parameter, write

    from qualixl.cli import main
    from qualixl.refresh import refresh
    from qualixl.render import GENERATED_SHEETS

    path = write(tmp_path, set_parameter(healthy(), "Référentiel", setting))
    result = CliRunner().invoke(main, ["diagnostic", str(path), "--as-of", as_of.isoformat(), "--json"])
    assert json.loads(result.output)["referentiel"] == name
    refresh(path, as_of, backup=False)
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    for sheet in GENERATED_SHEETS:
        subtitle = book.get_sheet_by_name(sheet).to_python()[1][0]
        assert f"· référentiel RNQ {name} ·" in subtitle, sheet
