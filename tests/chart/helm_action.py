"""Run one Helm action through helm-sdkpy in a child process and print its result as JSON.

helm-sdkpy embeds Helm (Go) as a shared library. Go reads the process environment once, when
the library loads, so `HELM_DRIVER=memory` (release records kept in memory instead of in a
protobuf-encoded Secret, which the emulator cannot store) must be in the environment of a fresh
process: that is why the chart tests call Helm through this module and not in-process.

Request on stdin (JSON):
  {"action": "lint", "chart": PATH}
  {"action": "install", "chart": PATH, "release": NAME, "namespace": NS,
   "kubeconfig": YAML, "values": {...}}
Answer on stdout: {"ok": true, "result": {...}} or {"ok": false, "error": "one line"}.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any


async def _run(request: dict[str, Any]) -> dict[str, Any]:
    import helm_sdkpy

    if request["action"] == "lint":
        lint_config = helm_sdkpy.Configuration(namespace="default")
        result: dict[str, Any] = await helm_sdkpy.Lint(lint_config).run(request["chart"])
        return result
    if request["action"] == "install":
        config = helm_sdkpy.Configuration(
            namespace=request["namespace"], kubeconfig=request["kubeconfig"]
        )
        result = await helm_sdkpy.Install(config).run(
            request["release"],
            request["chart"],
            values=request.get("values") or None,
            wait=False,
            timeout=30,
        )
        return result
    raise ValueError(f"unknown action {request['action']!r}")


def main() -> int:
    request = json.load(sys.stdin)
    try:
        answer = {"ok": True, "result": asyncio.run(_run(request))}
    except Exception as exc:  # every Helm failure becomes data for the test to assert on
        answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    json.dump(answer, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
