"""`kubectl ww` (the `kubectl-ww` console script): look at and steer WardenWorkers.

It talks to the API server the way the operator does - kopf's kubeconfig login and the
operator's small client (warden.operator.kube) - so there is one Kubernetes client in the
project. Exit codes (docs/observability.md, "kubectl ww"): 0 done; 1 the API server refused
or the WardenWorker does not exist; 2 bad usage; 3 no usable kubeconfig or the API server
cannot be reached. Every error is one line on stderr, never a traceback."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import secrets
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any, NoReturn

from warden.core import vocabulary
from warden.core.masking import mask
from warden.core.vocabulary import RUN_NOW_ANNOTATION
from warden.kubectl import tables

PROG = "kubectl ww"
_NAME_RE = re.compile(r"^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
_NAMESPACE_RE = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
WAIVER_REASON_LIMIT = 256  # what the operator keeps of a waiver's reason


class PluginExit(IntEnum):
    OK = 0
    FAILED = 1  # the API server refused, or the WardenWorker does not exist
    USAGE = 2  # bad flags or arguments
    UNREACHABLE = 3  # no usable kubeconfig, or the API server cannot be reached


class PluginError(Exception):
    def __init__(self, message: str, code: PluginExit = PluginExit.FAILED) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (kubectl's `error: ...`), exit 2."""

    def error(self, message: str) -> NoReturn:
        print(f"error: {message} (see '{self.prog} --help')", file=sys.stderr)
        raise SystemExit(PluginExit.USAGE)


def _common(parser: argparse.ArgumentParser, default: object) -> argparse.ArgumentParser:
    """-n and --kubeconfig, accepted before the command (as kubectl does) and after it."""
    parser.add_argument(
        "-n", "--namespace", default=default, help="the namespace (default: the context's)"
    )
    parser.add_argument(
        "--kubeconfig", default=default, help="the kubeconfig file (default: $KUBECONFIG)"
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _common(
        _Parser(prog=PROG, description="Look at and steer ops-warden WardenWorkers."), None
    )
    # After the command, an option left out must not reset the one given before it.
    common = _common(_Parser(add_help=False), argparse.SUPPRESS)
    output = _Parser(add_help=False)
    output.add_argument("-o", "--output", choices=["table", "json"], default="table")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    get = sub.add_parser("get", parents=[common, output], help="list WardenWorkers")
    get.add_argument("name", nargs="?", help="one WardenWorker")
    get.add_argument("-A", "--all-namespaces", action="store_true", help="in every namespace")
    sub.add_parser(
        "runs", parents=[common, output], help="the runs recorded in a WardenWorker's status"
    ).add_argument("name")
    sub.add_parser(
        "describe", parents=[common], help="a WardenWorker in detail, with its Events"
    ).add_argument("name")
    sub.add_parser(
        "run-now", parents=[common, output], help="ask the operator for one run now"
    ).add_argument("name")
    sub.add_parser(
        "suspend", parents=[common, output], help="stop scheduling runs (spec.suspend)"
    ).add_argument("name")
    sub.add_parser(
        "resume", parents=[common, output], help="schedule runs again (spec.suspend: false)"
    ).add_argument("name")
    waive = sub.add_parser(
        "waive", parents=[common, output], help="waive (or --clear) the shakedown, with a reason"
    )
    waive.add_argument("name")
    reason = waive.add_mutually_exclusive_group(required=True)
    reason.add_argument("--reason", help="why execute may start without the shakedown")
    reason.add_argument("--clear", action="store_true", help="remove the waiver")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2, already printed)
        return int(exc.code or 0)
    try:
        _check_names(args)
        return asyncio.run(_run(args))
    except PluginError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return int(exc.code)
    except KeyboardInterrupt:
        return 130


def _check_names(args: argparse.Namespace) -> None:
    name = getattr(args, "name", None)
    if name is not None and not _NAME_RE.match(name):
        raise PluginError(f"{name!r} is not a valid WardenWorker name", PluginExit.USAGE)
    if args.namespace is not None and not _NAMESPACE_RE.match(args.namespace):
        raise PluginError(f"{args.namespace!r} is not a valid namespace", PluginExit.USAGE)
    if getattr(args, "reason", None) is not None:
        args.reason = args.reason.strip()
        if not args.reason:
            raise PluginError("--reason must say why", PluginExit.USAGE)
        if len(args.reason) > WAIVER_REASON_LIMIT:
            raise PluginError(
                f"--reason is longer than {WAIVER_REASON_LIMIT} characters", PluginExit.USAGE
            )


