"""Schemathesis against the OpenAPI spec, in process: no 5xx, and every response matches the spec."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.market.helpers import Api, make_pack, make_settings

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]


@pytest.fixture(scope="module")
def market(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("schema")
    api = Api(make_settings(tmp))
    creator = api.account("ana@example.com", creator="Ana")
    assert api.publish(creator, make_pack(tmp)).status_code == 201
    api.token = creator.token
    yield api
    api.close()


@pytest.fixture(scope="module")
def market_schema(market):
    return schemathesis.openapi.from_asgi("/openapi.json", market.app)


schema = schemathesis.pytest.from_fixture("market_schema")


@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case, market):
    # A generous read timeout: it guards against a hang, not for speed (a loaded 2-core CI machine is slow).
    case.call_and_validate(headers={"Authorization": f"Bearer {market.token}"}, checks=CHECKS, timeout=120)


def test_spec_documents_every_route(market):
    spec = market.app.openapi()
    assert spec["info"]["title"] == "waQup marketplace"
    routes = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    assert ("POST", "/v1/packs") in routes and ("GET", "/media/{key}") in routes
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            assert op.get("description") or op.get("summary"), (method, path)
            if "ops" not in op["tags"]:  # health and metrics are not rate limited
                assert "429" in op["responses"], (method, path)
