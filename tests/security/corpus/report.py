"""Run the red-team corpus through the worker CLI and print the measured tables (markdown).

    python -m tests.security.corpus.report [--seed N] [--combos NAME ...] [--sequential]

The tables are the ones docs/security-model.md quotes. A run takes about two minutes on two
cores (the harness about 90 s, the leak scan about 15 s).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.security.corpus import harness
from tests.security.corpus.cases import load_cases
from tests.security.corpus.metrics import corpus_table, measure, render


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the guardrails on the red-team corpus.")
    parser.add_argument("--seed", type=int, help="secrets' seed (default: fresh per run)")
    parser.add_argument(
        "--combos", nargs="+", metavar="NAME", help="only these combinations (see harness.COMBOS)"
    )
    parser.add_argument("--sequential", action="store_true", help="one combination at a time")
    args = parser.parse_args(argv)
    combos = harness.COMBOS
    if args.combos:
        combos = tuple(c for c in harness.COMBOS if c.name in args.combos)
        if not combos:
            parser.error(f"no such combination; choose from: {[c.name for c in harness.COMBOS]}")
    print("## Corpus\n")
    print(corpus_table(list(load_cases())))
    with tempfile.TemporaryDirectory(prefix="warden-redteam-") as tmp:
        run = harness.run(
            Path(tmp), combos=combos, seed=args.seed, parallel=1 if args.sequential else 2
        )
    print("\n## Measured\n")
    print(render(measure(run)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
