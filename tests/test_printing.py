"""Page computation of the generated sheets: zoom to fit the width, where pages start, kept blocks."""

from __future__ import annotations

import pytest

from qualixl.render.labels import operation_label, period_label, rule_label, short_month
from qualixl.render.printing import LANDSCAPE, PORTRAIT, Pager, column_points, escape


def test_zoom_fits_the_printed_columns_to_the_page_width():
    assert column_points(10) == (int(10 * 7 + 0.5) + 5) * 0.75  # 75 px
    assert LANDSCAPE.zoom([10] * 5) == 1.0
    widths = [20] * 12  # 12 × 145 px = 1,305 pt against 784 pt printable
    assert LANDSCAPE.zoom(widths) == pytest.approx(0.60)
    assert PORTRAIT.zoom(widths) < LANDSCAPE.zoom(widths)


def test_pages_fill_up_then_break_and_a_block_that_does_not_fit_starts_a_page():
    pager = Pager(LANDSCAPE, [10] * 5)
    per_page = int(pager.capacity // 15)
    assert pager.page_starts(3 * per_page) == [0, per_page, 2 * per_page]
    pager.keep_together(5, 100)  # fits on page 1
    assert pager.breaks == []
    pager.keep_together(per_page - 2, 100)  # would straddle the automatic break
    assert pager.breaks == [per_page - 2]
    assert pager.room(per_page - 2) == pytest.approx(pager.capacity)


def test_header_codes_are_escaped():
    assert escape("Dupont & Fils") == "Dupont && Fils"


def test_french_labels_for_codes():
    assert period_label("2026-01") == "janv. 2026" and period_label("2025-12") == "déc. 2025"
    assert period_label("2026-T3") == "T3 2026" and period_label("2025-2026") == "Exercice 2025-2026"
    assert short_month("2026-08") == "août 26"
    assert operation_label("refresh") == "Actualisation" and operation_label("Import d'un export") == "Import d'un export"
    assert rule_label("reponse_tardive", "31") == "Une réclamation n'a pas reçu de réponse dans le délai cible."
