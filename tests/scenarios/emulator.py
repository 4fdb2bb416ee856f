"""The emulator driver of the operator scenarios: kmock's KubernetesEmulator on 127.0.0.1, the
real `warden operator` in a subprocess, and - done openly here, because the emulator has no
controllers - what the API server and the Job controller would write.

What is simulated, and why:
- API server bookkeeping kmock 0.8 does not do: metadata.uid, resourceVersion (with 409 on a
  stale one), generation (bumped on spec changes), creationTimestamp, generateName, and the
  status subresource split (a status patch changes only status, a main patch never status).
- The Job controller: `finish_run` creates the Job from the CronJob's jobTemplate, its Pod
  with the worker container terminated (termination message = the run summary), and then
  the Job's Complete/Failed condition - the objects and fields a real controller writes.
- What a real apiserver refuses, it refuses here too (tests/k8s/apiserver.py): request bodies
  that are not standard JSON (400); custom resources that fail their CRD's schema or rules,
  after nulls were dropped, defaults applied and unknown fields pruned (422); CRDs the
  apiserver would not admit (tests/k8s/admission.py); built-in objects that fail their
  Kubernetes schema, strictly, or CronJob schedules the CronJob parser refuses (422). Quantities
  are stored in canonical form, and status sent with a create is dropped (status subresource).
- Lists and watches honour `labelSelector` and `fieldSelector` as an API server does
  (tests/k8s/selectors.py): kmock streams everything, so an operator's server-side selectors
  would go untested and it would be sent objects a cluster never sends it. A selector the
  apiserver cannot parse, or a field it does not index, is a 400.
- No garbage collection (owner references are asserted instead)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import shutil
import signal
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp.web
import kmock
import yaml
from kmock._internal import enums, rendering  # the emulator's request types (for _handle)
from kmock._internal.dicts import merge_patch_dict

from tests.k8s import apiserver, openapi, selectors
from tests.k8s.admission import crd_violations
from tests.scenarios.operator_flow import CRD_PATH, OPERATOR_NAMESPACE, SimulatedRun

VERBS = ["get", "list", "watch", "create", "update", "patch", "delete"]
RESOURCES: dict[str, dict[str, Any]] = {
    "ops-warden.dev/v1alpha1/wardenworkers": {
        "kind": "WardenWorker",
        "singular": "wardenworker",
        "namespaced": True,
        "shortnames": ["ww"],
        "subresources": ["status"],
        "verbs": VERBS,
    },
    "batch/v1/cronjobs": {"kind": "CronJob", "singular": "cronjob", "namespaced": True,
                          "subresources": ["status"], "verbs": VERBS},
    "batch/v1/jobs": {"kind": "Job", "singular": "job", "namespaced": True,
                      "subresources": ["status"], "verbs": VERBS},
    "v1/pods": {"kind": "Pod", "singular": "pod", "namespaced": True, "subresources": ["status"],
                "verbs": VERBS},
    "v1/configmaps": {"kind": "ConfigMap", "singular": "configmap", "namespaced": True,
                      "verbs": VERBS},
    # Declared for discovery only: kopf waits for it even when it serves all namespaces.
    "v1/namespaces": {"kind": "Namespace", "singular": "namespace", "namespaced": False,
                      "verbs": VERBS},
    "v1/events": {"kind": "Event", "singular": "event", "namespaced": True, "verbs": VERBS},
    "apiextensions.k8s.io/v1/customresourcedefinitions": {
        "kind": "CustomResourceDefinition", "singular": "customresourcedefinition",
        "namespaced": False, "verbs": VERBS,
    },
}  # fmt: skip


class ApiServerEmulator(kmock.KubernetesEmulator):
    """kmock's emulator plus the API server bookkeeping the operator relies on, and the
    admission a real apiserver applies (see the module docstring)."""

    _version = 0

    namespaces = ("default", OPERATOR_NAMESPACE, "team-a", "team-b")

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        # (group, version, plural) -> openAPIV3Schema of each CRD the emulator admitted
        self.crd_schemas: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.admission = True  # off only to plant what an older schema once admitted

    def install_crd(self, crd: dict[str, Any]) -> None:
        """Admit a CRD as the apiserver would (or fail the test), and serve its schema."""
        problems = [str(v) for v in crd_violations(crd)]
        assert not problems, f"the apiserver refuses CRD {crd['metadata']['name']}: {problems}"
        self.objects[
            "apiextensions.k8s.io/v1/customresourcedefinitions", None, crd["metadata"]["name"]
        ] = crd
        self._serve_crd(crd)

    def _serve_crd(self, crd: Mapping[str, Any]) -> None:
        spec = crd["spec"]
        for version in spec["versions"]:
            key = (spec["group"], version["name"], spec["names"]["plural"])
            self.crd_schemas[key] = version["schema"]["openAPIV3Schema"]

    async def __call__(self, raw_request: aiohttp.web.BaseRequest) -> aiohttp.web.StreamResponse:
        if raw_request.method in ("POST", "PUT", "PATCH"):
            problem = apiserver.strict_json_problem(await raw_request.read())
            if problem is not None:
                return _status_response(400, "BadRequest", problem)
        if raw_request.path.rstrip("/") == "/api/v1/namespaces":
            # kmock 0.8 cannot parse the cluster-scoped namespace list (it reads "namespaces"
            # as a namespace prefix), which kopf lists and watches when it serves `-n`
            # patterns: answered here, from a fixed set of namespaces that never changes.
            await raw_request.read()
            if raw_request.query.get("watch") == "true":
                return await self._idle_watch(raw_request)
            items = [
                {"apiVersion": "v1", "kind": "Namespace",
                 "metadata": {"name": name, "uid": f"ns-{name}", "resourceVersion": "1"}}
                for name in self.namespaces
            ]  # fmt: skip
            return aiohttp.web.json_response(
                {"apiVersion": "v1", "kind": "NamespaceList",
                 "metadata": {"resourceVersion": "1"}, "items": items}
            )  # fmt: skip
        return await super().__call__(raw_request)

    @staticmethod
    async def _idle_watch(raw_request: aiohttp.web.BaseRequest) -> aiohttp.web.StreamResponse:
        """A watch stream with no events, closed after its timeoutSeconds like a real one."""
        response = aiohttp.web.StreamResponse()
        response.content_type = "application/json"
        await response.prepare(raw_request)
        try:
            timeout = float(raw_request.query.get("timeoutSeconds", "60"))
        except ValueError:
            timeout = 60.0
        await asyncio.sleep(min(timeout, 60.0))
        await response.write_eof()
        return response

    async def _handle(self, request: rendering.Request) -> Any:
        if request.action in (enums.action.LIST, enums.action.WATCH):
            self._selection(request)  # a selector the apiserver cannot parse: 400 at once
        data = request.data
        if request.resource is not None and isinstance(data, dict):
            if request.action == enums.action.CREATE:
                self._on_create(request, data)
                if self.admission:
                    self._admit_create(request, data)
            elif request.action == enums.action.UPDATE and request.name:
                self._on_update(request, data)
                if self.admission:
                    self._admit_update(request, data)
        return await super()._handle(request)

    # -- admission ----------------------------------------------------------------------

    def _admit_create(self, request: rendering.Request, data: dict[str, Any]) -> None:
        if self._has_status(request):
            data.pop("status", None)  # the status subresource: a create never sets status
        stored, errors = self._admit(request, data, None)
        if errors:
            raise self._invalid(request, data, errors)
        data.clear()
        data.update(stored)
        if _is_crd(request):
            self._serve_crd(stored)

    def _admit_update(self, request: rendering.Request, data: dict[str, Any]) -> None:
        current = self._current(request)
        if current is None:
            return  # kmock answers 404
        candidate = json.loads(json.dumps(merge_patch_dict(current, data)))
        stored, errors = self._admit(request, candidate, current)
        if errors:
            raise self._invalid(request, candidate, errors)
        patch = apiserver.merge_diff(current, stored)
        data.clear()
        data.update(patch)

    def _admit(
        self, request: rendering.Request, obj: dict[str, Any], old: dict[str, Any] | None
    ) -> tuple[dict[str, Any], list[str]]:
        resource = request.resource
        assert resource is not None
        if _is_crd(request):
            return json.loads(json.dumps(obj)), [str(v) for v in crd_violations(obj)]
        schema = self.crd_schemas.get(
            (resource.group or "", resource.version or "", resource.plural or "")
        )
        if schema is not None:
            stored, errors = openapi.admit(schema, obj)
            if old is not None:
                old, _ = openapi.admit(schema, old)  # as read from storage: defaulted too
        elif resource.group in {group for group, _v, _p in self.crd_schemas}:
            raise kmock.KubernetesError(status=404, reason="NotFound", message="no such version")
        else:
            stored = json.loads(json.dumps(obj))
            # the apiserver knows both from the URL (kopf posts Events without them)
            stored.setdefault("apiVersion", f"{resource.group}/{resource.version}".lstrip("/"))
            stored.setdefault("kind", self.resources[resource].kind)
            errors = apiserver.admit_builtin(stored)
        return stored, apiserver.ratchet(errors, old, stored)

    def _invalid(
        self, request: rendering.Request, obj: Mapping[str, Any], errors: list[str]
    ) -> kmock.KubernetesError:
        resource = request.resource
        assert resource is not None
        info = self.resources[resource]
        name = str((obj.get("metadata") or {}).get("name", ""))
        message = apiserver.invalid_message(info.kind or "", resource.group or "", name, errors)
        return kmock.KubernetesError(status=422, reason="Invalid", message=message)

    def _selection(self, request: rendering.Request) -> selectors.Predicate | None:
        """The request's label and field selectors (None: none given), or a 400."""
        resource, kind = request.resource, ""
        # `resources[...]` adds a resource it does not know: an unserved one must stay a 404
        if resource is not None and resource in self.resources:
            kind = self.resources[resource].kind or ""
        try:
            return selectors.selection(request.params, kind)
        except selectors.SelectorError as exc:
            raise kmock.KubernetesError(status=400, reason="BadRequest", message=str(exc)) from exc

    async def _serve_list(self, request: rendering.Request) -> Any:
        """A list with its kind and apiVersion, as an API server answers (kubectl needs them),
        of the objects its selectors select."""
        listing = await super()._serve_list(request)
        resource = request.resource
        if isinstance(listing, dict) and resource is not None:
            info = self.resources[resource]
            group_version = f"{resource.group}/{resource.version}" if resource.group else "v1"
            listing.setdefault("kind", f"{info.kind}List")
            listing.setdefault("apiVersion", group_version)
            selected = self._selection(request)
            if selected is not None:
                listing["items"] = [item for item in listing.get("items", []) if selected(item)]
        return listing

    async def _serve_watch(self, request: rendering.Request) -> AsyncIterator[Any]:
        """The watch as its selectors see it: an object that stops matching is DELETED for
        this watcher, one that starts matching ADDED."""
        selected = self._selection(request)
        view = None if selected is None else selectors.WatchFilter(selected)
        async for item in super()._serve_watch(request):
            if view is None or not isinstance(item, dict):
                yield item
                continue
            for event in view(item):
                yield event

    def _next_version(self) -> str:
        type(self)._version += 1
        return str(type(self)._version)

    def _on_create(self, request: rendering.Request, data: dict[str, Any]) -> None:
        meta = data.setdefault("metadata", {})
        if not meta.get("name") and meta.get("generateName"):
            meta["name"] = meta["generateName"] + secrets.token_hex(4)
        meta.setdefault("uid", str(uuid.uuid4()))
        meta.setdefault("creationTimestamp", _now())
        meta["resourceVersion"] = self._next_version()
        meta["generation"] = 1
        if request.namespace and not meta.get("namespace"):
            meta["namespace"] = request.namespace

    def _on_update(self, request: rendering.Request, data: dict[str, Any]) -> None:
        current = self._current(request)
        if current is None:
            return  # kmock answers 404
        meta = current.get("metadata", {})
        wanted = (data.get("metadata") or {}).get("resourceVersion")
        if wanted and wanted != meta.get("resourceVersion"):
            raise kmock.KubernetesError(status=409, reason="Conflict", message="stale object")
        if request.subresource == "status":
            for key in list(data):
                if key not in ("status", "metadata"):
                    del data[key]
            data["metadata"] = {}
        elif "status" in data and self._has_status(request):
            del data["status"]
        new_meta = data.setdefault("metadata", {})
        new_meta["resourceVersion"] = self._next_version()
        new_meta.pop("uid", None)
        if "spec" in data:
            merged = merge_patch_dict(current.get("spec") or {}, data["spec"])
            if merged != (current.get("spec") or {}):
                new_meta["generation"] = int(meta.get("generation", 1)) + 1

    def _current(self, request: rendering.Request) -> dict[str, Any] | None:
        for (resource, namespace, name), obj in self.objects.items():
            same = resource == request.resource and namespace == request.namespace
            if same and name == request.name and not obj.deleted:
                return dict(obj.raw)
        return None

    def _has_status(self, request: rendering.Request) -> bool:
        assert request.resource is not None
        return "status" in self.resources[request.resource].subresources


