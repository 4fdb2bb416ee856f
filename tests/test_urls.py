"""One URL rule for the worker and the operator: a WardenWorker the operator accepts never
carries a hub or llm-connect URL the worker would refuse at every run."""

from __future__ import annotations

import pytest

from warden.core.errors import ConfigError
from warden.core.urls import validate_base_url
from warden.operator.spec import SpecError, parse_spec

URLS = [
    "http://hub:8080",
    "https://hub.example.internal/api/",
    "http://hub:8080/?x=1",
    "http://hub:8080/#frag",
    "http://user:pw@hub:8080",
    "ftp://hub",
    "http://",
    "http://hub:99999",
    "hub:8080",
]


@pytest.mark.parametrize("url", URLS)
def test_operator_and_worker_agree_on_every_url(url: str) -> None:
    try:
        validate_base_url(url, "hub URL")
        worker_accepts = True
    except ConfigError:
        worker_accepts = False
    for field in ("hub", "llm"):
        spec = {"schedule": "*/5 * * * *", field: {"url": url}}
        if worker_accepts:
            parse_spec(spec)
        else:
            with pytest.raises(SpecError) as caught:
                parse_spec(spec)
            assert url not in str(caught.value)  # spec errors never echo values


def test_usable_urls_lose_their_trailing_slash() -> None:
    assert validate_base_url(" https://hub.example.internal/api/ ", "hub URL") == (
        "https://hub.example.internal/api"
    )
