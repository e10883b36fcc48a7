"""Hosts with a harmless flaw that Excel tolerates: the graft writes, and the flaw stays as it was.

Seen in workbooks saved by Excel, Mac Excel, Excel Online and LibreOffice: .rels parts
typed only by Overrides (no `Default Extension="rels"`), a drawing's internal hyperlink
without TargetMode, a relationship to a part the producer never stored, a stray part with
no content type. The verification judges only what qualixl wrote.
"""

from __future__ import annotations

import pytest
from ooxml_hosts import (
    CT_NS,
    FLAWS,
    RELS_TYPE,
    assert_staff_parts_untouched,
    build_generated,
    build_staff_host,
    contents,
    host_flaws_present,
    with_host_flaws,
    xml,
)

from qualixl.errors import QualixlError
from qualixl.ooxml import graft_sheets, verify_package

SHAPES = [(flaw,) for flaw in FLAWS] + [FLAWS]


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("flaws")
    return build_staff_host(folder / "staff.xlsx"), build_generated(folder / "generated.xlsx")


@pytest.mark.parametrize("flaws", SHAPES, ids=["+".join(s) for s in SHAPES])
def test_graft_writes_keeps_staff_parts_and_the_flaw(tmp_path, sources, flaws):
    staff, gen = sources
    host = with_host_flaws(staff, tmp_path / "plan.xlsx", flaws)
    assert all(host_flaws_present(host, flaws).values())
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    graft_sheets(host, gen, once)
    kept = verify_package(once, source=host, label="plan.xlsx")
    assert_staff_parts_untouched(host, once, 2)
    assert host_flaws_present(once, flaws) == dict.fromkeys(flaws, True)
    assert (len(kept) > 0) == (flaws != ("rels_as_overrides",))  # Overrides alone are no flaw
    graft_sheets(once, gen, twice)
    verify_package(twice, source=once, label="plan.xlsx")
    assert_staff_parts_untouched(host, twice, 2)
    assert host_flaws_present(twice, flaws) == dict.fromkeys(flaws, True)


def test_every_added_rels_part_is_typed_as_the_host_types_them(tmp_path, sources):
    staff, gen = sources
    host = with_host_flaws(staff, tmp_path / "plan.xlsx", ("rels_as_overrides",))
    once = tmp_path / "once.xlsx"
    graft_sheets(host, gen, once)
    data = contents(once)
    types = xml(data["[Content_Types].xml"])
    assert not [el for el in types if el.tag == f"{{{CT_NS}}}Default" and el.get("Extension") == "rels"]
    overrides = {el.get("PartName").lstrip("/"): el.get("ContentType") for el in types
                 if el.tag == f"{{{CT_NS}}}Override"}
    rels_parts = [n for n in data if n.endswith(".rels")]
    assert rels_parts and all(overrides.get(n) == RELS_TYPE for n in rels_parts)
    assert set(overrides) <= set(data)  # no Override of a part that is not there
    verify_package(once)  # sound on its own, not only compared with its host


def test_a_flaw_the_graft_would_add_is_still_refused(tmp_path, sources):
    staff, _ = sources
    host = with_host_flaws(staff, tmp_path / "plan.xlsx", ("stray",))
    clean = tmp_path / "clean.xlsx"
    clean.write_bytes(staff.read_bytes())
    with pytest.raises(QualixlError, match=r"Le classeur plan\.xlsx .*\[trash\]/0000\.dat") as caught:
        verify_package(host, source=clean, label="plan.xlsx")
    assert ".qualixl-" not in str(caught.value)


def test_refresh_writes_a_flawed_workbook_and_says_so_once(tmp_path):
    from click.testing import CliRunner
    from workbooks import AS_OF, write_minimal

    from qualixl.cli import main

    source = write_minimal(tmp_path / "source.xlsx")
    plan = with_host_flaws(source, tmp_path / "plan.xlsx", ("rels_as_overrides", "dangling", "stray"))
    for _ in range(2):
        run = CliRunner().invoke(main, ["refresh", str(plan), "--as-of", AS_OF.isoformat(), "--no-backup"])
        assert run.exit_code in (0, 1), run.output
        assert run.output.count("[trash]/0000.dat") == 1
        assert run.output.count("connections.xml") == 1
        assert "Information" in run.output
    assert host_flaws_present(plan, ("rels_as_overrides", "dangling", "stray")) == {
        "rels_as_overrides": True, "dangling": True, "stray": True}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx", "source.xlsx"]
