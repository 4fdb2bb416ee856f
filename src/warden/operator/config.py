"""The operator's own configuration: the chart's ConfigMap (see docs/CONTRACTS.md) plus env."""

from __future__ import annotations

import fnmatch
import json
import math
import os
from collections.abc import Mapping

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from warden.core.catalog import parse_catalog
from warden.core.errors import CatalogError, ConfigError
from warden.core.urls import url_problem
from warden.core.vocabulary import (
    ENV_OPERATOR_CONFIGMAP,
    ENV_OPERATOR_NAMESPACE,
    ENV_OPERATOR_RESYNC,
    ENV_WORKER_IMAGE,
)
from warden.operator.pod import PodSettings, describe_errors

DEFAULT_CONFIGMAP = "ops-warden-operator"
CATALOG_KEY = "catalog.yaml"
WORKER_POD_KEY = "workerPod.yaml"
ALLOWED_IMAGES_KEY = "allowedImages"
URL_KEYS = ("llmConnectUrl", "defaultHubUrl")
DEFAULT_RESYNC_SECONDS = 60.0
# A worker's catalog travels as a pod-template annotation; the API server allows 256 KiB of
# annotations per object in all, and half of that is left to the pods' own annotations.
MAX_CATALOG_BYTES = 128 * 1024


class OperatorConfig(BaseModel):
    """What every WardenWorker inherits unless its spec overrides it."""

    model_config = ConfigDict(frozen=True)

    namespace: str = ""  # where the operator's ConfigMap lives ("" = not configured)
    configmap_name: str = DEFAULT_CONFIGMAP
    llm_connect_url: str = ""
    default_hub_url: str = ""
    worker_image: str = ""
    catalog_yaml: str = ""  # only ever a catalog that parsed ("" when there is none)
    catalog_error: str = ""  # why the ConfigMap's catalog.yaml was not taken
    resync_seconds: float = Field(default=DEFAULT_RESYNC_SECONDS, gt=0)
    # Pod settings every worker gets unless its spec.pod / spec.resources says otherwise.
    worker_pod: PodSettings = Field(default_factory=PodSettings)
    # Image patterns (shell globs on the whole reference) a worker may run; empty: any.
    allowed_images: tuple[str, ...] = ()
    # ConfigMap keys that were not taken, and why (one line each, never the value).
    problems: dict[str, str] = Field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> OperatorConfig:
        """The config before the ConfigMap was read: where to find it, and image fallback.
        Raises ConfigError (one line) for a value that is not usable."""
        env = os.environ if env is None else env
        return cls(
            namespace=env.get(ENV_OPERATOR_NAMESPACE, ""),
            configmap_name=env.get(ENV_OPERATOR_CONFIGMAP, "") or DEFAULT_CONFIGMAP,
            worker_image=env.get(ENV_WORKER_IMAGE, ""),
            resync_seconds=_resync_seconds(env.get(ENV_OPERATOR_RESYNC, "")),
        )

    def with_configmap(self, data: Mapping[str, str] | None) -> OperatorConfig:
        """This config with the ConfigMap's keys applied; absent keys keep env fallbacks.
        A catalog.yaml that does not parse as a catalog is not taken: `catalog_yaml` is then
        empty and `catalog_error` says why."""
        data = data or {}
        catalog = data.get(CATALOG_KEY, "")
        error = catalog_problem(catalog, f"{CATALOG_KEY} of ConfigMap {self.configmap_ref}")
        problems: dict[str, str] = {}
        urls = {}
        for key in URL_KEYS:
            value = data.get(key, "").strip()
            problem = url_problem(value) if value else None
            if problem is not None:
                # Never taken, so never copied to a CronJob (credentials would be in plain text).
                problems[key] = f"{key} in ConfigMap {self.configmap_ref} {problem}"
                value = ""
            urls[key] = value
        pod, pod_problem = _worker_pod(data.get(WORKER_POD_KEY, ""), self.configmap_ref)
        if pod_problem:
            problems[WORKER_POD_KEY] = pod_problem
        allowed, allowed_problem = _allowed_images(
            data.get(ALLOWED_IMAGES_KEY, ""), self.configmap_ref
        )
        if allowed_problem:
            problems[ALLOWED_IMAGES_KEY] = allowed_problem
        return self.model_copy(
            update={
                "llm_connect_url": urls["llmConnectUrl"],
                "default_hub_url": urls["defaultHubUrl"],
                "worker_image": data.get("workerImage", "").strip() or self.worker_image,
                "catalog_yaml": "" if error else catalog,
                "catalog_error": error,
                "worker_pod": pod,
                "allowed_images": allowed,
                "problems": problems,
            }
        )

    def image_allowed(self, image: str) -> bool:
        """Whether a worker may run `image` (no allowedImages: any image; a broken
        allowedImages list: none - it fails closed)."""
        if ALLOWED_IMAGES_KEY in self.problems:
            return False
        return not self.allowed_images or any(
            fnmatch.fnmatchcase(image, pattern) for pattern in self.allowed_images
        )

    @property
    def configmap_ref(self) -> str:
        return f"{self.namespace or '(no namespace)'}/{self.configmap_name}"

    def catalog_problem(self) -> str:
        """Why there is no catalog to give the workers; "" when there is one."""
        if self.catalog_error:
            return self.catalog_error
        if not self.catalog_yaml.strip():
            return f"no {CATALOG_KEY} in the operator's ConfigMap {self.configmap_ref}"
        return ""

    def is_own_configmap(self, namespace: str | None, name: str | None) -> bool:
        return bool(self.namespace) and namespace == self.namespace and name == self.configmap_name


