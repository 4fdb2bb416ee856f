"""Checks shared by the chart tests: schema validation, RBAC extent, pod hardening."""

from __future__ import annotations

from typing import Any

import jsonschema
import kubernetes_validate

from tests.chart.emulated_cluster import KUBERNETES_VERSION
from warden.operator import rbac

# Everything the operator may do, per (apiGroup, resource), is declared once beside the
# operator code (warden.operator.rbac); the chart's rules ("ops-warden.operatorRules" in
# _helpers.tpl) are tested against it. Widening RBAC means changing that table on purpose.
OPERATOR_PERMISSIONS = rbac.REQUIRED
PEERING_PERMISSIONS = rbac.PEERING
CUSTOM_KINDS = {"WardenWorker", "KopfPeering", "ClusterKopfPeering"}


def validate_manifest(doc: dict[str, Any], crds: list[dict[str, Any]]) -> None:
    """Validate one object: built-in kinds against the Kubernetes schemas (strict: unknown
    fields are errors), custom kinds against the openAPIV3Schema of the chart's own CRD."""
    if doc["kind"] in CUSTOM_KINDS:
        schema = crd_schema(crds, doc["apiVersion"], doc["kind"])
        jsonschema.Draft7Validator(schema).validate(doc)
        return
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def crd_schema(crds: list[dict[str, Any]], api_version: str, kind: str) -> dict[str, Any]:
    group, version = api_version.split("/")
    for crd in crds:
        if crd["spec"]["group"] == group and crd["spec"]["names"]["kind"] == kind:
            for served in crd["spec"]["versions"]:
                if served["name"] == version:
                    schema: dict[str, Any] = served["schema"]["openAPIV3Schema"]
                    return schema
    raise AssertionError(f"no CRD in crds/ defines {kind} {api_version}")


def rbac_rules(manifest: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        rule
        for doc in manifest
        if doc["kind"] in {"Role", "ClusterRole"}
        for rule in doc.get("rules", [])
    ]


def granted(manifest: list[dict[str, Any]]) -> dict[tuple[str, str], set[str]]:
    """(apiGroup, resource) → verbs, over every Role and ClusterRole of the release."""
    permissions: dict[tuple[str, str], set[str]] = {}
    for rule in rbac_rules(manifest):
        for group in rule.get("apiGroups", []):
            for resource in rule.get("resources", []):
                permissions.setdefault((group, resource), set()).update(rule.get("verbs", []))
    return permissions


def pod_templates(manifest: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (doc["metadata"]["name"], doc["spec"]["template"]["spec"])
        for doc in manifest
        if doc["kind"] in {"Deployment", "StatefulSet", "DaemonSet", "Job"}
    ]


def assert_hardened(name: str, pod: dict[str, Any]) -> None:
    pod_context = pod.get("securityContext", {})
    assert pod_context.get("runAsNonRoot") is True, name
    assert pod_context.get("seccompProfile", {}).get("type") == "RuntimeDefault", name
    for host_namespace in ("hostNetwork", "hostPID", "hostIPC"):
        assert not pod.get(host_namespace), f"{name}: {host_namespace}"
    tmp_volumes = {v["name"] for v in pod.get("volumes", []) if "emptyDir" in v}
    for container in pod.get("initContainers", []) + pod["containers"]:
        where = f"{name}/{container['name']}"
        context = container.get("securityContext", {})
        assert context.get("allowPrivilegeEscalation") is False, where
        assert context.get("readOnlyRootFilesystem") is True, where
        assert context.get("privileged", False) is False, where
        assert context.get("runAsNonRoot") is True, where
        assert isinstance(context.get("runAsUser"), int), where
        assert context["runAsUser"] > 0, where
        assert context.get("capabilities", {}).get("drop") == ["ALL"], where
        assert not context.get("capabilities", {}).get("add"), where
        resources = container.get("resources", {})
        assert resources.get("requests", {}).get("memory"), f"{where}: no memory request"
        assert resources.get("limits", {}).get("memory"), f"{where}: no memory limit"
        mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
        tmp_mount = mounts.get("/tmp")  # noqa: S108 - a mount path, not a temporary file
        assert tmp_mount in tmp_volumes, f"{where}: /tmp must be an emptyDir"
