"""kopf handlers: thin glue between the API and the pure render/status functions.

Level-based: every trigger (any watch event of a WardenWorker, including the listing at start;
an owned CronJob changed by hand; a Job or Pod of ours finished; the operator's ConfigMap
changed) ends in the same idempotent `Reconciler.reconcile(namespace, name, ...)`, which puts
the desired state in place. Failed reconciles are retried after a resync period.

API economy (issue 13): a reconcile reads nothing it already knows. The WardenWorker and its
CronJob come from kopf's indexes (the watch) or from the API server's answer to our own last
write, whichever is newer (observed.py). The CronJob carries the routing catalog on its pod
template, so a worker owns nothing else. Objects are created first and read only when the create
finds one in place. Status is written by one merge patch per reconcile and only when it
changes; an Event only when something changed; the echo of our own write triggers nothing.
No on.create/on.update handlers: kopf then needs no diff base (diffbase.py), no annotation
patch and no finalizer; owner references let garbage collection delete the owned objects."""

from __future__ import annotations

import asyncio
import fnmatch
import logging
import time
from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

import kopf

from warden.core.errors import (
    ApplyFailed,
    InvalidCatalog,
    KubeApiError,
    OwnershipConflict,
    Refused,
    SpecError,
)
from warden.core.vocabulary import (
    API_VERSION,
    FINGERPRINT_ANNOTATION,
    GROUP,
    PLURAL,
    SPEC_HASH_ANNOTATION,
    TRIGGER_LABEL,
    VERSION,
    WAIVER_ANNOTATION,
    WORKER_LABEL,
    Mode,
)
from warden.operator import kopf_settings, render, runnow
from warden.operator.config import OperatorConfig, catalog_problem
from warden.operator.kube import KubeApi, object_path
from warden.operator.metrics import OperatorMetrics, worker_samples
from warden.operator.observed import Observed, one
from warden.operator.pacing import EventPacer
from warden.operator.spec import WardenWorkerSpec, parse_spec
from warden.operator.status import (
    Event,
    Problem,
    StatusPlan,
    WorkerStatus,
    now_utc,
    plan_invalid_status,
    plan_status,
    read_runs,
    record_run_now,
    waiver_reason,
)

logger = logging.getLogger(__name__)

WORKER_LABELS = {WORKER_LABEL: kopf.PRESENT}
WARDEN_WORKERS = (GROUP, VERSION, PLURAL)  # the resource kopf watches, as its handlers name it

JobsIndex = Mapping[tuple[str, str], Iterable[Mapping[str, Any]]]
PodsIndex = Mapping[tuple[str, str], Iterable[Mapping[str, Any]]]
BodyIndex = Mapping[tuple[str, str], Iterable[Mapping[str, Any]]]  # (namespace, name) -> body


