"""The operator's own configuration: the chart's ConfigMap (see docs/CONTRACTS.md) plus env."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from warden.core.catalog import parse_catalog
from warden.core.errors import CatalogError, ConfigError

DEFAULT_CONFIGMAP = "ops-warden-operator"
CATALOG_KEY = "catalog.yaml"
RESYNC_ENV = "WARDEN_OPERATOR_RESYNC_SECONDS"
DEFAULT_RESYNC_SECONDS = 60.0


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

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> OperatorConfig:
        """The config before the ConfigMap was read: where to find it, and image fallback.
        Raises ConfigError (one line) for a value that is not usable."""
        env = os.environ if env is None else env
        return cls(
            namespace=env.get("WARDEN_OPERATOR_NAMESPACE", ""),
            configmap_name=env.get("WARDEN_OPERATOR_CONFIGMAP", "") or DEFAULT_CONFIGMAP,
            worker_image=env.get("WARDEN_WORKER_IMAGE", ""),
            resync_seconds=_resync_seconds(env.get(RESYNC_ENV, "")),
        )

    def with_configmap(self, data: Mapping[str, str] | None) -> OperatorConfig:
        """This config with the ConfigMap's keys applied; absent keys keep env fallbacks.
        A catalog.yaml that does not parse as a catalog is not taken: `catalog_yaml` is then
        empty and `catalog_error` says why."""
        data = data or {}
        catalog = data.get(CATALOG_KEY, "")
        error = catalog_problem(catalog, f"{CATALOG_KEY} of ConfigMap {self.configmap_ref}")
        return self.model_copy(
            update={
                "llm_connect_url": data.get("llmConnectUrl", "").strip(),
                "default_hub_url": data.get("defaultHubUrl", "").strip(),
                "worker_image": data.get("workerImage", "").strip() or self.worker_image,
                "catalog_yaml": "" if error else catalog,
                "catalog_error": error,
            }
        )

    @property
    def configmap_ref(self) -> str:
        return f"{self.namespace or '(no namespace)'}/{self.configmap_name}"

    def catalog_problem(self) -> str:
        """Why there is no catalog to copy to the workers; "" when there is one."""
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
    try:
        parse_catalog(text, source)
    except CatalogError as exc:
        return str(exc)
    return ""


def _resync_seconds(raw: str) -> float:
    if not raw.strip():
        return DEFAULT_RESYNC_SECONDS
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{RESYNC_ENV} must be a number of seconds, not {raw[:40]!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise ConfigError(f"{RESYNC_ENV} must be a number of seconds above 0, not {raw[:40]!r}")
    return value
