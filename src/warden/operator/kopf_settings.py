"""How the operator sets kopf up: bounded watch streams, server-side selectors, where kopf
keeps its own state, and what it posts and logs. Applied once, at start-up."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import kopf

from warden.core.vocabulary import FINALIZER, GROUP, WORKER_LABEL
from warden.operator.diffbase import NoDiffBase, wants_diffbase

KOPF_OBJECT_LOGGER = "kopf.objects"  # kopf's per-object log lines (handler outcomes)
OWNED_RESOURCES = (("batch", "v1", "jobs"), ("batch", "v1", "cronjobs"), ("", "v1", "pods"))
_PATTERN_SIGNS = frozenset("*?[],!")


def configure(
    settings: kopf.OperatorSettings,
    *,
    registry: kopf.OperatorRegistry,
    resync_seconds: float,
    namespaces: Sequence[str],
    configmap_namespace: str,
    configmap_name: str,
) -> None:
    """Put the operator's choices into kopf's `settings` (see each block's comment)."""
    # Silent watch streams are kopf's most reported failure: bound every stream.
    settings.watching.server_timeout = resync_seconds
    settings.watching.client_timeout = resync_seconds + min(30.0, resync_seconds)
    settings.watching.connect_timeout = 30
    settings.watching.inactivity_timeout = 3 * resync_seconds + 60
    settings.networking.request_timeout = 60
    settings.networking.connect_timeout = 30
    settings.persistence.finalizer = FINALIZER
    settings.persistence.progress_storage = kopf.AnnotationsProgressStorage(prefix=GROUP)
    settings.persistence.diffbase_storage = (
        kopf.AnnotationsDiffBaseStorage(prefix=GROUP, key="last-handled-configuration")
        if wants_diffbase(registry)
        else NoDiffBase()  # level-based handlers only: no deep copy of every body
    )
    if namespaces and not any(set(pattern) & _PATTERN_SIGNS for pattern in namespaces):
        # Exact namespaces need no namespace listing, which the chart's namespaced RBAC
        # does not grant: without this kopf would retry the forbidden list at start-up.
        settings.scanning.disabled = True
    settings.posting.level = logging.WARNING
    quiet_kopf_successes()
    settings.posting.reporting_component = "ops-warden-operator"
    settings.posting.event_name_prefix = "ops-warden-"
    for resource in OWNED_RESOURCES:
        settings.watching.label_selectors[resource] = WORKER_LABEL
    if configmap_namespace:
        settings.watching.field_selectors["", "v1", "configmaps"] = (
            f"metadata.name={configmap_name}"
        )


def quiet_kopf_successes() -> None:
    """At INFO, kopf logs a line per handled watch event ("Handler 'reconcile' succeeded."):
    one per WardenWorker change, each through the secret-redacting filter. Those lines move to
    DEBUG verbosity; kopf's warnings and errors, and the operator's own INFO lines, stay."""
    objects = logging.getLogger(KOPF_OBJECT_LOGGER)
    if objects.getEffectiveLevel() == logging.INFO:
        objects.setLevel(logging.WARNING)
