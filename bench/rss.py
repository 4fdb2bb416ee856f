"""`python -m bench.rss COMMAND...`: run COMMAND, then print its peak RSS in KiB and its exit
code as `rss_kib exit`. A small shim on purpose: on Linux a child's `ru_maxrss` starts from
its parent's high-water mark at fork, so measuring from the (large) bench process would
report the bench's own size for any small child."""

from __future__ import annotations

import resource
import subprocess
import sys


def main() -> None:
    code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"{peak} {code}")


if __name__ == "__main__":
    main()
