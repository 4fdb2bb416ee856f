"""docs/hub-openapi.yaml describes exactly the routes and bodies the reference hub serves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from warden.core import wire
from warden.core.models import Message
from warden.hub.server import create_app
from warden.hub.store import HubStore

SPEC_PATH = Path(__file__).resolve().parents[2] / "docs" / "hub-openapi.yaml"
REFERENCE_ONLY = {
    ("GET", "/healthz"),
    ("GET", "/v1/messages"),
    ("GET", "/v1/progress"),
    ("POST", "/v1/_faults"),
    ("DELETE", "/v1/_faults"),
}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return loaded


def operations(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): operation
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    }


async def test_every_route_of_the_app_is_documented_and_vice_versa(
    spec: dict[str, Any], tmp_path: Path
) -> None:
    store = HubStore(tmp_path / "hub.db")
    try:
        app = create_app(store, fault_injection=True)
        served = {
            (route.method, route.resource.canonical)
            for route in app.router.routes()
            if route.resource is not None
        }
        await app.cleanup()
    finally:
        store.close()
    assert served == set(operations(spec))


def test_reference_only_operations_are_tagged(spec: dict[str, Any]) -> None:
    tagged = {key for key, op in operations(spec).items() if "reference-only" in op["tags"]}
    assert tagged == REFERENCE_ONLY
    assert spec["openapi"].startswith("3.1")


def test_handoff_kinds_match_the_wire_constant(spec: dict[str, Any]) -> None:
    kinds = spec["components"]["schemas"]["Handoff"]["properties"]["kind"]["enum"]
    assert tuple(kinds) == wire.HANDOFF_KINDS


@pytest.mark.parametrize(
    ("schema", "model"),
    [
        ("Message", Message),
        ("NewMessage", wire.NewMessage),
        ("NewProgress", wire.NewProgress),
        ("FaultPlan", wire.FaultPlan),
        ("Handoff", wire.Handoff),
    ],
)
def test_schemas_match_the_wire_models(
    spec: dict[str, Any], schema: str, model: type[BaseModel]
) -> None:
    assert set(spec["components"]["schemas"][schema]["properties"]) == set(model.model_fields)
