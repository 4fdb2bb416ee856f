"""The sample inbox that `warden hub seed` posts (src/warden/data/sample_inbox.yaml)."""

from __future__ import annotations

import secrets
import string
from importlib.resources import files

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from warden.core.errors import ConfigError

TOKEN_PLACEHOLDER = "{generated_token}"  # noqa: S105 (a placeholder, not a secret)
_ALPHANUMERIC = string.ascii_letters + string.digits


class SampleMessage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    case: str
    from_agent: str = Field(min_length=1)
    subject: str
    body: str


class _SampleInbox(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int
    messages: list[SampleMessage]


def fake_github_token() -> str:
    """A random token in GitHub's format: it trips secret detectors, but is valid nowhere."""
    return "ghp_" + "".join(secrets.choice(_ALPHANUMERIC) for _ in range(36))


def load_sample_inbox() -> list[SampleMessage]:
    """The sample messages, with a freshly generated fake token in place of the placeholder."""
    text = files("warden").joinpath("data/sample_inbox.yaml").read_text(encoding="utf-8")
    try:
        inbox = _SampleInbox.model_validate(yaml.safe_load(text))
    except (yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"the bundled sample inbox is invalid: {exc}") from None
    token = fake_github_token()
    return [
        sample.model_copy(update={"body": sample.body.replace(TOKEN_PLACEHOLDER, token)})
        for sample in inbox.messages
    ]