async def _run(args: argparse.Namespace) -> int:
    from warden.operator.kube import KubeApi

    info = _login(args.kubeconfig)

    async def login() -> Any:
        return info

    api = KubeApi(login)
    namespace = args.namespace or getattr(info, "default_namespace", None) or "default"
    try:
        return await Commands(api, namespace, datetime.now(UTC)).run(args)
    finally:
        await api.close()


def _login(kubeconfig: str | None) -> Any:
    """kopf's kubeconfig login: $KUBECONFIG (or --kubeconfig), else ~/.kube/config; the
    current context. Exec credential plugins are not run (see the docs)."""
    import kopf
    import yaml

    if kubeconfig:
        os.environ["KUBECONFIG"] = kubeconfig
    try:
        info = kopf.login_with_kubeconfig(settings=kopf.OperatorSettings())
    except yaml.YAMLError as exc:
        # Never the parser's snippet of the file: the line may hold a token.
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise PluginError(
            f"cannot use the kubeconfig (not valid YAML{where})", PluginExit.UNREACHABLE
        ) from None
    except (OSError, KeyError, TypeError, AttributeError, kopf.LoginError) as exc:
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise PluginError(
            f"cannot use the kubeconfig ({mask(detail)})", PluginExit.UNREACHABLE
        ) from None
    if info is None or not info.server:
        raise PluginError(
            "no kubeconfig: set KUBECONFIG, pass --kubeconfig or create ~/.kube/config",
            PluginExit.UNREACHABLE,
        )
    return info