def _is_crd(request: rendering.Request) -> bool:
    resource = request.resource
    return resource is not None and resource.plural == "customresourcedefinitions"


def _status_response(status: int, reason: str, message: str) -> aiohttp.web.Response:
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason, "code": status}  # fmt: skip
    return aiohttp.web.json_response(body, status=status)


def _now(delta: float = 0) -> str:
    return (datetime.now(UTC) + timedelta(seconds=delta)).strftime("%Y-%m-%dT%H:%M:%SZ")


# No metrics port by default: tests never race for a fixed port (tests/operator/test_metrics.py
# serves them on a free one).
STANDALONE_ARGS = ("operator", "--all-namespaces", "--standalone", "--metrics-port=0")


class OperatorProcess:
    """`warden operator` as a subprocess, logging to a file the test prints on failure.
    `args` are the `warden` arguments after the global `--log-level` (default: one standalone
    operator over all namespaces); the chart test passes the Deployment's."""

    def __init__(
        self,
        kubeconfig: Path,
        log_path: Path,
        env: Mapping[str, str],
        args: Sequence[str] = STANDALONE_ARGS,
    ) -> None:
        self.kubeconfig = kubeconfig
        self.log_path = log_path
        self.env = dict(env)
        self.args = list(args)
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0

    async def start(self) -> None:
        env = {**os.environ, **self.env, "KUBECONFIG": str(self.kubeconfig)}
        log = self.log_path.open("ab")
        log.write(f"\n==== operator start #{self.starts + 1}\n".encode())
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "warden",
            "--log-level", os.environ.get("WARDEN_TEST_OPERATOR_LOG_LEVEL", "INFO"),
            *self.args,
            env=env, stdout=log, stderr=log,
        )  # fmt: skip
        log.close()
        self.starts += 1

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), timeout=10)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.returncode is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


