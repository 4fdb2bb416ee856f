"""The operator's garbage-collector settings (operator/cli.py `tune_gc`)."""

from __future__ import annotations

import gc

from warden.operator import cli as operator_cli


def test_tune_gc_freezes_the_set_up_heap_and_raises_the_young_threshold() -> None:
    before = gc.get_threshold()
    try:
        operator_cli.tune_gc()
        assert gc.get_threshold() == operator_cli.GC_THRESHOLDS
        assert gc.get_freeze_count() > 0  # what was alive is out of every collection
        assert operator_cli.GC_THRESHOLDS[0] > before[0]
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
