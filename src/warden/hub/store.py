"""The reference hub's SQLite store: a pure data layer with typed methods.

Every write runs in a `BEGIN IMMEDIATE` transaction, so several server processes (or threads)
on one database file serialise their writes instead of losing them; WAL lets readers carry on
meanwhile. An idempotency key is stored in the same transaction as the write it answers, so a
crash can never keep one without the other.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warden.core.wire import HANDOFF_KINDS

# A literal list (not parameters), so SQLite can match the partial indexes below.
_HANDOFF_KINDS_SQL = "(" + ", ".join(f"'{kind}'" for kind in HANDOFF_KINDS) + ")"

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS messages (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    from_agent  TEXT NOT NULL,
    to_agent    TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    thread_id   TEXT NOT NULL,
    in_reply_to TEXT,
    read        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS messages_inbox ON messages (to_agent, read, seq);
CREATE TABLE IF NOT EXISTS progress (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,
    agent      TEXT NOT NULL,
    message_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    summary    TEXT NOT NULL,
    data       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS progress_message ON progress (message_id, seq);
CREATE INDEX IF NOT EXISTS progress_handoffs ON progress (agent, seq)
    WHERE kind IN {_HANDOFF_KINDS_SQL};
CREATE INDEX IF NOT EXISTS progress_handoff_messages ON progress (agent, message_id, seq)
    WHERE kind IN {_HANDOFF_KINDS_SQL};
CREATE TABLE IF NOT EXISTS idempotency (
    endpoint   TEXT NOT NULL,
    key        TEXT NOT NULL,
    status     INTEGER NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (endpoint, key)
);
"""

_MESSAGE_COLUMNS = "seq, id, from_agent, to_agent, subject, body, created_at, thread_id"


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """The response a write produced, kept to answer a repeated idempotency key."""

    status: int
    body: str  # JSON text, or "" for 204


@dataclass(frozen=True, slots=True)
class InboxPage:
    messages: list[dict[str, Any]]
    last_seq: int | None  # the position to continue after, or None on the last page


@dataclass(frozen=True, slots=True)
class HandoffPage:
    handoffs: list[dict[str, Any]]
    last_seq: int | None  # the position to continue after, or None on the last page


