"""Schemathesis over the whole API (issue 9): every operation of the checked-in schema, valid and invalid input,
for two roles (generalist: case work and writes; partner: a referring organisation with a narrow scope). A 500 fails
the suite; so does a response that contradicts the schema.

The app runs in-process through WSGI on the test database. The number of examples per operation is bounded and the
generation deterministic (no randomness between runs): a few minutes per database. No operation is excluded.
Set TOEGANG_SCHEMATHESIS_EXAMPLES to try more locally.
"""

import os
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from toegang.core.actor import SYSTEM
from toegang.intake.actions import MeldingData, check_register_melding

from .factories import HouseholdFactory, ResidentFactory, api_key
from .provisions_support import case_with_goal

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "src" / "toegang" / "api" / "openapi.yaml"
EXAMPLES = int(os.environ.get("TOEGANG_SCHEMATHESIS_EXAMPLES", 8))

schema = schemathesis.openapi.from_path(SCHEMA_PATH)
schema.app = get_wsgi_application()
schema.config.generation.update(modes=["positive", "negative"], max_examples=EXAMPLES, deterministic=True,
                                database="none")
# The coverage phase (boundary values: empty, huge, wrong types) stays; its probes of undeclared methods (405 from
# the router, never our code) are left out to keep the run short.
schema.config.phases.coverage.unexpected_methods = set()

ROLES = ("generalist", "partner")
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture(autouse=True)
def one_connection_per_test():
    """Requests share the test's database connection (inside its transaction), as Django's test client arranges:
    the WSGI handler would otherwise close it after the first request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(staff, demodam):
    """A little of everything, so generated small ids find rows: households, residents, a melding, a case with a
    plan goal (for the generalist as case director)."""
    household = HouseholdFactory(gemeente=demodam)
    resident = ResidentFactory(household=household)
    check_register_melding(actor=SYSTEM, gemeente=demodam,
                           data=MeldingData(question="Hulp bij het huishouden", channel="telefoon", source="zelf",
                                            laws=["wmo"]), persons=[resident])
    case_with_goal(staff["generalist"])
    return {role: api_key(staff[role]) for role in ROLES}


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_api_never_answers_500(case, world):
    # Both roles get every generated request (one database set-up per operation, not one per role).
    for role in ROLES:
        case.call_and_validate(headers={"Authorization": f"Bearer {world[role]}"}, checks=CHECKS)
