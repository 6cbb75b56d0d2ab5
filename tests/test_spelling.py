"""Which near spellings of a place count as a slip of typing (a warning)."""

from __future__ import annotations

import pytest

from ssg.spelling import _one_slip


@pytest.mark.parametrize(
    ("typed", "meant", "slip"),
    [
        ("dortmnd", "dortmund", True),  # a letter left out
        ("dortmuund", "dortmund", True),  # one added
        ("dortmudn", "dortmund", True),  # two swapped
        ("homburg", "hamburg", False),  # a letter for another: another place
        ("innenstadt-ost", "innenstadt-west", False),
        ("dortmnzd", "dortmund", False),  # two letters changed, not swapped
        ("dortmund", "dortmund", False),
    ],
)
def test_only_a_letter_left_out_added_or_swapped_is_a_slip(
    typed: str, meant: str, slip: bool
) -> None:
    assert _one_slip(typed, meant) is slip
