"""`python -m bench.fake_llm --delay-ms L [--status S]`: the tests' fake llm-connect (the
`good` model) in its own process, answering every call after L ms - or, with a status other
than 200, that status (an outage). Prints its URL; each line "status N" on stdin then makes it
answer N from the next call on (an outage begins or ends at the same URL), acknowledged with
"llm: status N" on stdout. Stops at stdin EOF."""

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
    status = [args.status]  # the server's thread reads it, this one sets it

    def model(prompt: str) -> llm.Reply:
        if status[0] != 200:
            return llm.Reply(status=status[0], delay=delay)
        return replace(llm.good(prompt), delay=delay)

    with llm.running_llm(model) as server:
        print(f"llm: serving on {server.url}", flush=True)
        for line in sys.stdin:  # until the parent closes our stdin
            word, _, value = line.partition(" ")
            if word == "status" and value.strip().isdigit():
                status[0] = int(value)
                print(f"llm: status {status[0]}", flush=True)


if __name__ == "__main__":
    main()
