"""Pod settings of the worker: the operator's defaults (its ConfigMap's workerPod.yaml) and a
WardenWorker's overrides (spec.pod, spec.resources), resolved field by field."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
_QUANTITY = re.compile(r"^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti|E|Ei|P|Pi|e[0-9]+)?$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class PullSecret(_Model):
    name: str = Field(min_length=1, max_length=253)


class Toleration(_Model):
    key: str | None = Field(default=None, max_length=316)
    operator: Literal["Exists", "Equal"] | None = None
    value: str | None = Field(default=None, max_length=63)
    effect: Literal["NoSchedule", "PreferNoSchedule", "NoExecute"] | None = None
    toleration_seconds: int | None = Field(default=None, alias="tolerationSeconds")


class Resources(_Model):
    requests: dict[str, str | int] = Field(default_factory=dict)
    limits: dict[str, str | int] = Field(default_factory=dict)

    @field_validator("requests", "limits")
    @classmethod
    def _quantities(cls, value: dict[str, str | int]) -> dict[str, str | int]:
        for name, quantity in value.items():
            if isinstance(quantity, bool) or not _QUANTITY.match(str(quantity)):
                raise ValueError(f"{name} is not a Kubernetes quantity")
        return value

    def rendered(self) -> dict[str, Any]:
        """The container's resources, quantities as strings (as the API server returns)."""
        out: dict[str, Any] = {}
        if self.requests:
            out["requests"] = {k: str(v) for k, v in self.requests.items()}
        if self.limits:
            out["limits"] = {k: str(v) for k, v in self.limits.items()}
        return out


class PodSettings(_Model):
    """Where and how the worker pod is scheduled. None: not set here (fall back)."""

    image_pull_secrets: list[PullSecret] | None = Field(default=None, alias="imagePullSecrets")
    node_selector: dict[str, str] | None = Field(default=None, alias="nodeSelector")
    tolerations: list[Toleration] | None = None
    affinity: dict[str, Any] | None = None
    priority_class_name: str | None = Field(default=None, alias="priorityClassName")
    labels: dict[str, str] | None = None
    annotations: dict[str, str] | None = None
    resources: Resources | None = None  # operator defaults only; a worker sets spec.resources

    @field_validator("priority_class_name")
    @classmethod
    def _class_name(cls, value: str | None) -> str | None:
        if value is not None and value and not _DNS_SUBDOMAIN.match(value):
            raise ValueError("must be a DNS subdomain name")
        return value

    def over(self, defaults: PodSettings) -> PodSettings:
        """These settings over `defaults`: each field set here wins; labels and annotations
        are merged key by key."""
        merged: dict[str, Any] = {}
        for name in type(self).model_fields:
            mine, theirs = getattr(self, name), getattr(defaults, name)
            if name in ("labels", "annotations") and mine is not None and theirs is not None:
                merged[name] = {**theirs, **mine}
            else:
                merged[name] = mine if mine is not None else theirs
        return PodSettings.model_validate(merged)

    def pod_spec_fields(self) -> dict[str, Any]:
        """The pod spec keys these settings render (only those set)."""
        out: dict[str, Any] = {}
        if self.image_pull_secrets:
            out["imagePullSecrets"] = [{"name": s.name} for s in self.image_pull_secrets]
        if self.node_selector:
            out["nodeSelector"] = dict(self.node_selector)
        if self.tolerations:
            out["tolerations"] = [
                t.model_dump(by_alias=True, exclude_none=True) for t in self.tolerations
            ]
        if self.affinity:
            out["affinity"] = dict(self.affinity)
        if self.priority_class_name:
            out["priorityClassName"] = self.priority_class_name
        return out


def describe_errors(error: ValidationError) -> str:
    """One line naming the bad fields, never their values."""
    return "; ".join(
        f"{'.'.join(str(p) for p in item['loc']) or 'value'}: {item['msg']}"
        for item in error.errors(include_input=False, include_url=False)
    )