class Commands:
    def __init__(self, api: Any, namespace: str, now: datetime) -> None:
        self.api = api
        self.namespace = namespace
        self.now = now
        self.api_version = vocabulary.API_VERSION
        self.plural = vocabulary.PLURAL
        self.resource = f"{vocabulary.KIND.lower()}.{vocabulary.GROUP}"  # as kubectl says it
        self.waiver_annotation = vocabulary.WAIVER_ANNOTATION

    async def run(self, args: argparse.Namespace) -> int:
        command = args.command.replace("-", "_")
        handler = getattr(self, f"cmd_{command}")
        code: int = await handler(args)
        return code

    # -- reads ----------------------------------------------------------------------------

    async def cmd_get(self, args: argparse.Namespace) -> int:
        if args.name:
            items = [await self._read(args.name)]
        else:
            items = await self._list(all_namespaces=args.all_namespaces)
        if args.output == "json":
            body: Any = (
                items[0] if args.name else {"apiVersion": "v1", "kind": "List", "items": items}
            )
            _print_json(body)
        elif not items:
            where = "" if args.all_namespaces else f" in {self.namespace} namespace"
            print(f"No resources found{where}.", file=sys.stderr)
        else:
            print(tables.workers_table(items, self.now, args.all_namespaces), end="")
        return PluginExit.OK

    async def cmd_runs(self, args: argparse.Namespace) -> int:
        obj = await self._read(args.name)
        if args.output == "json":
            _print_json(tables.runs_of(obj))
        elif not tables.runs_of(obj):
            print(f"No runs recorded for {self.resource}/{args.name} yet.", file=sys.stderr)
        else:
            print(tables.runs_table(obj, self.now), end="")
        return PluginExit.OK

    async def cmd_describe(self, args: argparse.Namespace) -> int:
        obj = await self._read(args.name)
        print(tables.describe(obj, await self._events(obj), self.now), end="")
        return PluginExit.OK

    # -- changes --------------------------------------------------------------------------

    async def cmd_run_now(self, args: argparse.Namespace) -> int:
        value = f"{self.now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
        patch = {"metadata": {"annotations": {RUN_NOW_ANNOTATION: value}}}
        obj = await self._patch(args.name, patch)
        self._done(args, obj, f"run requested ({RUN_NOW_ANNOTATION}={value})")
        return PluginExit.OK

    async def cmd_suspend(self, args: argparse.Namespace) -> int:
        return await self._set_suspend(args, True)

    async def cmd_resume(self, args: argparse.Namespace) -> int:
        return await self._set_suspend(args, False)

    async def cmd_waive(self, args: argparse.Namespace) -> int:
        value = None if args.clear else args.reason
        obj = await self._patch(
            args.name, {"metadata": {"annotations": {self.waiver_annotation: value}}}
        )
        self._done(args, obj, "shakedown waiver removed" if args.clear else "shakedown waived")
        return PluginExit.OK

    async def _set_suspend(self, args: argparse.Namespace, suspend: bool) -> int:
        word = "suspended" if suspend else "resumed"
        current = await self._read(args.name)
        if (current.get("spec") or {}).get("suspend", True) is suspend:
            self._done(args, current, f"already {word} (no change)")
            return PluginExit.OK
        obj = await self._patch(args.name, {"spec": {"suspend": suspend}})
        self._done(args, obj, word)
        return PluginExit.OK

    def _done(self, args: argparse.Namespace, obj: Mapping[str, Any], what: str) -> None:
        if args.output == "json":
            _print_json(obj)
        else:
            print(f"{self.resource}/{args.name} {what}")

    # -- the API --------------------------------------------------------------------------

    def _path(self, name: str | None = None, namespace: str | None = None) -> str:
        from warden.operator.kube import object_path

        return object_path(self.api_version, self.plural, namespace or self.namespace, name)

    async def _read(self, name: str) -> dict[str, Any]:
        obj = await self._call(self.api.get(self._path(name)))
        if obj is None:
            raise self._not_found(name)
        return dict(obj)

    async def _list(self, all_namespaces: bool) -> list[dict[str, Any]]:
        path = f"/apis/{self.api_version}/{self.plural}" if all_namespaces else self._path()
        listing = await self._call(self.api.get(path))
        if listing is None:
            raise PluginError(
                f"the API server does not serve {self.plural}.{self.api_version}: "
                "is the ops-warden CRD installed?"
            )
        items = [item for item in listing.get("items") or [] if isinstance(item, dict)]
        return sorted(
            items, key=lambda o: (o["metadata"].get("namespace", ""), o["metadata"]["name"])
        )

    async def _patch(self, name: str, patch: Mapping[str, Any]) -> dict[str, Any]:
        from warden.operator.kube import KubeApiError

        try:
            result: dict[str, Any] = await self._call(self.api.merge_patch(self._path(name), patch))
        except PluginError as exc:
            if isinstance(exc.__cause__, KubeApiError) and exc.__cause__.status == 404:
                raise self._not_found(name) from None
            raise
        return result

    async def _events(self, obj: Mapping[str, Any]) -> list[dict[str, Any]]:
        meta = obj.get("metadata") or {}
        path = (
            f"/api/v1/namespaces/{meta.get('namespace', self.namespace)}/events"
            f"?fieldSelector=involvedObject.name%3D{meta.get('name')}"
        )
        try:
            listing = await self._call(self.api.get(path)) or {}
        except PluginError:
            return []  # Events are a courtesy: a describe without them still says the rest
        uid = meta.get("uid")
        return [
            event
            for event in listing.get("items") or []
            if isinstance(event, dict)
            and (event.get("involvedObject") or {}).get("name") == meta.get("name")
            and (event.get("involvedObject") or {}).get("kind") in (None, vocabulary.KIND)
            and (not uid or (event.get("involvedObject") or {}).get("uid") in (None, uid))
        ]

    async def _call(self, request: Any) -> Any:
        import aiohttp

        from warden.operator.kube import KubeApiError

        try:
            return await request
        except KubeApiError as exc:
            detail = exc.message or exc.reason
            raise PluginError(f"the API server said {exc.status} ({exc.reason}): {detail}") from exc
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            server = getattr(self.api, "_server", "") or "the API server"
            raise PluginError(
                mask(f"cannot reach {server}: {type(exc).__name__} {exc}".rstrip()),
                PluginExit.UNREACHABLE,
            ) from None

    def _not_found(self, name: str) -> PluginError:
        return PluginError(f'{self.resource} "{name}" not found in namespace "{self.namespace}"')


def _print_json(body: Any) -> None:
    print(json.dumps(body, indent=4, sort_keys=False))