class UnknownMessage(LookupError):
    """No message has that id."""


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class HubStore:
    """Thread-safe: each thread gets its own connection to the same database file."""

    def __init__(self, path: Path | str, *, busy_timeout_ms: int = 10_000) -> None:
        self.path = Path(path)
        self._busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        with self._write() as db:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)

    # -- connections ---------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            # One connection per thread; `close()` may run on another thread after they stop.
            db = sqlite3.connect(
                self.path,
                timeout=self._busy_timeout_ms / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            db.row_factory = sqlite3.Row
            db.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_ms)}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            self._local.db = db
            with self._lock:
                self._connections.append(db)
        return db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            for db in self._connections:
                db.close()
            self._connections.clear()
        self._local = threading.local()

    # -- idempotency ---------------------------------------------------------------------------

    def _replay(
        self, db: sqlite3.Connection, endpoint: str, key: str | None
    ) -> StoredResponse | None:
        if key is None:
            return None
        row = db.execute(
            "SELECT status, body FROM idempotency WHERE endpoint = ? AND key = ?", (endpoint, key)
        ).fetchone()
        return None if row is None else StoredResponse(row["status"], row["body"])

    def _remember(
        self, db: sqlite3.Connection, endpoint: str, key: str | None, response: StoredResponse
    ) -> None:
        if key is not None:
            db.execute(
                "INSERT INTO idempotency (endpoint, key, status, body, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (endpoint, key, response.status, response.body, utc_now()),
            )

    # -- writes: each returns the response to send, replayed for a repeated key ------------------

    def add_message(
        self,
        *,
        from_agent: str,
        to_agent: str,
        subject: str,
        body: str,
        in_reply_to: str | None = None,
        idempotency_key: str | None = None,
    ) -> StoredResponse:
        endpoint = "POST /v1/messages"
        with self._write() as db:
            if (stored := self._replay(db, endpoint, idempotency_key)) is not None:
                return stored
            message_id = new_id("msg")
            thread_id = message_id
            if in_reply_to is not None:
                parent = db.execute(
                    "SELECT thread_id FROM messages WHERE id = ?", (in_reply_to,)
                ).fetchone()
                thread_id = parent["thread_id"] if parent is not None else in_reply_to
            db.execute(
                "INSERT INTO messages (id, from_agent, to_agent, subject, body, created_at,"
                " thread_id, in_reply_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    message_id,
                    from_agent,
                    to_agent,
                    subject,
                    body,
                    utc_now(),
                    thread_id,
                    in_reply_to,
                ),
            )
            response = StoredResponse(201, json.dumps({"id": message_id}))
            self._remember(db, endpoint, idempotency_key, response)
            return response

    def mark_read(self, message_id: str, *, idempotency_key: str | None = None) -> StoredResponse:
        """Raises `UnknownMessage` (and writes nothing) when there is no such message."""
        endpoint = f"POST /v1/messages/{message_id}/read"
        with self._write() as db:
            if (stored := self._replay(db, endpoint, idempotency_key)) is not None:
                return stored
            if db.execute("UPDATE messages SET read = 1 WHERE id = ?", (message_id,)).rowcount == 0:
                raise UnknownMessage(message_id)
            response = StoredResponse(204, "")
            self._remember(db, endpoint, idempotency_key, response)
            return response

    def add_progress(
        self,
        *,
        agent: str,
        message_id: str,
        kind: str,
        summary: str,
        data: dict[str, Any],
        idempotency_key: str | None = None,
    ) -> StoredResponse:
        endpoint = "POST /v1/progress"
        with self._write() as db:
            if (stored := self._replay(db, endpoint, idempotency_key)) is not None:
                return stored
            event_id = new_id("prg")
            db.execute(
                "INSERT INTO progress (id, agent, message_id, kind, summary, data, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (event_id, agent, message_id, kind, summary, json.dumps(data), utc_now()),
            )
            response = StoredResponse(201, json.dumps({"id": event_id}))
            self._remember(db, endpoint, idempotency_key, response)
            return response

    # -- reads ---------------------------------------------------------------------------------

    def inbox(self, agent: str, *, unread_only: bool, after_seq: int, limit: int) -> InboxPage:
        """Messages to `agent` oldest first, after position `after_seq`, at most `limit`."""
        sql = f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE to_agent = ? AND seq > ?"
        if unread_only:
            sql += " AND read = 0"
        rows = (
            self._connection()
            .execute(sql + " ORDER BY seq LIMIT ?", (agent, after_seq, limit + 1))
            .fetchall()
        )
        more = len(rows) > limit
        rows = rows[:limit]
        last_seq = rows[-1]["seq"] if more and rows else None
        return InboxPage([_message(row) for row in rows], last_seq)

    def handoffs(self, agent: str, *, unread_only: bool, after_seq: int, limit: int) -> HandoffPage:
        """The messages `agent` handed to a human (a progress event of a handoff kind), oldest
        handoff first, one entry per message (its first such event), after position
        `after_seq`, at most `limit`. `unread_only` keeps messages that are still unread."""
        sql = (
            "SELECT p.seq, p.message_id, p.kind, p.created_at FROM progress AS p"
            f" WHERE p.agent = ? AND p.kind IN {_HANDOFF_KINDS_SQL} AND p.seq > ?"
            " AND NOT EXISTS (SELECT 1 FROM progress AS q WHERE q.agent = p.agent"
            f" AND q.message_id = p.message_id AND q.kind IN {_HANDOFF_KINDS_SQL}"
            " AND q.seq < p.seq)"
        )
        if unread_only:
            sql += (
                " AND EXISTS (SELECT 1 FROM messages AS m WHERE m.id = p.message_id AND m.read = 0)"
            )
        rows = (
            self._connection()
            .execute(sql + " ORDER BY p.seq LIMIT ?", (agent, after_seq, limit + 1))
            .fetchall()
        )
        more = len(rows) > limit
        rows = rows[:limit]
        last_seq = rows[-1]["seq"] if more and rows else None
        handoffs = [
            {"message_id": row["message_id"], "kind": row["kind"], "created_at": row["created_at"]}
            for row in rows
        ]
        return HandoffPage(handoffs, last_seq)

    def messages(
        self,
        *,
        to_agent: str | None = None,
        from_agent: str | None = None,
        in_reply_to: str | None = None,
    ) -> list[dict[str, Any]]:
        """Every message matching the filters, with its read flag (for inspection)."""
        where, params = _filters(to_agent=to_agent, from_agent=from_agent, in_reply_to=in_reply_to)
        rows = self._connection().execute(
            f"SELECT {_MESSAGE_COLUMNS}, in_reply_to, read FROM messages{where} ORDER BY seq",
            params,
        )
        return [
            {**_message(row), "in_reply_to": row["in_reply_to"], "read": bool(row["read"])}
            for row in rows
        ]

    def progress(
        self, *, message_id: str | None = None, agent: str | None = None
    ) -> list[dict[str, Any]]:
        where, params = _filters(message_id=message_id, agent=agent)
        rows = self._connection().execute(
            "SELECT id, agent, message_id, kind, summary, data, created_at"
            f" FROM progress{where} ORDER BY seq",
            params,
        )
        return [{**dict(row), "data": json.loads(row["data"])} for row in rows]


def _message(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "from_agent": row["from_agent"],
        "to_agent": row["to_agent"],
        "subject": row["subject"],
        "body": row["body"],
        "created_at": row["created_at"],
        "thread_id": row["thread_id"],
    }


def _filters(**filters: str | None) -> tuple[str, list[str]]:
    # Column names come from the keyword names above, never from a request.
    used = {column: value for column, value in filters.items() if value is not None}
    if not used:
        return "", []
    return " WHERE " + " AND ".join(f"{column} = ?" for column in used), list(used.values())