@dataclass
class Reconciler:
    """Holds what the handlers share: the current operator config and the API client."""

    config: OperatorConfig
    namespaces: tuple[str, ...] = ()  # what `-n` serves; () = all namespaces
    settings: Any = None  # kopf.OperatorSettings once started
    api: KubeApi | None = None
    config_loaded: bool = False
    metrics: OperatorMetrics = field(default_factory=OperatorMetrics)
    # When this operator started: a finished Job's Pod may still be missing from kopf's
    # index for a while after that, so a run waits for it (status.runs.POD_GRACE).
    started: datetime = field(default_factory=now_utc)
    _locks: dict[tuple[str, str], asyncio.Lock] = field(default_factory=dict)
    # The API server's answers to our own writes (what the watch may not show yet).
    observed: Observed = field(default_factory=Observed)
    # Events of work done wait for a quiet moment; warnings go at once (pacing.py).
    events: EventPacer = field(default_factory=lambda: EventPacer(post_event))

    def watches_own_configmap(self) -> bool:
        """True when kopf's watch covers the operator's ConfigMap: it serves all namespaces
        or one of the `-n` patterns matches the ConfigMap's namespace."""
        return bool(self.config.namespace) and serves(self.namespaces, self.config.namespace)

    def client(self) -> KubeApi:
        if self.api is None:
            self.api = KubeApi(self.login)
        return self.api

    async def login(self) -> Any:
        return login_info(self.settings)

    async def ensure_config(self) -> None:
        """Read the operator ConfigMap once before the first reconcile (the watch may lag)."""
        if self.config_loaded or not self.config.namespace:
            return
        await self.read_config()

    async def read_config(self) -> bool:
        """GET the operator ConfigMap and apply it; True when anything changed."""
        path = object_path("v1", "configmaps", self.config.namespace, self.config.configmap_name)
        body = await self.client().get(path)
        return self.update_config(body.get("data") if body else None)

    def update_config(self, data: Mapping[str, str] | None) -> bool:
        """Apply the ConfigMap's data; True when anything changed."""
        new = self.config.with_configmap(data)
        changed = new != self.config
        if new.catalog_error and (changed or not self.config_loaded):
            logger.warning("not copying the catalog to workers: %s", new.catalog_error)
        self.config = new
        self.config_loaded = True
        return changed

    async def reconcile(
        self,
        namespace: str,
        name: str,
        jobs: JobsIndex,
        pods: PodsIndex,
        *,
        workers: BodyIndex | None = None,
        cronjobs: BodyIndex | None = None,
    ) -> None:
        """Put one WardenWorker's objects and status in line. With kopf's `workers` and
        `cronjobs` indexes nothing known is read again; without them, a GET each."""
        lock = self._locks.setdefault((namespace, name), asyncio.Lock())
        async with lock:
            started = time.monotonic()
            try:
                with self.events.working():
                    await self._reconcile(namespace, name, jobs, pods, workers, cronjobs)
            except Exception:
                self.metrics.reconcile_errors.labels(namespace, name).inc()
                raise
            finally:
                self.metrics.reconcile_duration.observe(time.monotonic() - started)

    async def _worker(
        self, namespace: str, name: str, workers: BodyIndex | None
    ) -> Mapping[str, Any] | None:
        """The WardenWorker as last seen: the watch's version or our last write's answer,
        whichever is newer; None when the watch no longer has it (deleted)."""
        if workers is None:
            return await self.client().get(object_path(API_VERSION, PLURAL, namespace, name))
        watched = one(workers.get((namespace, name)))
        if watched is None:
            return None
        return self.observed.current(PLURAL, namespace, name, watched)

    def forget(self, namespace: str, name: str) -> None:
        """The WardenWorker is gone: drop what was kept about it."""
        self._locks.pop((namespace, name), None)
        self.metrics.forget(namespace, name)
        self.observed.forget(PLURAL, namespace, name)
        self.observed.forget("cronjobs", namespace, render.cronjob_name(name))

    async def _reconcile(
        self,
        namespace: str,
        name: str,
        jobs: JobsIndex,
        pods: PodsIndex,
        workers: BodyIndex | None,
        cronjobs: BodyIndex | None,
    ) -> None:
        await self.ensure_config()
        worker = await self._worker(namespace, name, workers)
        if worker is None or worker.get("metadata", {}).get("deletionTimestamp"):
            self.forget(namespace, name)
            return  # gone: garbage collection removes what it owned
        meta = worker.get("metadata") or {}
        previous = WorkerStatus.read(worker.get("status"))
        generation = meta.get("generation")
        now = now_utc()
        ref = render.WorkerRef(name=name, namespace=namespace, uid=str(meta.get("uid", "")))

        try:
            spec = parse_spec(worker.get("spec"))
            settings = render.resolve(spec, self.config)
        except SpecError as exc:
            plan = plan_invalid_status(
                previous, generation=generation, reason=exc.reason, message=str(exc), now=now
            )
            await self._write_status(worker, plan)
            return

        runs = read_runs(
            ((job, newest_pod(pods.get((namespace, str(job.get("metadata", {}).get("uid", ""))),
                                        ())))
             for job in jobs.get((namespace, name), ())),
            now=now, not_before=self.started, agent=spec.agent,
        )  # fmt: skip
        plan_args: dict[str, Any] = {
            "previous": previous,
            "generation": generation,
            "requested_mode": spec.mode,
            "required_clean_dry_runs": spec.shakedown.required_clean_dry_runs,
            "history_limit": spec.history_limit,
            "fingerprint": render.shakedown_fingerprint(spec, settings),
            "cronjob_name": render.cronjob_name(name),
            "runs": runs,
            "waiver": waiver_reason(meta.get("annotations"), WAIVER_ANNOTATION),
            "now": now,
            "required_manual_runs": spec.shakedown.required_manual_runs,
        }
        plan = plan_status(**plan_args)
        try:
            applied, problem = await self._put_in_place(ref, spec, plan.effective_mode, cronjobs)
        except Refused as exc:
            plan = plan_invalid_status(
                previous, generation=generation, reason=exc.reason, message=str(exc), now=now
            )
            await self._write_status(worker, plan)
            return
        if problem is not None:
            plan = plan_status(**plan_args, problem=problem)
        plan.events[:0] = applied
        request = runnow.requested_value(meta.get("annotations"))
        last = previous.run_now.value if previous.run_now is not None else None
        if request is not None and runnow.is_new(request, last):
            await self._run_now(ref, spec, request, plan, jobs.get((namespace, name), ()), now)
        await self._write_status(worker, plan)

    async def _run_now(
        self,
        ref: render.WorkerRef,
        spec: WardenWorkerSpec,
        value: str,
        plan: StatusPlan,
        jobs: Iterable[Mapping[str, Any]],
        now: datetime,
    ) -> None:
        """Create the Job of a new run-now request (once: its name comes from the value) and
        note it in the plan; wait while another run of this worker is still going."""
        name = runnow.job_name(render.cronjob_name(ref.name), ref.uid, value)
        jobs = list(jobs)
        if any((job.get("metadata") or {}).get("name") == name for job in jobs):
            # Made by an earlier try whose status write did not land: record it now.
            record_run_now(plan, runnow.recorded_value(value), name, now)
            return
        running = runnow.busy(jobs)
        if running:
            logger.info("run-now for %s/%s waits for Job %s", ref.namespace, ref.name, running)
            return  # the Job's end triggers a reconcile
        api = self.client()
        live = await api.get(object_path("batch/v1", "cronjobs", ref.namespace, ref.name))
        if live is None:
            return  # just created: the next reconcile sees it
        catalog = render.carried_catalog(live) or ""
        cronjob = render.render_cronjob(ref, spec, self.config, plan.run_now_mode, catalog)
        cronjob_uid = str(live.get("metadata", {}).get("uid", ""))
        job = runnow.render_job(cronjob, cronjob_uid, name, ref)
        try:
            await api.create(object_path("batch/v1", "jobs", ref.namespace), job)
        except KubeApiError as exc:
            if exc.status == 409:  # made by an earlier try: ours when our CronJob owns it
                existing = await api.get(object_path("batch/v1", "jobs", ref.namespace, name))
                owners = (existing or {}).get("metadata", {}).get("ownerReferences") or []
                if any(owner.get("uid") == cronjob_uid for owner in owners):
                    record_run_now(plan, runnow.recorded_value(value), name, now)
                    return
            elif not exc.refused:
                raise  # retried
            detail = exc.message or exc.reason
            failure = f"Job {name} for a run-now request was not created: {detail}"
            record_run_now(plan, runnow.recorded_value(value), "", now, failure=failure)
            return
        record_run_now(plan, runnow.recorded_value(value), name, now)

    async def _put_in_place(
        self,
        ref: render.WorkerRef,
        spec: WardenWorkerSpec,
        mode: Mode,
        cronjobs: BodyIndex | None = None,
    ) -> tuple[list[Event], Problem | None]:
        """Apply the CronJob, carrying the catalog; the Event of what changed, and a problem
        that leaves the worker running but not in line (a broken catalog). Raises Refused
        when nothing can be put in place."""
        catalog = self.config.catalog_yaml
        problem = None
        broken = self.config.catalog_problem()
        if broken:
            # A broken catalog is never given to a worker: it keeps the last good one its
            # CronJob carries. Without one there is nothing it could run with.
            name = render.cronjob_name(ref.name)
            live = self._known("cronjobs", ref.namespace, name, cronjobs)
            if live is None and cronjobs is None:
                live = await self.client().get(
                    object_path("batch/v1", "cronjobs", ref.namespace, name)
                )
            last = render.carried_catalog(live)
            if last is None or catalog_problem(last, f"the catalog on CronJob {name}"):
                raise InvalidCatalog(f"{broken}; no CronJob until it is fixed")
            catalog = last
            problem = Problem("InvalidCatalog", f"{broken}; the worker keeps its last good catalog")
        cronjob = render.render_cronjob(ref, spec, self.config, mode, catalog)
        event = await self._apply(cronjob, "cronjobs", ref, cronjobs)
        return ([] if event is None else [event]), problem

    def _known(
        self, plural: str, namespace: str, name: str, cronjobs: BodyIndex | None
    ) -> Mapping[str, Any] | None:
        """An owned object as known without asking the API server: a CronJob from the watch
        (or our newer write); without the watch's index, our write of the last resync period.
        None: absent or not known (`_apply` creates it then, and reads it only when one is in
        place)."""
        if plural == "cronjobs" and cronjobs is not None:
            watched = one(cronjobs.get((namespace, name)))
            return self.observed.current(plural, namespace, name, watched)
        return self.observed.written(plural, namespace, name, max_age=self.config.resync_seconds)

    async def _apply(
        self,
        desired: dict[str, Any],
        plural: str,
        ref: render.WorkerRef,
        cronjobs: BodyIndex | None = None,
    ) -> Event | None:
        """Create or patch one owned object; an Event when something changed. An object
        not known to exist is created at once; only when one is in place is it read."""
        api = self.client()
        meta = desired["metadata"]
        kind = desired["kind"]
        path = object_path(desired["apiVersion"], plural, meta["namespace"], meta["name"])
        actual = self._known(plural, meta["namespace"], meta["name"], cronjobs)
        try:
            if actual is None:
                collection = object_path(desired["apiVersion"], plural, meta["namespace"])
                try:
                    self.observed.remember(plural, await api.create(collection, desired))
                    return Event("Normal", f"{kind}Created", f"created {kind} {meta['name']}")
                except KubeApiError as exc:
                    if exc.status != 409:
                        raise
                actual = await api.get(path)  # AlreadyExists: compare with what is there
                if actual is None:
                    raise KubeApiError(409, "Conflict", f"{kind} {meta['name']} came and went")
            owners = actual.get("metadata", {}).get("ownerReferences") or []
            if owners and not any(owner.get("uid") == ref.uid for owner in owners):
                raise OwnershipConflict(f"{kind} {meta['name']} exists and belongs to someone else")
            if not render.differs(desired, actual):
                self.observed.remember(plural, actual)
                return None
            patched = await api.merge_patch(path, render.apply_patch(desired))
            self.observed.remember(plural, patched)
        except KubeApiError as exc:
            if not exc.refused:
                raise  # a conflict, throttling or a server error: retried
            # Retrying the same request cannot help: say why, once, until the spec changes.
            detail = exc.message or exc.reason
            message = f"the API server refused {kind} {meta['name']}: {detail}"
            raise ApplyFailed(message) from exc
        ours = actual.get("metadata", {}).get("annotations", {}).get(SPEC_HASH_ANNOTATION)
        if ours == meta["annotations"][SPEC_HASH_ANNOTATION]:
            return Event("Warning", "DriftCorrected", f"{kind} {meta['name']} was edited; restored")
        return Event("Normal", f"{kind}Updated", f"updated {kind} {meta['name']}")

    async def _write_status(self, worker: Mapping[str, Any], plan: StatusPlan) -> None:
        """THE one place the WardenWorker's status is written, and its Events posted: one
        merge patch of `.status` per reconcile, only when it changes anything, and the
        plan's Events (each says what changed; none when nothing did). The API server's
        answer is remembered, so the echo of this write triggers no reconcile."""
        meta = worker.get("metadata") or {}
        if _changes(worker.get("status") or {}, plan.status):
            patch: dict[str, Any] = {"status": plan.status}
            if meta.get("resourceVersion"):
                # Optimistic concurrency: on a 409 the reconcile is retried with the newer
                # version (the watch delivers it).
                patch["metadata"] = {"resourceVersion": meta["resourceVersion"]}
            path = object_path(API_VERSION, PLURAL, meta["namespace"], meta["name"], "status")
            written = await self.client().merge_patch(path, patch)
            if written.get("metadata"):
                self.observed.remember(PLURAL, written)
        # Counted once the status holding them is written (a 409 retries the reconcile).
        self.metrics.record_runs(
            meta["namespace"], meta["name"], (run.to_status() for run in plan.new_runs)
        )
        status = {**(worker.get("status") or {}), **plan.status}
        self.metrics.apply(worker_samples(worker, status, now_utc()))
        for event in plan.events:
            self.events.post(worker, event)


