"""The operator's own configuration: the chart's ConfigMap (see docs/CONTRACTS.md) plus env."""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_CONFIGMAP = "ops-warden-operator"
CATALOG_KEY = "catalog.yaml"


class OperatorConfig(BaseModel):
    """What every WardenWorker inherits unless its spec overrides it."""

    model_config = ConfigDict(frozen=True)

    namespace: str = ""  # where the operator's ConfigMap lives ("" = not configured)
    configmap_name: str = DEFAULT_CONFIGMAP
    llm_connect_url: str = ""
    default_hub_url: str = ""
    worker_image: str = ""
    catalog_yaml: str = ""
    resync_seconds: float = Field(default=60.0, gt=0)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> OperatorConfig:
        """The config before the ConfigMap was read: where to find it, and image fallback."""
        env = os.environ if env is None else env
        return cls(
            namespace=env.get("WARDEN_OPERATOR_NAMESPACE", ""),
            configmap_name=env.get("WARDEN_OPERATOR_CONFIGMAP", "") or DEFAULT_CONFIGMAP,
            worker_image=env.get("WARDEN_WORKER_IMAGE", ""),
            resync_seconds=float(env.get("WARDEN_OPERATOR_RESYNC_SECONDS", "") or 60.0),
        )

    def with_configmap(self, data: Mapping[str, str] | None) -> OperatorConfig:
        """This config with the ConfigMap's keys applied; absent keys keep env fallbacks."""
        data = data or {}
        return self.model_copy(
            update={
                "llm_connect_url": data.get("llmConnectUrl", "").strip(),
                "default_hub_url": data.get("defaultHubUrl", "").strip(),
                "worker_image": data.get("workerImage", "").strip() or self.worker_image,
                "catalog_yaml": data.get(CATALOG_KEY, ""),
            }
        )

    def is_own_configmap(self, namespace: str | None, name: str | None) -> bool:
        return bool(self.namespace) and namespace == self.namespace and name == self.configmap_name
