"""Any unique prefix of at least 6 characters names a whole id; a shorter or shared one does not."""

from __future__ import annotations

import pytest

from pipeline import AmbiguousId
from pipeline.rules import unique_id

IDS = ["6136b45a-0000", "6136b45b-1111", "624fdd61-2222"]


@pytest.mark.parametrize(
    ("key", "found"),
    [
        ("6136b45a-0000", "6136b45a-0000"),  # the whole id
        ("624fdd", "624fdd61-2222"),  # six characters are enough when unique
        ("6136B45B", "6136b45b-1111"),  # not case-sensitive
        ("624fd", None),  # five are not taken for an id
        ("ffffff", None),
    ],
)
def test_a_prefix_names_the_one_id_it_starts(key: str, found: str | None) -> None:
    assert unique_id(IDS, key, "message") == found


def test_a_prefix_of_several_ids_is_refused_saying_how_many() -> None:
    with pytest.raises(AmbiguousId) as refused:
        unique_id(IDS, "6136b4", "message")
    assert refused.value.matches == 2
    assert "message id 6136b4 is ambiguous: 2 ids start with it" in str(refused.value)
