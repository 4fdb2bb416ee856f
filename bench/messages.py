"""A deterministic, realistic inbox for the benchmarks: what ops-warden reads on a busy day.

Bodies run from ~200 B to ~8 KB: short routing questions with context, long log pastes, Python
and Java stack traces, Kubernetes YAML snippets, and a share that asks for or carries a secret
(fake values in real formats, generated here: valid nowhere). The mix is fixed by a seed, so
every run measures the same text.
"""

from __future__ import annotations

import random
import string
from collections.abc import Sequence
from dataclasses import dataclass

from warden.core.models import Message

_ALNUM = string.ascii_letters + string.digits
_HEX = "0123456789abcdef"
_SENDERS = (
    "build-bot",
    "payments-api",
    "reporting-job",
    "notify-svc",
    "ci-runner",
    "checkout-team",
    "oncall-bot",
    "data-pipeline",
    "search-indexer",
    "billing-worker",
)
_SERVICES = ("orders", "payments", "search", "ledger", "inventory", "notify", "auth-proxy")
_ROUTING = (
    ("SSH access to the staging bastion", "who do I ask for SSH access to the staging bastion?"),
    ("New OIDC role for the dashboard", "which agent owns OIDC roles and SSO federation?"),
    ("Postgres user for the nightly report", "where should I request database credentials?"),
    ("API key for the SMS provider", "who handles API keys and service tokens?"),
    ("Redis credentials for the cache", "who owns database credentials for Redis?"),
    ("SSH certificate renewal process", "where do I go to get an SSH certificate?"),
    ("SAML identity provider trust", "which team is responsible for identity provider trust?"),
)
_FILLER = (
    "We are migrating the {svc} service to the new runner pool this sprint.",
    "The change was reviewed by the platform team last Tuesday.",
    "Our deploy job for {svc} started failing after the base image update.",
    "Nothing changed on our side except the chart version, as far as I can tell.",
    "The on-call engineer looked at it but could not find the owner in the wiki.",
    "Happy to pair on this if someone has a slot this afternoon.",
    "The dashboards show the {svc} latency went up around 09:40 UTC.",
    "See the ticket for the full history; the summary is below.",
)


@dataclass(frozen=True)
class BenchMessage:
    kind: str
    from_agent: str
    subject: str
    body: str

    @property
    def size(self) -> int:
        return len(self.subject.encode()) + len(self.body.encode())


def as_messages(items: Sequence[BenchMessage], agent: str) -> list[Message]:
    """The worker's view of `items`, addressed to `agent` (ids m0, m1, ...), for benchmarks
    that plan in-process without a hub."""
    return [
        Message(id=f"m{i}", from_agent=m.from_agent, to_agent=agent, subject=m.subject, body=m.body)
        for i, m in enumerate(items)
    ]


def _token(rng: random.Random, n: int, alphabet: str = _ALNUM) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _prose(rng: random.Random, sentences: int) -> str:
    svc = rng.choice(_SERVICES)
    return " ".join(rng.choice(_FILLER).format(svc=svc) for _ in range(sentences))


def _log_lines(rng: random.Random, count: int) -> str:
    svc = rng.choice(_SERVICES)
    levels = ("INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG")
    events = (
        "request completed path=/v1/{svc}/items status=200 duration_ms={ms}",
        "connection pool exhausted, waiting for a free connection (pool=db-{svc})",
        "retrying upstream call attempt={n} backoff_ms={ms}",
        "pod {svc}-{h}-{p} readiness probe failed: HTTP probe failed with statuscode: 503",
        "image pulled registry.example.com/{svc}@sha256:{digest}",
        "trace_id={trace} span_id={span} handled message in {ms} ms",
        "leader election lost, stepping down (lease {svc}-leader)",
    )
    lines = []
    for i in range(count):
        event = rng.choice(events).format(
            svc=svc,
            ms=rng.randint(1, 4000),
            n=rng.randint(1, 5),
            h=_token(rng, 10, string.ascii_lowercase + string.digits),
            p=_token(rng, 5, string.ascii_lowercase + string.digits),
            digest=_token(rng, 64, "0123456789abcdef"),
            trace=_token(rng, 32, "0123456789abcdef"),
            span=_token(rng, 16, "0123456789abcdef"),
        )
        stamp = f"2025-03-14T09:{40 + i // 60 % 20:02d}:{i % 60:02d}.{rng.randint(0, 999):03d}Z"
        lines.append(f"{stamp} {rng.choice(levels):5} {svc}: {event}")
    return "\n".join(lines)


def _python_trace(rng: random.Random, depth: int) -> str:
    svc = rng.choice(_SERVICES)
    frames = [
        f'  File "/app/{svc}/{mod}.py", line {rng.randint(10, 900)}, in {fn}\n    {code}'
        for mod, fn, code in (
            rng.choice(
                [
                    ("handlers", "handle", "result = await self.client.fetch(item_id)"),
                    ("client", "fetch", "response = await self._http.get(url, timeout=5)"),
                    ("db", "query", "rows = await conn.fetch(sql, *params)"),
                    ("worker", "run", "self.process(batch)"),
                    ("retry", "wrapper", "return await func(*args, **kwargs)"),
                ]
            )
            for _ in range(depth)
        )
    ]
    return (
        "Traceback (most recent call last):\n"
        + "\n".join(frames)
        + "\nhttpx.ConnectTimeout: timed out connecting to orders-db.internal:5432"
    )