def catalog_problem(text: str | None, source: str) -> str:
    """Why `text` is not a usable routing catalog (one line), or "" when it is one."""
    if not text or not text.strip():
        return f"{source} is empty"
    size = len(text.encode())
    if size > MAX_CATALOG_BYTES:
        return (
            f"{source} is {size} bytes; a worker's catalog may have at most {MAX_CATALOG_BYTES}"
            " (it travels on the worker's pod template as an annotation)"
        )
    try:
        parse_catalog(text, source)
    except CatalogError as exc:
        return str(exc)
    return ""


def _worker_pod(text: str, source: str) -> tuple[PodSettings, str]:
    """The worker pod defaults from `workerPod.yaml`, or empty defaults and why not."""
    if not text.strip():
        return PodSettings(), ""
    try:
        data = yaml.safe_load(text)
        return PodSettings.model_validate(data or {}), ""
    except yaml.YAMLError:
        return PodSettings(), f"{WORKER_POD_KEY} in ConfigMap {source} is not YAML"
    except ValidationError as exc:
        return PodSettings(), f"{WORKER_POD_KEY} in ConfigMap {source}: {describe_errors(exc)}"


def _allowed_images(text: str, source: str) -> tuple[tuple[str, ...], str]:
    """The allowedImages patterns (a JSON or YAML list of strings), or () and why not."""
    if not text.strip():
        return (), ""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        data = None
    if not isinstance(data, list) or not all(isinstance(p, str) and p.strip() for p in data):
        return (), (
            f"{ALLOWED_IMAGES_KEY} in ConfigMap {source} must be a list of image patterns, "
            f"e.g. {json.dumps(['ghcr.io/ops-warden/ops-warden:*'])}"
        )
    return tuple(p.strip() for p in data), ""


def _resync_seconds(raw: str) -> float:
    if not raw.strip():
        return DEFAULT_RESYNC_SECONDS
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(
            f"{ENV_OPERATOR_RESYNC} must be a number of seconds, not {raw[:40]!r}"
        ) from None
    if not math.isfinite(value) or value <= 0:
        raise ConfigError(
            f"{ENV_OPERATOR_RESYNC} must be a number of seconds above 0, not {raw[:40]!r}"
        )
    return value
