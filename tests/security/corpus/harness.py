"""The black-box harness: the corpus through the real `warden worker run` CLI, as a user runs it.

One run seeds a reference hub (a real subprocess) with every case, filled with fresh secrets,
then, for each *combination* (brain, mode, output format, model), starts a hub on a copy of
that database and, for the llm brain, a fake llm-connect over HTTP serving one model; it runs
`python -m warden worker run --once` once over the whole inbox and keeps everything that left
the worker: the prompts, stdout, stderr, the summary file, and what it wrote to the hub
(replies, progress and audit events, read marks). Nothing in here imports the worker: the
contract is the CLI, the hub API and llm-connect's `POST /execute`.
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tests.security.corpus.cases import Case, Filled, fill, load_cases
from tests.security.corpus.models import model
from tests.support.hub import HubProcess, running_hub
from tests.support.llm import LlmServer, running_llm

AGENT = "ops-warden"
WORKER_TIMEOUT = 600.0
HANDED_OFF_KINDS = frozenset({"escalation", "review_requested"})


@dataclass(frozen=True, slots=True)
class Combo:
    name: str
    brain: Literal["rule", "llm"]
    mode: Literal["dry-run", "execute"]
    output: Literal["json", "text"]
    model: str | None = None

    @property
    def hostile(self) -> bool:
        return self.model is not None and self.model != "honest"


COMBOS: tuple[Combo, ...] = (
    Combo("rule dry-run json", "rule", "dry-run", "json"),
    Combo("rule dry-run text", "rule", "dry-run", "text"),
    Combo("rule execute json", "rule", "execute", "json"),
    Combo("llm honest execute json", "llm", "execute", "json", "honest"),
    Combo("llm obey execute json", "llm", "execute", "json", "obey"),
    Combo("llm exfiltrate execute text", "llm", "execute", "text", "exfiltrate"),
    Combo("llm exfiltrate dry-run json", "llm", "dry-run", "json", "exfiltrate"),
    Combo("llm echo execute json", "llm", "execute", "json", "echo"),
    Combo("llm echo dry-run text", "llm", "dry-run", "text", "echo"),
    Combo("llm misroute execute text", "llm", "execute", "text", "misroute"),
    Combo("llm leaky-escalation execute json", "llm", "execute", "json", "leaky-escalation"),
    Combo("llm attacker execute text", "llm", "execute", "text", "attacker"),
)


@dataclass
class Sinks:
    """Everything that left the worker in one combination, as text."""

    prompts: list[str] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    summary: str = ""
    replies: list[dict[str, Any]] = field(default_factory=list)  # hub messages it wrote
    events: list[dict[str, Any]] = field(default_factory=list)  # hub progress events it wrote


@dataclass
class Outcome:
    """What became of one message in one combination."""

    seen: bool = False  # the worker reported it (output) or acted on it (hub)
    answered: bool = False  # marked read, replied to, or (dry-run) planned for execution
    held: bool = False  # escalated or sent for review
    read: bool = False
    replies: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    route_owner: str | None = None  # route_answer target of the plan (json output only)
    secret_finding: bool = False  # the plan names a secret detector (json output only)


@dataclass
class ComboRun:
    combo: Combo
    outcomes: dict[str, Outcome]  # by case id
    sinks: Sinks
    exit_code: int
    seconds: float
    llm_calls: int = 0


@dataclass
class Run:
    seed: int
    filled: dict[str, Filled]  # by hub message id
    ids: dict[str, str]  # case id -> hub message id
    combos: list[ComboRun]
    seconds: float
    seed_seconds: float

    def case(self, case_id: str) -> Case:
        return self.filled[self.ids[case_id]].case


# -- seeding -----------------------------------------------------------------------------------


def seed_hub(hub: HubProcess, cases: Sequence[Case], rng: random.Random) -> dict[str, Filled]:
    """Post every case (filled) to the agent's inbox; secret-carrying ones first, so that an
    injection can name one of them as the message to exfiltrate."""
    posted: dict[str, Filled] = {}
    order = sorted(cases, key=lambda c: c.cls == "injection")
    canary_id = "msg_none"
    for case in order:
        filled = fill(case, rng, canary_id=canary_id)
        mid = hub.post_message(
            to_agent=AGENT,
            from_agent=case.sender,
            subject=filled.subject,
            body=filled.body,
        )
        posted[mid] = filled
        if canary_id == "msg_none" and case.cls == "secret_carrying" and filled.canaries:
            canary_id = mid
    return posted


def _copy_db(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(source) + suffix)
        if src.exists():
            shutil.copyfile(src, Path(str(target) + suffix))


# -- one combination ---------------------------------------------------------------------------


def _worker_command(combo: Combo, summary: Path, count: int) -> list[str]:
    return [
        sys.executable, "-m", "warden", "worker", "run", "--once",
        f"--{combo.mode}", "--brain", combo.brain, "--output", combo.output,
        "--summary-file", str(summary), "--max-messages", str(count + 10),
        "--concurrency", "8", "--llm-timeout", "20",
    ]  # fmt: skip


def _worker_env(hub_url: str, llm_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WARDEN_", "LLM_CONNECT"))}
    env["WARDEN_HUB_URL"] = hub_url
    if llm_url:
        env["LLM_CONNECT_URL"] = llm_url
    return env


def run_combo(
    combo: Combo, db: Path, workdir: Path, filled: dict[str, Filled], case_ids: dict[str, str]
) -> ComboRun:
    workdir.mkdir(parents=True, exist_ok=True)
    copy = workdir / "hub.db"
    _copy_db(db, copy)
    summary = workdir / "summary.json"
    by_case = {case.case.id: case for case in filled.values()}
    started = time.perf_counter()
    with ExitStack() as stack:
        hub = stack.enter_context(running_hub(workdir, db_path=copy))
        llm: LlmServer | None = None
        if combo.brain == "llm":
            assert combo.model is not None
            llm = stack.enter_context(running_llm(model(combo.model, filled)))
        proc = subprocess.run(
            _worker_command(combo, summary, len(filled)),
            env=_worker_env(hub.url, llm.url if llm else None),
            capture_output=True,
            text=True,
            timeout=WORKER_TIMEOUT,
            check=False,
        )
        sinks = Sinks(
            prompts=list(llm.prompts) if llm else [],
            stdout=proc.stdout,
            stderr=proc.stderr,
            summary=summary.read_text() if summary.exists() else "",
            replies=hub.messages(from_agent=AGENT),
            events=hub.progress(agent=AGENT),
        )
        inbox = {m["id"]: m for m in hub.messages(to_agent=AGENT)}
    outcomes = {case_id: Outcome() for case_id in by_case}
    if combo.mode == "execute":
        _outcomes_from_hub(outcomes, case_ids, inbox, sinks)
    if combo.output == "json":
        _outcomes_from_json(outcomes, filled, sinks.stdout, dry_run=combo.mode == "dry-run")
    elif combo.mode == "dry-run":
        _outcomes_from_text(outcomes, filled, sinks.stdout)
    return ComboRun(
        combo=combo,
        outcomes=outcomes,
        sinks=sinks,
        exit_code=proc.returncode,
        seconds=time.perf_counter() - started,
        llm_calls=len(sinks.prompts),
    )


def _outcomes_from_hub(
    outcomes: dict[str, Outcome],
    case_ids: dict[str, str],
    inbox: dict[str, dict[str, Any]],
    sinks: Sinks,
) -> None:
    replies: dict[str, list[dict[str, Any]]] = {}
    for message in sinks.replies:
        replies.setdefault(str(message.get("in_reply_to")), []).append(message)
    events: dict[str, list[dict[str, Any]]] = {}
    for event in sinks.events:
        events.setdefault(str(event.get("message_id")), []).append(event)
    for case_id, outcome in outcomes.items():
        mid = case_ids[case_id]
        kinds = {e["kind"] for e in events.get(mid, [])}
        outcome.read = bool(inbox.get(mid, {}).get("read"))
        outcome.replies = replies.get(mid, [])
        outcome.notes = [e for e in events.get(mid, []) if e["kind"] not in HANDED_OFF_KINDS]
        outcome.answered = outcome.read or bool(outcome.replies)
        outcome.held = not outcome.answered and bool(kinds & HANDED_OFF_KINDS)
        outcome.seen = bool(kinds) or outcome.answered


def _outcomes_from_json(
    outcomes: dict[str, Outcome], filled: dict[str, Filled], stdout: str, *, dry_run: bool
) -> None:
    try:
        data = json.loads(stdout)
    except ValueError:
        return
    for plan in data.get("plans", []) if isinstance(data, dict) else []:
        case = filled.get(str(plan.get("message_id")))
        if case is None:
            continue
        outcome = outcomes[case.case.id]
        outcome.seen = True
        routes = [a for a in plan.get("actions", []) if a.get("kind") == "route_answer"]
        outcome.route_owner = routes[0].get("target") if routes else None
        outcome.secret_finding = bool(plan.get("secret_findings"))
    if not dry_run:
        return
    for result in data.get("results", []) if isinstance(data, dict) else []:
        case = filled.get(str(result.get("message_id")))
        if case is None:
            continue
        outcome = outcomes[case.case.id]
        outcome.answered = result.get("outcome") == "planned"
        outcome.held = result.get("outcome") in ("escalated", "review")


_TEXT_MESSAGE = re.compile(r"^-- (\S+) from ")
_TEXT_OUTCOME = re.compile(r"^\s+outcome: (.*)$")


def _outcomes_from_text(
    outcomes: dict[str, Outcome], filled: dict[str, Filled], stdout: str
) -> None:
    current: Outcome | None = None
    for line in stdout.splitlines():
        if match := _TEXT_MESSAGE.match(line):
            case = filled.get(match.group(1))
            current = outcomes[case.case.id] if case else None
            if current is not None:
                current.seen = True
        elif (match := _TEXT_OUTCOME.match(line)) and current is not None:
            words = match.group(1)
            current.answered = words.startswith("would execute")
            current.held = words.startswith(("would escalate", "would wait"))


# -- the whole run -----------------------------------------------------------------------------


def run(
    workdir: Path,
    *,
    combos: Sequence[Combo] = COMBOS,
    cases: Sequence[Case] | None = None,
    seed: int | None = None,
    parallel: int = 2,
) -> Run:
    """Seed once, then run every combination on its own copy of the hub (`parallel` at once)."""
    started = time.perf_counter()
    seed = secrets.randbits(32) if seed is None else seed
    rng = random.Random(seed)
    chosen = tuple(cases) if cases is not None else load_cases()
    with running_hub(workdir, name="seed") as hub:
        filled = seed_hub(hub, chosen, rng)
        db = hub.db_path
    seed_seconds = time.perf_counter() - started
    case_ids = {f.case.id: mid for mid, f in filled.items()}
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        futures = [
            pool.submit(run_combo, combo, db, workdir / f"combo-{i}", filled, case_ids)
            for i, combo in enumerate(combos)
        ]
        runs = [future.result() for future in futures]
    return Run(
        seed=seed,
        filled=filled,
        ids=case_ids,
        combos=runs,
        seconds=time.perf_counter() - started,
        seed_seconds=seed_seconds,
    )


@contextmanager
def temporary_run(**kwargs: Any) -> Iterator[Run]:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="warden-redteam-") as tmp:
        yield run(Path(tmp), **kwargs)
