"""The bench builds its large stores many candidates per transaction; the store must be the same.

`bench.builder.StoreBuilder` runs the ordinary commands but gathers the saves. If its store
differed from the one the API makes (an event, a batch number, a read-model row), the tick and
memory figures would describe a store no user has.
"""

from __future__ import annotations

from pathlib import Path

from bench.builder import build_store, build_through_api, store_contents
from bench.population import TICK_AT, due_group, make_recipe
from pipeline import FixedClock


def test_store_built_in_batches_equals_the_store_the_api_makes(tmp_path: Path) -> None:
    recipe = make_recipe(2000)  # every other candidate of the sample has an email awaiting reply
    batched, one_by_one = str(tmp_path / "batched.db"), str(tmp_path / "api.db")

    build_store(batched, FixedClock(TICK_AT), 12, recipe, per_transaction=5)
    build_through_api(one_by_one, FixedClock(TICK_AT), 12, recipe)

    built, made = store_contents(batched), store_contents(one_by_one)
    assert len(made["stored_events"]) > 12 * 4
    assert [due_group(i, 2000) is not None for i in range(4)] == [True, False, True, False]
    for table in made:
        assert built[table] == made[table], table