def post_event(worker: Mapping[str, Any], event: Event) -> None:
    """Hand an Event about the WardenWorker to kopf's poster (it posts in the background)."""
    kopf.event(
        kopf.Body(cast(Any, dict(worker))),
        type=event.type,
        reason=event.reason,
        message=event.message,
    )


def serves(patterns: Iterable[str], namespace: str) -> bool:
    """Whether kopf, given these `-n` patterns (globs, `!` negations, comma lists), serves
    `namespace`. No patterns: all namespaces."""
    items = [p.strip() for pattern in patterns for p in pattern.split(",") if p.strip()]
    if not items:
        return True
    included = [p for p in items if not p.startswith("!")]
    excluded = [p[1:] for p in items if p.startswith("!")]
    if any(fnmatch.fnmatchcase(namespace, p) for p in excluded):
        return False
    return not included or any(fnmatch.fnmatchcase(namespace, p) for p in included)


def newest_pod(pods: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The Job's last Pod (with backoffLimit 1 there may be two)."""
    ordered = sorted(pods, key=lambda p: str(p.get("metadata", {}).get("creationTimestamp", "")))
    return ordered[-1] if ordered else None


def _changes(previous: Mapping[str, Any], status: Mapping[str, Any]) -> bool:
    for key, value in status.items():
        if isinstance(value, Mapping) and isinstance(previous.get(key), Mapping):
            if _changes(previous[key], value):
                return True
        elif value is None:
            if previous.get(key) is not None:
                return True
        elif previous.get(key) != value:
            return True
    return False


def login_info(settings: Any) -> Any:
    """In-cluster service account first, then a kubeconfig."""
    return kopf.login_with_service_account(settings=settings) or kopf.login_with_kubeconfig(
        settings=settings
    )


def _job_view(body: Mapping[str, Any]) -> dict[str, Any]:
    meta = body.get("metadata") or {}
    annotations = meta.get("annotations") or {}
    labels = meta.get("labels") or {}
    return {
        "metadata": {
            "name": meta.get("name"),
            "uid": meta.get("uid"),
            "labels": {k: v for k, v in labels.items() if k == TRIGGER_LABEL},
            "annotations": {k: v for k, v in annotations.items() if k == FINGERPRINT_ANNOTATION},
        },
        "status": dict(body.get("status") or {}),
    }


def _pod_job_uid(body: Mapping[str, Any]) -> str | None:
    meta = body.get("metadata") or {}
    for owner in meta.get("ownerReferences") or []:
        if owner.get("kind") == "Job" and owner.get("controller"):
            return str(owner.get("uid"))
    labels = meta.get("labels") or {}
    uid = labels.get("batch.kubernetes.io/controller-uid") or labels.get("controller-uid")
    return str(uid) if uid else None


def _pod_view(body: Mapping[str, Any]) -> dict[str, Any]:
    meta = body.get("metadata") or {}
    statuses = (body.get("status") or {}).get("containerStatuses") or []
    return {
        "metadata": {"name": meta.get("name"), "creationTimestamp": meta.get("creationTimestamp")},
        "status": {
            "containerStatuses": [
                {key: s.get(key) for key in ("name", "state", "lastState")}
                for s in statuses
                if s.get("name") == render.CONTAINER_NAME
            ]
        },
    }


def _finished(job: Mapping[str, Any]) -> bool:
    return any(
        c.get("type") in ("Complete", "Failed") and c.get("status") == "True"
        for c in (job.get("status") or {}).get("conditions") or []
    )


@dataclass
class Shortcuts:
    """What the event handlers share: reconcile-now shortcuts (`poke`) with their delayed
    retries, and the poller of the operator's ConfigMap when kopf does not watch it."""

    reconciler: Reconciler
    _retrying: set[tuple[str, str]] = field(default_factory=set)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)  # strong references

    async def poke(
        self, namespace: str | None, worker: str | None, indexes: Mapping[str, Any]
    ) -> None:
        """A shortcut to reconcile now; errors are logged and retried after a resync period
        (kopf does not retry event handlers)."""
        if not namespace or not worker:
            return
        try:
            await self.reconciler.reconcile(
                namespace,
                worker,
                indexes["worker_jobs"],
                indexes["worker_pods"],
                workers=indexes.get("workers"),
                cronjobs=indexes.get("worker_cronjobs"),
            )
        except Exception as exc:
            logger.warning("reconcile of %s/%s failed, retrying: %s", namespace, worker, exc)
            key = (namespace, worker)
            if key not in self._retrying:
                self._retrying.add(key)
                self._spawn(self._retry_later(key, indexes))

    async def config_applied(self, indexes: Mapping[str, Any]) -> None:
        """The operator config changed: reconcile every worker (`workers` is kopf's live
        index, so this also works with the kwargs a startup handler got)."""
        workers_index = indexes["workers"]
        logger.info("operator config changed; reconciling %d workers", len(workers_index))
        for worker_namespace, worker_name in list(workers_index.keys()):
            await self.poke(worker_namespace, worker_name, indexes)

    def start_config_poller(self, indexes: Mapping[str, Any]) -> None:
        self._spawn(self._poll_config(indexes))

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _retry_later(self, key: tuple[str, str], indexes: Mapping[str, Any]) -> None:
        await asyncio.sleep(self.reconciler.config.resync_seconds)
        self._retrying.discard(key)
        await self.poke(key[0], key[1], indexes)

    async def _poll_config(self, indexes: Mapping[str, Any]) -> None:
        while True:
            await asyncio.sleep(self.reconciler.config.resync_seconds)
            try:
                changed = await self.reconciler.read_config()
            except Exception as exc:
                logger.warning("re-reading the operator's ConfigMap failed: %s", exc)
                continue
            if changed:
                await self.config_applied(indexes)


