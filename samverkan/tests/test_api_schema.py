"""schemathesis against the served OpenAPI schema: no server error, no answer off the schema.

A bounded number of generated requests per operation, as a signed-in site administrator
(who may do everything, so that writes get past the permission checks) with the demo data.
"""

from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis import checks
from schemathesis.specs.openapi import checks as openapi_checks

from samverkan.accounts.models import User
from samverkan.accounts.tokens import create_token
from samverkan.demo import loader

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
EXAMPLES_PER_OPERATION = 12

schema = schemathesis.openapi.from_path(COMMITTED)
# The security middleware reads the HTTPS redirect once, when the application is built; the
# in-process client speaks plain HTTP.
with override_settings(SECURE_SSL_REDIRECT=False):
    schema.app = get_wsgi_application()


@pytest.fixture
def admin_token(db):
    """The demo data and an admin's token, in the test's transaction.

    Requests go through the WSGI application in this thread. At the end of each, Django
    closes the database connection (request_finished), which would end the test's transaction
    on PostgreSQL; Django's own test client turns that off the same way.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    loader.load()
    _record, token = create_token(user=User.objects.get(username="admin"), name="fuzz", actor=None)
    yield token
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case, admin_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {admin_token}"},
        checks=[
            checks.not_a_server_error,
            openapi_checks.status_code_conformance,
            openapi_checks.content_type_conformance,
            openapi_checks.response_schema_conformance,
        ],
    )


def test_the_committed_schema_is_the_served_one():
    """`make schema` rewrites docs/openapi.yaml; an unreviewed change of the API fails here."""
    from drf_spectacular.renderers import OpenApiYamlRenderer

    with translation.override("en"):
        generated = SchemaGenerator().get_schema(request=None, public=True)
        text = OpenApiYamlRenderer().render(generated, renderer_context={}).decode()
    assert text == COMMITTED.read_text()
