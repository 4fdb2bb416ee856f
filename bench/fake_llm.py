"""`python -m bench.fake_llm --delay-ms L [--status S]`: the tests' fake llm-connect (the
`good` model) in its own process, answering every call after L ms - or, with a status other
than 200, that status (an outage). Prints its URL, stops at stdin EOF."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from tests.support import llm


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--delay-ms", type=float, required=True)
    parser.add_argument("--status", type=int, default=200)
    args = parser.parse_args()
    delay = args.delay_ms / 1000.0

    def model(prompt: str) -> llm.Reply:
        if args.status != 200:
            return llm.Reply(status=args.status, delay=delay)
        return replace(llm.good(prompt), delay=delay)

    with llm.running_llm(model) as server:
        print(f"llm: serving on {server.url}", flush=True)
        sys.stdin.read()  # until the parent closes our stdin


if __name__ == "__main__":
    main()
