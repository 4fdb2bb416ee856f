"""The WardenWorker spec as the operator reads it. The CRD schema validates first; this model
catches what slips past it (an old CRD, a hand-made object) with one clear line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from warden.core.errors import ImageNotAllowed as ImageNotAllowed
from warden.core.errors import InvalidConfig as InvalidConfig
from warden.core.errors import MissingConfig as MissingConfig
from warden.core.errors import SpecError as SpecError
from warden.core.masking import mask
from warden.core.names import AGENT_NAME_PATTERN, DEFAULT_AGENT
from warden.core.urls import url_problem
from warden.core.vocabulary import API_VERSION as API_VERSION
from warden.core.vocabulary import DEFAULT_BRAIN, DRY_RUN, BrainName, Mode
from warden.core.vocabulary import GROUP as GROUP
from warden.core.vocabulary import KIND as KIND
from warden.core.vocabulary import PLURAL as PLURAL
from warden.core.vocabulary import VERSION as VERSION
from warden.operator.pod import PodSettings, Resources


def _cron_field(value: str) -> str:
    item = rf"([*?]|{value}(-{value})?)(/0*[1-9][0-9]*)?"
    return rf"{item}(,{item})*"


# What the CronJob validation accepts (robfig/cron's standard parser): five fields of `*`, `?`,
# values in the field's range or names (months, weekdays; any case), ranges, lists and
# positive steps; or a descriptor (@hourly ... @yearly, @every <Go duration>). The CRD's CEL
# rule is this pattern (a test keeps them equal). A regex cannot see a reversed range
# (`5-1`): the apiserver refuses that CronJob, and the operator reports it (Ready=False).
SCHEDULE_PATTERN = (
    r"^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)"
    r"|@every ([0-9]+([.][0-9]+)?(ns|us|ms|s|m|h))+|"
    + " +".join(
        _cron_field(value)
        for value in (
            r"(0?[0-9]|[1-5][0-9])",
            r"(0?[0-9]|1[0-9]|2[0-3])",
            r"(0?[1-9]|[12][0-9]|3[01])",
            r"(0?[1-9]|1[0-2]|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))",
            r"(0?[0-6]|(?i:sun|mon|tue|wed|thu|fri|sat))",
        )
    )
    + ")$"
)
_CRON_RE = re.compile(SCHEDULE_PATTERN)


def _base_url(value: str) -> str:
    """The worker's own URL check (warden.core.urls): what the operator accepts, runs."""
    problem = url_problem(value) if value else None
    if problem is not None:
        raise ValueError(f"URL {problem}")
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class SecretKeyRef(_Model):
    name: str = Field(min_length=1, max_length=253)
    key: str = Field(min_length=1, max_length=253)


class HubSpec(_Model):
    url: str = ""
    token_secret_ref: SecretKeyRef | None = Field(default=None, alias="tokenSecretRef")

    @field_validator("url")
    @classmethod
    def _usable_url(cls, value: str) -> str:
        return _base_url(value)


class LlmSpec(_Model):
    url: str = ""
    # Most llm-connect calls one run may make (the worker's --max-llm-calls); None: no limit.
    max_calls_per_run: int | None = Field(default=None, ge=1, le=100000, alias="maxCallsPerRun")

    @field_validator("url")
    @classmethod
    def _usable_url(cls, value: str) -> str:
        return _base_url(value)


class Shakedown(_Model):
    required_clean_dry_runs: int = Field(default=1, ge=0, le=100, alias="requiredCleanDryRuns")
    # Clean manual (run-now) execute runs before scheduled execute; 0 skips the manual stage.
    required_manual_runs: int = Field(default=1, ge=0, le=100, alias="requiredManualRuns")


class WardenWorkerSpec(_Model):
    """`spec` of a WardenWorker, with the CRD's defaults."""

    schedule: str = Field(min_length=1, max_length=128)
    time_zone: str = Field(default="", max_length=64, alias="timeZone")
    suspend: bool = True
    mode: Mode = DRY_RUN
    brain: BrainName = DEFAULT_BRAIN
    agent: str = Field(default=DEFAULT_AGENT, pattern=AGENT_NAME_PATTERN)
    hub: HubSpec = Field(default_factory=HubSpec)
    llm: LlmSpec = Field(default_factory=LlmSpec)
    max_messages_per_run: int = Field(default=20, ge=1, le=1000, alias="maxMessagesPerRun")
    run_deadline_seconds: int = Field(default=600, ge=30, le=86400, alias="runDeadlineSeconds")
    history_limit: int = Field(default=10, ge=1, le=50, alias="historyLimit")
    image: str = Field(default="", max_length=512)
    resources: Resources = Field(default_factory=Resources)
    pod: PodSettings = Field(default_factory=PodSettings)
    shakedown: Shakedown = Field(default_factory=Shakedown)
    service_account_name: str = Field(default="", max_length=253, alias="serviceAccountName")

    @field_validator("pod")
    @classmethod
    def _no_pod_resources(cls, value: PodSettings) -> PodSettings:
        if value.resources is not None:
            raise ValueError("resources belong in spec.resources")
        return value

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        if not _CRON_RE.match(value.strip()):
            raise ValueError(
                "must be five cron fields in range (e.g. '*/15 * * * *'; no L, W or #) "
                "or a macro like @hourly"
            )
        return value.strip()


def parse_spec(raw: Mapping[str, Any] | None) -> WardenWorkerSpec:
    """Parse a CR's spec, or raise SpecError with one line naming the fields (never values)."""
    try:
        return WardenWorkerSpec.model_validate(dict(raw or {}))
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_input=False, include_url=False):
            where = ".".join(str(part) for part in error["loc"]) or "spec"
            problems.append(f"spec.{where}: {error['msg']}")
        raise SpecError(mask("; ".join(problems))) from None