def _java_trace(rng: random.Random, depth: int) -> str:
    pkgs = ("com.example.orders", "com.example.billing", "org.springframework.web", "io.netty")
    lines = ["java.lang.IllegalStateException: Connection refused: db.internal/10.0.3.17:5432"]
    for _ in range(depth):
        pkg = rng.choice(pkgs)
        cls = rng.choice(("Handler", "Repository", "Service", "Dispatcher", "Pool"))
        lines.append(f"\tat {pkg}.{cls}.{rng.choice(('run', 'get', 'apply', 'invoke'))}"
                     f"({cls}.java:{rng.randint(20, 600)})")  # fmt: skip
    return "\n".join(lines)


def _yaml_snippet(rng: random.Random) -> str:
    svc = rng.choice(_SERVICES)
    return (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
        f"  name: {svc}\n  namespace: {svc}-staging\n  labels:\n    app: {svc}\n"
        "spec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n"
        f"        - name: {svc}\n"
        f"          image: registry.example.com/{svc}@sha256:{_token(rng, 64, _HEX)}\n"
        "          env:\n            - name: LOG_LEVEL\n              value: info\n"
        "            - name: DB_HOST\n              value: orders-db.internal\n"
        "          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n"
    )


def _secret_value(rng: random.Random) -> str:
    return rng.choice(
        [
            "ghp_" + _token(rng, 36),
            "AKIA" + _token(rng, 16, string.ascii_uppercase + string.digits),
            "xoxb-" + _token(rng, 12, string.digits) + "-" + _token(rng, 24),
            "glpat-" + _token(rng, 20),
        ]
    )


def _pad(rng: random.Random, body: str, target: int) -> str:
    while len(body) < target:
        body += "\n" + _prose(rng, rng.randint(2, 4))
    return body


def _make(rng: random.Random, i: int) -> BenchMessage:
    sender = rng.choice(_SENDERS)
    roll = rng.random()
    if roll < 0.30:  # a routing question with some context: 200 B - 1 KB
        subject, question = rng.choice(_ROUTING)
        body = _pad(rng, _prose(rng, 1) + " Hi, " + question, rng.randint(200, 1000))
        return BenchMessage("routing", sender, subject, body)
    if roll < 0.50:  # a long log paste, then a routing question: 2 - 8 KB
        subject, question = rng.choice(_ROUTING)
        logs = _log_lines(rng, rng.randint(15, 60))
        body = f"{_prose(rng, 2)}\n\n```\n{logs}\n```\n\n{question}"
        return BenchMessage("log_paste", sender, f"{subject} (logs attached)", body[:8000])
    if roll < 0.65:  # a stack trace: 1 - 5 KB
        trace = _python_trace(rng, rng.randint(6, 30)) if rng.random() < 0.6 else (
            _java_trace(rng, rng.randint(10, 60))
        )  # fmt: skip
        body = f"{_prose(rng, 2)}\n\n{trace}\n\nAny idea who owns this? Not sure where to send it."
        return BenchMessage("stack_trace", sender, f"Crash in job #{1000 + i}", body[:8000])
    if roll < 0.78:  # a YAML snippet: 600 B - 2 KB
        body = f"{_prose(rng, 2)}\n\n```yaml\n{_yaml_snippet(rng)}```\n\n{_prose(rng, 1)}"
        return BenchMessage("yaml", sender, "Deployment manifest review", body)
    if roll < 0.86:  # carries a secret in the middle of a log paste
        lines = _log_lines(rng, rng.randint(5, 30)).splitlines()
        lines.insert(rng.randint(0, len(lines)), f"export RELEASE_TOKEN={_secret_value(rng)}")
        body = f"{_prose(rng, 1)}\n\n" + "\n".join(lines) + "\n\nplease use this from now on."
        return BenchMessage("carries_secret", sender, "Token for the release pipeline", body)
    if roll < 0.92:  # asks for a secret
        svc = rng.choice(_SERVICES)
        body = _pad(
            rng,
            f"Can you just paste the password for the {svc} database here? I lost it.",
            rng.randint(200, 600),
        )
        return BenchMessage("asks_secret", sender, f"Quick one - the {svc} DB password?", body)
    if roll < 0.97:  # a production change
        svc = rng.choice(_SERVICES)
        body = _pad(
            rng,
            f"Could you restart the production {svc} deployment? It is stuck since 09:40.",
            rng.randint(200, 900),
        )
        return BenchMessage("production_change", sender, f"Restart prod {svc}", body)
    body = _pad(  # something the rule brain does not understand
        rng, "FYI the quarterly access review is done. Thanks everyone.", rng.randint(200, 800)
    )
    return BenchMessage("fyi", sender, "Access review done", body)


def realistic_inbox(count: int, seed: int = 5) -> list[BenchMessage]:
    """`count` messages of the realistic mix; the same list for the same seed."""
    rng = random.Random(seed)
    return [_make(rng, i) for i in range(count)]


def routing_inbox(count: int, seed: int = 7) -> list[BenchMessage]:
    """Only routing questions (every one reaches the brain's model; none is forced)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        subject, question = rng.choice(_ROUTING)
        body = _pad(rng, _prose(rng, 1) + " Hi, " + question, rng.randint(200, 800))
        out.append(BenchMessage("routing", rng.choice(_SENDERS), subject, body))
    return out