_SUBSCRIPT = re.compile(r"metadata\.(labels|annotations)\['([^']+)'\]")


def _downward_value(metadata: Mapping[str, Any], field_ref: Mapping[str, Any]) -> str:
    """A downward API file's content: one label or annotation of the pod (the kubelet writes
    an empty file for one that is not set)."""
    path = str(field_ref.get("fieldPath", ""))
    found = _SUBSCRIPT.fullmatch(path)
    if found is None:
        raise AssertionError(f"the local kubelet cannot resolve fieldPath {path!r}")
    return str((metadata.get(found[1]) or {}).get(found[2], ""))


def write_kubeconfig(path: Path, server: str) -> Path:
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "kmock", "cluster": {"server": server}}],
        "users": [{"name": "kmock", "user": {}}],
        "contexts": [{"name": "kmock", "context": {"cluster": "kmock", "user": "kmock"}}],
        "current-context": "kmock",
    }
    path.write_text(yaml.safe_dump(config))
    return path


_PLURALS = {
    "WardenWorker": ("ops-warden.dev/v1alpha1", "wardenworkers"),
    "CronJob": ("batch/v1", "cronjobs"),
    "Job": ("batch/v1", "jobs"),
    "Pod": ("v1", "pods"),
    "ConfigMap": ("v1", "configmaps"),
    "Event": ("v1", "events"),
}


