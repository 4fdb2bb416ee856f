"""The floor peer of the operator benchmark: the least a kopf operator does for the core job.

One CronJob per WardenWorker (suspended, Forbid, the worker's schedule), owned through
`kopf.adopt`, created on create and patched on a spec change; nothing else (no catalog copy, no
status, no Events on success, no run history). kopf's defaults otherwise, as a minimal
operator written from the docs would have them. Run: `kopf run --standalone -A
bench/floor_operator.py` (bench/operator_scale.py starts it through `python -m kopf`)."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
import kopf

WW = ("ops-warden.dev", "v1alpha1", "wardenworkers")
SERVER: list[str] = []
SESSION: list[aiohttp.ClientSession] = []  # one keep-alive session, made in kopf's loop


@kopf.on.startup()
def configure(settings: kopf.OperatorSettings, **_: Any) -> None:
    settings.posting.level = logging.WARNING  # no Event per successful handler


@kopf.on.login()
def login(**kwargs: Any) -> kopf.ConnectionInfo | None:
    info = kopf.login_with_kubeconfig(**kwargs)
    if info is not None:
        SERVER[:] = [str(info.server).rstrip("/")]
    return info


def cronjob(body: kopf.Body) -> dict[str, Any]:
    container = {"name": "worker", "image": "ghcr.io/ops-warden/warden:latest",
                 "command": ["warden", "worker", "run"]}  # fmt: skip
    job = {"spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [container]}}}}
    spec = {"schedule": body["spec"]["schedule"], "suspend": True,
            "concurrencyPolicy": "Forbid", "jobTemplate": job}  # fmt: skip
    obj: dict[str, Any] = {"apiVersion": "batch/v1", "kind": "CronJob", "spec": spec,
                           "metadata": {"name": body["metadata"]["name"]}}  # fmt: skip
    kopf.adopt(obj, owner=body)  # namespace, ownerReference, labels
    return obj


async def send(method: str, path: str, body: dict[str, Any], content_type: str) -> None:
    if not SESSION:
        SESSION.append(aiohttp.ClientSession())
    headers = {"Content-Type": content_type}
    async with SESSION[0].request(method, SERVER[0] + path, json=body, headers=headers) as resp:
        if resp.status >= 400:
            raise kopf.TemporaryError(f"{method} {path}: {resp.status}", delay=1)


@kopf.on.create(*WW)
async def create(**kwargs: Any) -> None:
    path = f"/apis/batch/v1/namespaces/{kwargs['namespace']}/cronjobs"
    await send("POST", path, cronjob(kwargs["body"]), "application/json")


@kopf.on.update(*WW, field="spec")
async def update(**kwargs: Any) -> None:
    path = f"/apis/batch/v1/namespaces/{kwargs['namespace']}/cronjobs/{kwargs['name']}"
    patch = {"spec": cronjob(kwargs["body"])["spec"]}
    await send("PATCH", path, patch, "application/merge-patch+json")
