"""`warden hub ...`: serve the reference State Hub, and talk to any hub (send, list, seed).

Light at import: the handlers import aiohttp, httpx and the client only when they run.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from warden.core.names import DEFAULT_AGENT
from warden.core.vocabulary import ENV_HUB_TOKEN, ENV_HUB_URL


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("hub", help="the reference State Hub")
    parser.set_defaults(handler=lambda _args: _usage(parser))
    commands = parser.add_subparsers(dest="hub_command", metavar="{serve,send,list,audit,seed}")

    serve = commands.add_parser("serve", help="run the reference hub (SQLite)")
    serve.add_argument("--db", required=True, help="SQLite database file (created if missing)")
    serve.add_argument("--port", type=int, required=True, help="TCP port (0: pick a free one)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument(
        "--token", help=f"require this bearer token (prefer env {ENV_HUB_TOKEN}: argv is visible)"
    )
    serve.add_argument(
        "--fault-injection", action="store_true", help="enable /v1/_faults (tests only)"
    )
    serve.set_defaults(handler=_serve)

    send = commands.add_parser("send", help="post one message")
    _add_hub_url(send)
    send.add_argument("--from", dest="from_agent", required=True, help="sender agent")
    send.add_argument("--to", dest="to_agent", required=True, help="recipient agent")
    send.add_argument("--subject", required=True)
    send.add_argument("--body", required=True)
    send.add_argument("--in-reply-to", help="id of the message this answers")
    send.set_defaults(handler=_send)

    listing = commands.add_parser("list", help="show an agent's inbox")
    _add_hub_url(listing)
    listing.add_argument("--agent", required=True)
    listing.add_argument("--unread", action="store_true", help="only unread messages")
    listing.add_argument("--output", choices=["text", "json"], default="text")
    listing.set_defaults(handler=_list)

    audit = commands.add_parser("audit", help="show an agent's progress events (the audit trail)")
    _add_hub_url(audit)
    audit.add_argument("--agent", required=True)
    audit.add_argument("--output", choices=["text", "json"], default="text")
    audit.set_defaults(handler=_audit)

    seed = commands.add_parser("seed", help="post the sample inbox (demo data)")
    _add_hub_url(seed)
    seed.add_argument("--agent", default=DEFAULT_AGENT, help=f"recipient (default {DEFAULT_AGENT})")
    seed.set_defaults(handler=_seed)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _add_hub_url(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--hub-url", help=f"State Hub base URL (default: env {ENV_HUB_URL})")


def _hub_url(args: argparse.Namespace) -> str:
    from warden.core.errors import ConfigError

    url: str | None = args.hub_url or os.environ.get(ENV_HUB_URL)
    if not url:
        raise ConfigError(f"no hub URL: pass --hub-url or set {ENV_HUB_URL}")
    return url


def _serve(args: argparse.Namespace) -> int:
    import asyncio
    import sqlite3
    from pathlib import Path

    from warden.core.errors import ConfigError
    from warden.hub.server import serve

    db_path = Path(args.db)
    if not db_path.parent.is_dir():
        raise ConfigError(f"cannot create the hub database {db_path}: no such directory")
    token = args.token or os.environ.get(ENV_HUB_TOKEN) or None

    def ready(url: str) -> None:
        print(f"hub: serving on {url} (db {db_path})", flush=True)

    try:
        asyncio.run(
            serve(
                db_path=db_path,
                host=args.host,
                port=args.port,
                token=token,
                fault_injection=args.fault_injection,
                ready=ready,
            )
        )
    except sqlite3.Error as exc:
        raise ConfigError(f"cannot use the hub database {db_path}: {exc}") from None
    except OSError as exc:
        raise ConfigError(
            f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}"
        ) from None
    return 0


def _send(args: argparse.Namespace) -> int:
    import asyncio

    from warden.worker.hub_client import HubClient

    async def send() -> str:
        async with HubClient(_hub_url(args)) as hub:
            return await hub.send_message(
                from_agent=args.from_agent,
                to_agent=args.to_agent,
                subject=args.subject,
                body=args.body,
                in_reply_to=args.in_reply_to,
            )

    print(asyncio.run(send()))
    return 0


def _list(args: argparse.Namespace) -> int:
    import asyncio
    import json

    from warden.worker.hub_client import HubClient

    async def fetch() -> list[Any]:
        async with HubClient(_hub_url(args)) as hub:
            return await hub.inbox(args.agent, unread_only=args.unread)

    messages = asyncio.run(fetch())
    if args.output == "json":
        print(json.dumps([message.model_dump(mode="json") for message in messages], indent=2))
        return 0
    from warden.core.masking import Masker, strip_controls

    masker = Masker()

    def show(text: str) -> str:  # untrusted: no terminal escapes, no secret values
        return " ".join(masker.displayable(text).split())

    for message in messages:  # ids come from the hub: shown as they are
        print(f"{' '.join(strip_controls(message.id).split())}  {message.created_at}  "
              f"{show(message.from_agent)}  {show(message.subject)}")  # fmt: skip
    if not messages:
        print(f"(no {'unread ' if args.unread else ''}messages for {args.agent})")
    return 0


def _audit(args: argparse.Namespace) -> int:
    import asyncio
    import json

    from warden.worker.hub_client import HubClient

    async def fetch() -> list[dict[str, Any]]:
        async with HubClient(_hub_url(args)) as hub:
            return await hub.progress_events(agent=args.agent)

    events = asyncio.run(fetch())
    if args.output == "json":
        print(json.dumps(events, indent=2))
        return 0
    from warden.core.masking import Masker, strip_controls

    masker = Masker()

    def show(value: object) -> str:  # untrusted: no terminal escapes, no secret values
        return " ".join(masker.displayable(str(value)).split())

    def shown_id(value: object) -> str:  # ids come from the hub: shown as they are
        return " ".join(strip_controls(str(value)).split())

    for event in events:
        actions = ", ".join(
            show(a.get("kind")) + (f"->{show(a['target'])}" if a.get("target") else "")
            for a in event.get("data", {}).get("actions", [])
        )
        print(
            f"{shown_id(event['message_id'])}  {show(event['kind']):<16} "
            f"{show(event['summary'])}  [{actions}]"
        )
    if not events:
        print(f"(no progress events for {args.agent})")
    return 0


def _seed(args: argparse.Namespace) -> int:
    import asyncio

    from warden.hub.sample import load_sample_inbox
    from warden.worker.hub_client import HubClient

    samples = load_sample_inbox()

    async def seed() -> list[str]:
        async with HubClient(_hub_url(args)) as hub:
            return [
                await hub.send_message(
                    from_agent=sample.from_agent,
                    to_agent=args.agent,
                    subject=sample.subject,
                    body=sample.body,
                )
                for sample in samples
            ]

    ids = asyncio.run(seed())
    for message_id in ids:
        print(message_id)
    print(f"hub: seeded {len(ids)} messages into the inbox of {args.agent}")
    return 0