def build_registry(reconciler: Reconciler) -> kopf.OperatorRegistry:
    """All handlers, registered into a fresh registry bound to `reconciler`."""
    registry = kopf.OperatorRegistry()
    shortcuts = Shortcuts(reconciler)
    _register_lifecycle(registry, reconciler, shortcuts)
    _register_indexes(registry)
    _register_watches(registry, reconciler, shortcuts)
    return registry


def _register_lifecycle(
    registry: kopf.OperatorRegistry, reconciler: Reconciler, shortcuts: Shortcuts
) -> None:
    """Start-up (kopf's settings, the config poller), login and cleanup."""
    config = reconciler.config

    @kopf.on.startup(id="configure", registry=registry)
    def configure(**kwargs: Any) -> None:
        reconciler.settings = kwargs["settings"]
        kopf_settings.configure(
            kwargs["settings"],
            registry=registry,
            resync_seconds=config.resync_seconds,
            namespaces=reconciler.namespaces,
            configmap_namespace=config.namespace,
            configmap_name=config.configmap_name,
        )

    @kopf.on.startup(id="config_poller", registry=registry)
    async def start_config_poller(**kwargs: Any) -> None:
        # kopf watches only the namespaces it serves: when the operator's own ConfigMap is
        # elsewhere, re-read it every resync period instead.
        if reconciler.config.namespace and not reconciler.watches_own_configmap():
            logger.info(
                "the operator's ConfigMap %s is outside the served namespaces; "
                "re-reading it every %gs",
                reconciler.config.configmap_ref,
                config.resync_seconds,
            )
            shortcuts.start_config_poller(kwargs)

    @kopf.on.login(id="login", registry=registry)
    def login(**kwargs: Any) -> Any:
        reconciler.settings = kwargs["settings"]
        return login_info(kwargs["settings"])

    @kopf.on.cleanup(id="close", registry=registry)
    async def close(**_: Any) -> None:
        await shortcuts.close()
        reconciler.events.close()
        if reconciler.api is not None:
            await reconciler.api.close()


