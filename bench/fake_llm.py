"""`python -m bench.fake_llm --delay-ms L [--status S]`: a fake llm-connect (the tests' `good`
model) in its own process, answering every `POST /execute` after L ms - or, with a status other
than 200, that status (an outage). Prints its URL; each line "status N" on stdin then makes it
answer N from the next call on (an outage begins or ends at the same URL), acknowledged with
"llm: status N" on stdout. Stops at stdin EOF.

The standard library's threading HTTP server (HTTP/1.1, keep-alive, a thread per connection:
each call's delay is slept in its own thread) and the models alone: a smoke run starts this
fake three times, and the tests' aiohttp server cost a third of a second of CPU to import."""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.support.llm_models import Reply, good


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the worker's client reuses its connections
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    server: _Server

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path != "/execute":
            self._send(404, {"error": "not found"})
            return
        try:
            prompt = json.loads(body).get("prompt")
        except (ValueError, AttributeError):
            prompt = None
        if not isinstance(prompt, str):
            self._send(400, {"error": "prompt must be a string"})
            return
        reply = self.server.answer(prompt)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.status != 200:
            self._send(reply.status, {"error": "model failure"})
        else:
            self._send(200, {"content": reply.content or ""})

    def _send(self, status: int, payload: dict[str, str]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass  # no access log


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, delay: float, status: int) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.delay = delay
        self.status = status  # set by the main thread, read by the handlers' threads

    def answer(self, prompt: str) -> Reply:
        if self.status != 200:
            return Reply(status=self.status, delay=self.delay)
        return replace(good(prompt), delay=self.delay)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--delay-ms", type=float, required=True)
    parser.add_argument("--status", type=int, default=200)
    args = parser.parse_args()
    server = _Server(args.delay_ms / 1000.0, args.status)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    print(f"llm: serving on http://{host!s}:{port}", flush=True)
    for line in sys.stdin:  # until the parent closes our stdin
        word, _, value = line.partition(" ")
        if word == "status" and value.strip().isdigit():
            server.status = int(value)
            print(f"llm: status {server.status}", flush=True)
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    main()
