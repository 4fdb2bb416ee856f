"""Run now: a new value of the `ops-warden.dev/run-now` annotation on a WardenWorker makes the
operator create one Job from the CronJob's template (as `kubectl create job --from=cronjob/...`
would), once per value, even while the CronJob is suspended. Pure functions; the handlers
create the Job and record it in status.runNow.

The value is free text: any length, any characters. It never reaches a name, label or Event;
status.runNow.value holds it only when it is short, printable and not secret-shaped
(`recorded_value`), a hash of it otherwise. The Job's name is derived from the WardenWorker's
uid and the value, so a retry (a conflict, a restart between creating the Job and recording
it) finds the Job it already made instead of making a second one."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from warden.core.masking import mask
from warden.core.vocabulary import RUN_NOW_ANNOTATION, TRIGGER_LABEL, WAIVER_ANNOTATION
from warden.operator.render import WorkerRef

RECORDED_VALUE_LIMIT = 128
INSTANTIATE_ANNOTATION = "cronjob.kubernetes.io/instantiate"  # what kubectl sets: "manual"
_JOB_SUFFIX = 11  # "-r" + 9 hex digits: a CronJob name (<= 52) + this fits a Job name (63)


def requested_value(annotations: Mapping[str, Any] | None) -> str | None:
    """The run-now annotation's value; None when absent, not a string or blank."""
    value = (annotations or {}).get(RUN_NOW_ANNOTATION)
    return value if isinstance(value, str) and value.strip() else None


def recorded_value(value: str) -> str:
    """What status.runNow.value holds for `value`: the value itself when it is at most 128
    printable characters that masking leaves alone, else `sha256:<hex>` of it. Deterministic,
    so a request is new exactly when this differs from what the status holds."""
    printable = value.isprintable() and len(value) <= RECORDED_VALUE_LIMIT
    if printable and mask(value) == value:
        return value
    return "sha256:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def is_new(value: str, last_recorded: str | None) -> bool:
    return recorded_value(value) != last_recorded


def job_name(cronjob_name: str, worker_uid: str, value: str) -> str:
    """The Job for this request: the CronJob's name, `-r` and 9 hex digits of a hash of the
    worker's uid and the value (<= 63 characters for a CronJob name of <= 52)."""
    material = f"{worker_uid}\n{value}".encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(material).hexdigest()[: _JOB_SUFFIX - 2]
    return f"{cronjob_name[: 63 - _JOB_SUFFIX]}-r{digest}"


def annotations_pending(body: Mapping[str, Any]) -> bool:
    """True when the WardenWorker's run-now or shakedown-waiver annotation says something its
    status does not reflect yet. kopf leaves annotations under its own storage prefix
    (ops-warden.dev/) out of the object's essence, so changing them fires no update handler:
    the event handler uses this to reconcile at once, without a reconcile per status write."""
    meta = body.get("metadata") or {}
    status = body.get("status") or {}
    annotations = meta.get("annotations") or {}
    value = requested_value(annotations)
    last = (status.get("runNow") or {}).get("value")
    if value is not None and is_new(value, last):
        return True
    waived = isinstance(annotations.get(WAIVER_ANNOTATION), str) and bool(
        annotations[WAIVER_ANNOTATION].strip()
    )
    recorded = bool((status.get("shakedown") or {}).get("waiver"))
    return waived != recorded and "shakedown" in status


def busy(jobs: Iterable[Mapping[str, Any]]) -> str | None:
    """The name of a Job of this worker that is still running, if any: a run-now waits for it
    (the CronJob's concurrencyPolicy Forbid, kept for requested runs too)."""
    for job in jobs:
        conditions = (job.get("status") or {}).get("conditions") or []
        finished = any(
            c.get("type") in ("Complete", "Failed") and c.get("status") == "True"
            for c in conditions
        )
        if not finished:
            return str((job.get("metadata") or {}).get("name") or "")
    return None


def render_job(
    cronjob: Mapping[str, Any], live_cronjob_uid: str, name: str, ref: WorkerRef
) -> dict[str, Any]:
    """The Job of one run-now request from a rendered CronJob (its jobTemplate, rendered in
    the mode the rollout stage gives run-now runs): owned by the live CronJob, labelled so
    that the operator's indexes see it, marked as run-now."""
    template = cronjob["spec"]["jobTemplate"]
    meta = template.get("metadata") or {}
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {
            "name": name,
            "namespace": ref.namespace,
            "labels": {**meta.get("labels", {}), TRIGGER_LABEL: "run-now"},
            "annotations": {**meta.get("annotations", {}), INSTANTIATE_ANNOTATION: "manual"},
            "ownerReferences": [
                {
                    "apiVersion": "batch/v1",
                    "kind": "CronJob",
                    "name": cronjob["metadata"]["name"],
                    "uid": live_cronjob_uid,
                    "controller": True,
                }
            ],
        },
        "spec": copy.deepcopy(template["spec"]),
    }