def _register_indexes(registry: kopf.OperatorRegistry) -> None:
    """What the watches keep in memory for the reconcile."""
    # kopf passes every handler a set of keyword arguments (plus the indexes by id); the
    # handlers take them as **kwargs so that they fit kopf's callback protocols.

    # Indexes keep what the watches delivered, so a reconcile reads nothing again. Every
    # handler is a coroutine: kopf runs plain functions in a thread pool, a hop per event.
    @kopf.index(*WARDEN_WORKERS, id="workers", registry=registry)
    async def workers(**kwargs: Any) -> dict[tuple[str, str], dict[str, Any]]:
        return {(kwargs["namespace"], kwargs["name"]): dict(kwargs["body"])}

    @kopf.index("batch", "v1", "cronjobs", id="worker_cronjobs", labels=WORKER_LABELS,
                registry=registry)  # fmt: skip
    async def worker_cronjobs(**kwargs: Any) -> dict[tuple[str, str], dict[str, Any]]:
        return {(kwargs["namespace"], kwargs["name"]): dict(kwargs["body"])}

    @kopf.index("batch", "v1", "jobs", id="worker_jobs", labels=WORKER_LABELS, registry=registry)
    async def worker_jobs(**kwargs: Any) -> dict[tuple[str, str], dict[str, Any]]:
        worker = kwargs["labels"][WORKER_LABEL]
        return {(kwargs["namespace"], worker): _job_view(kwargs["body"])}

    @kopf.index("", "v1", "pods", id="worker_pods", labels=WORKER_LABELS, registry=registry)
    async def worker_pods(**kwargs: Any) -> dict[tuple[str, str], dict[str, Any]]:
        uid = _pod_job_uid(kwargs["body"])
        return {(kwargs["namespace"], uid): _pod_view(kwargs["body"])} if uid else {}