class EmulatorCluster:
    """The `Cluster` driver on kmock's emulator (see tests/scenarios/operator_flow.py)."""

    can_simulate_runs = True
    garbage_collects = False
    request_headers: dict[str, str] = {}  # sent with every request the driver makes

    def __init__(
        self,
        emulator: kmock.KubernetesEmulator,
        operator: OperatorProcess,
        work_dir: Path | None = None,
    ) -> None:
        self.emulator = emulator
        self.operator = operator
        self.namespace = "team-a"
        self.work_dir = work_dir or Path(tempfile.mkdtemp(prefix="warden-kubelet-"))
        self.work_dir.mkdir(parents=True, exist_ok=True)

    def _url(self, kind: str, namespace: str | None, name: str | None = None, sub: str = "") -> str:
        api_version, plural = _PLURALS[kind]
        base = f"/api/{api_version}" if "/" not in api_version else f"/apis/{api_version}"
        url = f"{base}/namespaces/{namespace or self.namespace}/{plural}"
        return url + (f"/{name}" if name else "") + (f"/{sub}" if sub else "")

    async def _call(self, method: str, url: str, body: Any = None, merge: bool = False) -> Any:
        headers = dict(self.request_headers)
        if merge:
            headers["Content-Type"] = "application/merge-patch+json"
        async with self.emulator.request(method, url, json=body, headers=headers) as response:
            payload = await response.json(content_type=None)
            if response.status == 404 and method == "GET":
                return None
            if response.status >= 400:
                raise AssertionError(f"{method} {url} -> {response.status}: {payload}")
            return payload

    async def create(self, body: Mapping[str, Any]) -> dict[str, Any]:
        meta = body.get("metadata", {})
        result: dict[str, Any] = await self._call(
            "POST", self._url(body["kind"], meta.get("namespace")), dict(body)
        )
        return result

    async def plant(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """Create `body` without admission: an object an older, looser CRD once admitted
        (the apiserver does not re-validate stored objects when a CRD is tightened)."""
        assert isinstance(self.emulator, ApiServerEmulator)
        self.emulator.admission = False
        try:
            return await self.create(body)
        finally:
            self.emulator.admission = True

    async def get(
        self, kind: str, name: str, namespace: str | None = None
    ) -> dict[str, Any] | None:
        result: dict[str, Any] | None = await self._call("GET", self._url(kind, namespace, name))
        return result

    async def patch(
        self, kind: str, name: str, patch: Mapping[str, Any], namespace: str | None = None
    ) -> None:
        await self._call("PATCH", self._url(kind, namespace, name), dict(patch), merge=True)

    async def delete(self, kind: str, name: str, namespace: str | None = None) -> None:
        await self._call("DELETE", self._url(kind, namespace, name))

    async def list_objects(self, kind: str, namespace: str | None = None) -> list[dict[str, Any]]:
        payload = await self._call("GET", self._url(kind, namespace))
        return list(payload.get("items", [])) if payload else []

    async def set_operator_config(self, data: Mapping[str, str]) -> None:
        name = "ops-warden-operator"
        if await self.get("ConfigMap", name, OPERATOR_NAMESPACE) is None:
            await self.create(
                {
                    "apiVersion": "v1",
                    "kind": "ConfigMap",
                    "metadata": {"name": name, "namespace": OPERATOR_NAMESPACE},
                    "data": dict(data),
                }
            )
        else:
            await self.patch("ConfigMap", name, {"data": dict(data)}, OPERATOR_NAMESPACE)

    async def restart_operator(self) -> None:
        await self.operator.stop()
        await self.operator.start()

    def operator_alive(self) -> bool:
        return self.operator.alive

    async def finish_run(self, cronjob_name: str, run: SimulatedRun) -> str:
        """Do what the Job controller does for one run of the CronJob: the Job from the
        jobTemplate, its Pod with the worker container terminated, then the Job's condition."""
        cronjob = await self.get("CronJob", cronjob_name)
        assert cronjob is not None, f"no CronJob {cronjob_name}"
        template = cronjob["spec"]["jobTemplate"]
        job_name = f"{cronjob_name}-{secrets.randbelow(10**8):08d}"
        job = await self.create(
            {
                "apiVersion": "batch/v1",
                "kind": "Job",
                "metadata": {
                    "name": job_name,
                    "namespace": self.namespace,
                    "labels": dict(template["metadata"].get("labels", {})),
                    "annotations": dict(template["metadata"].get("annotations", {})),
                    "ownerReferences": [{
                        "apiVersion": "batch/v1", "kind": "CronJob", "name": cronjob_name,
                        "uid": cronjob["metadata"].get("uid", ""), "controller": True,
                    }],
                },
                "spec": template["spec"],
            }
        )  # fmt: skip
        await self._complete_job(job_name, job["metadata"]["uid"], template["spec"], run)
        return job_name

    async def finish_job(self, job_name: str, run: SimulatedRun) -> None:
        """What the Job controller and kubelet do for a Job that exists (one the operator
        created for a run-now request): its Pod, terminated as `run` says, then its condition."""
        job = await self.get("Job", job_name)
        assert job is not None, f"no Job {job_name}"
        await self._complete_job(job_name, job["metadata"]["uid"], job["spec"], run)

    async def run_job(self, job_name: str) -> None:
        """Run an existing Job's worker container here (as `trigger_run` does for a CronJob's
        template) and finish the Job with its real exit code and summary."""
        job = await self.get("Job", job_name)
        assert job is not None, f"no Job {job_name}"
        run = await self._run_locally(job_name, job["spec"])
        await self._complete_job(job_name, job["metadata"]["uid"], job["spec"], run)

    async def _complete_job(
        self, job_name: str, job_uid: str, job_spec: Mapping[str, Any], run: SimulatedRun
    ) -> None:
        await self._call(
            "PATCH", self._url("Job", None, job_name, "status"),
            {"status": {"startTime": _now(-run.duration), "active": 1}}, merge=True,
        )  # fmt: skip
        pod_template = job_spec["template"]
        terminated: dict[str, Any] = {
            "exitCode": run.exit_code,
            "reason": run.container_reason or ("Completed" if run.exit_code == 0 else "Error"),
            "finishedAt": _now(),
        }
        if run.termination_message is not None:
            terminated["message"] = run.termination_message
        state: dict[str, Any] = (
            {"waiting": {"reason": run.waiting_reason}}
            if run.waiting_reason
            else {"terminated": terminated}
        )
        pod_name = f"{job_name}-{secrets.token_hex(3)}"
        await self.create(
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {
                    "name": pod_name,
                    "namespace": self.namespace,
                    "labels": {
                        **pod_template["metadata"].get("labels", {}),
                        "batch.kubernetes.io/job-name": job_name,
                        "batch.kubernetes.io/controller-uid": job_uid,
                    },
                    "ownerReferences": [{
                        "apiVersion": "batch/v1", "kind": "Job", "name": job_name,
                        "uid": job_uid, "controller": True,
                    }],
                },
                "spec": pod_template["spec"],
            }
        )  # fmt: skip
        pod_status = {
            "phase": "Succeeded" if run.succeeded else "Failed",
            "containerStatuses": [{"name": "worker", "state": state, "ready": False,
                                   "restartCount": 0, "image": "x", "imageID": ""}],
        }  # fmt: skip
        await self._call(
            "PATCH", self._url("Pod", None, pod_name, "status"), {"status": pod_status}, merge=True
        )
        condition: dict[str, Any] = {
            "type": "Complete" if run.succeeded else "Failed",
            "status": "True",
            "lastTransitionTime": _now(),
        }
        if not run.succeeded:
            condition["reason"] = run.job_reason
        status: dict[str, Any] = {"active": None, "conditions": [condition]}
        if run.succeeded:
            status.update({"succeeded": 1, "completionTime": _now()})
        else:
            status["failed"] = 1
        await self._call(
            "PATCH", self._url("Job", None, job_name, "status"), {"status": status}, merge=True
        )

    async def prune_jobs(self, cronjob_name: str) -> list[str]:
        """What the CronJob controller does with finished Jobs beyond the CronJob's history
        limits: deletes the oldest (and, as the garbage collector would, their Pods).
        Returns the names of the Jobs it deleted."""
        cronjob = await self.get("CronJob", cronjob_name)
        assert cronjob is not None, f"no CronJob {cronjob_name}"
        limits = {
            "Complete": cronjob["spec"].get("successfulJobsHistoryLimit", 3),
            "Failed": cronjob["spec"].get("failedJobsHistoryLimit", 1),
        }
        owned = [
            job for job in await self.list_objects("Job")
            if any(o.get("name") == cronjob_name and o.get("kind") == "CronJob"
                   for o in job["metadata"].get("ownerReferences", []))
        ]  # fmt: skip
        pruned: list[str] = []
        for state, limit in limits.items():
            finished = sorted(
                (job for job in owned
                 if any(c.get("type") == state and c.get("status") == "True"
                        for c in (job.get("status") or {}).get("conditions") or [])),
                key=lambda job: str(job["metadata"].get("creationTimestamp", "")),
            )  # fmt: skip
            for job in finished[: max(0, len(finished) - int(limit))]:
                name = job["metadata"]["name"]
                for pod in await self.list_objects("Pod"):
                    if (
                        pod["metadata"].get("labels", {}).get("batch.kubernetes.io/job-name")
                        == name
                    ):
                        await self.delete("Pod", pod["metadata"]["name"])
                await self.delete("Job", name)
                pruned.append(name)
        return pruned

    async def trigger_run(self, cronjob_name: str) -> str:
        """`kubectl create job --from=cronjob/NAME` with the Job controller and the kubelet
        played openly: the worker container of the CronJob's pod template runs here as a
        process - its command and env as rendered, its ConfigMap volumes written to a local
        directory standing in for the mount path, its termination message file a local file -
        and `finish_run` then records the Job and Pod with the real exit code and summary.
        The worker must be able to reach the hub URL it is given from this process."""
        cronjob = await self.get("CronJob", cronjob_name)
        assert cronjob is not None, f"no CronJob {cronjob_name}"
        run = await self._run_locally(cronjob_name, cronjob["spec"]["jobTemplate"]["spec"])
        return await self.finish_run(cronjob_name, run)

    async def _run_locally(self, name: str, job_spec: Mapping[str, Any]) -> SimulatedRun:
        """The kubelet played here: the Job spec's worker container as a local process."""
        pod = job_spec["template"]["spec"]
        (worker,) = pod["containers"]
        root = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.work_dir))
        mounts = await self._mount_volumes(job_spec["template"], worker, root)

        def local(path: str) -> str:
            for mount_path, local_path in mounts.items():
                if path == mount_path or path.startswith(mount_path.rstrip("/") + "/"):
                    return str(local_path) + path[len(mount_path.rstrip("/")) :]
            return path

        termination_log = root / "termination-log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("WARDEN_", "LLM_"))}
        for item in worker.get("env", []):
            if "value" not in item:
                raise AssertionError(f"the local kubelet cannot resolve env {item}")
            env[item["name"]] = local(item["value"])
        env["TMPDIR"] = str(mounts.get("/tmp", root))  # noqa: S108
        command = list(worker["command"])
        assert command[0] == "warden", command
        argv = [sys.executable, "-m", "warden"] + [
            str(termination_log) if arg == worker["terminationMessagePath"] else local(arg)
            for arg in command[1:]
        ]
        started = time.monotonic()
        process = await asyncio.create_subprocess_exec(
            *argv, env=env, cwd=root,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        deadline = job_spec.get("activeDeadlineSeconds", 600)
        exit_code = await asyncio.wait_for(process.wait(), timeout=min(deadline, 120))
        message = termination_log.read_text() if termination_log.exists() else None
        return SimulatedRun(
            termination_message=message or None,
            exit_code=exit_code,
            succeeded=exit_code == 0,
            duration=time.monotonic() - started,
        )

    async def _mount_volumes(
        self, template: Mapping[str, Any], worker: Mapping[str, Any], root: Path
    ) -> dict[str, Path]:
        """mountPath → local directory, with each ConfigMap volume's keys as files and each
        downward API volume's items (the pod's labels and annotations) as files."""
        volumes = {v["name"]: v for v in template["spec"].get("volumes", [])}
        mounts: dict[str, Path] = {}
        for mount in worker.get("volumeMounts", []):
            local = root / "mounts" / mount["name"]
            local.mkdir(parents=True)
            volume = volumes[mount["name"]]
            if "configMap" in volume:
                config_map = await self.get("ConfigMap", volume["configMap"]["name"])
                assert config_map is not None, f"ConfigMap of volume {mount['name']}"
                for key, value in (config_map.get("data") or {}).items():
                    (local / key).write_text(value)
            elif "downwardAPI" in volume:
                for item in volume["downwardAPI"]["items"]:
                    value = _downward_value(template.get("metadata") or {}, item["fieldRef"])
                    (local / item["path"]).write_text(value)
            elif "emptyDir" not in volume:
                raise AssertionError(f"the local kubelet cannot mount {volume}")
            mounts[mount["mountPath"]] = local
        return mounts

    def close(self) -> None:
        shutil.rmtree(self.work_dir, ignore_errors=True)

    async def events(self, name: str) -> list[dict[str, Any]]:
        items = await self.list_objects("Event")
        return [e for e in items if e.get("involvedObject", {}).get("name") == name]

    def everything_stored(self) -> str:
        """Every object the emulator holds, in every version it ever had, as JSON."""
        dump = []
        for _key, obj in self.emulator.objects.items():
            for version in obj.history:
                if version is not None:
                    dump.append(version.raw)
        return json.dumps(dump)


def load_crd() -> dict[str, Any]:
    crd: dict[str, Any] = yaml.safe_load(CRD_PATH.read_text())
    return crd