def _register_watches(
    registry: kopf.OperatorRegistry, reconciler: Reconciler, shortcuts: Shortcuts
) -> None:
    """The watch events that start a reconcile."""

    def not_own_echo(plural: str) -> Callable[..., bool]:
        def check(**kwargs: Any) -> bool:
            # The watch showing what our own last write produced: nothing new to act on.
            # A deletion always is news (its body may show our last version).
            if kwargs.get("type") == "DELETED":
                return True
            return not reconciler.observed.is_own_echo(plural, kwargs["body"])

        return check

    @kopf.on.event(*WARDEN_WORKERS, id="reconcile", when=not_own_echo(PLURAL), registry=registry)
    async def reconcile_worker(**kwargs: Any) -> None:
        # Every event: listed at startup or after an expired watch (type None), created,
        # changed (spec, annotations such as run-now or the waiver, status by others),
        # deleted. No timer and no
        # on.create/on.update: either would cost a finalizer or kopf's annotation patches.
        if kwargs["type"] == "DELETED":
            reconciler.forget(kwargs["namespace"], kwargs["name"])
            return
        await shortcuts.poke(kwargs["namespace"], kwargs["name"], kwargs)

    def worker_of(kwargs: Mapping[str, Any]) -> str | None:
        value = kwargs["labels"].get(WORKER_LABEL)
        return str(value) if value else None

    @kopf.on.event("batch", "v1", "cronjobs", id="cronjob_changed", labels=WORKER_LABELS,
                   when=not_own_echo("cronjobs"), registry=registry)  # fmt: skip
    async def cronjob_changed(**kwargs: Any) -> None:
        # Edited or deleted by someone else (the echo of our own writes is filtered out).
        if kwargs["type"] == "DELETED":
            reconciler.observed.forget("cronjobs", kwargs["namespace"], kwargs["name"])
        if kwargs["type"] in ("MODIFIED", "DELETED", None):
            await shortcuts.poke(kwargs["namespace"], worker_of(kwargs), kwargs)

    @kopf.on.event("batch", "v1", "jobs", id="job_changed", labels=WORKER_LABELS,
                   registry=registry)  # fmt: skip
    async def job_changed(**kwargs: Any) -> None:
        if _finished(kwargs["body"]):
            await shortcuts.poke(kwargs["namespace"], worker_of(kwargs), kwargs)

    @kopf.on.event("", "v1", "pods", id="pod_changed", labels=WORKER_LABELS, registry=registry)
    async def pod_changed(**kwargs: Any) -> None:
        if (kwargs["body"].get("status") or {}).get("phase") in ("Succeeded", "Failed"):
            await shortcuts.poke(kwargs["namespace"], worker_of(kwargs), kwargs)

    def is_operator_config(**kwargs: Any) -> bool:
        return reconciler.config.is_own_configmap(kwargs.get("namespace"), kwargs.get("name"))

    @kopf.on.event("", "v1", "configmaps", id="config_changed", when=is_operator_config,
                   registry=registry)  # fmt: skip
    async def config_changed(**kwargs: Any) -> None:
        body = kwargs["body"]
        data = None if kwargs["type"] == "DELETED" else dict(body.get("data") or {})
        if reconciler.update_config(data):
            await shortcuts.config_applied(kwargs)
