"""Schemathesis drives /api/v1/ from its own OpenAPI 3.1 document over real HTTP:
generated requests (valid and invalid) to every operation, each answer checked
against the document. No 5xx, every status and body as documented."""

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import make_article
from tests.livehttp import fresh_cache  # noqa: F401

from .conftest import bearer

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
SESSION = requests.Session()  # one keep-alive connection for all generated requests
CASES = []  # every generated request, for the count check at the end
EXAMPLES = 8  # per operation and phase: with the coverage phase's cases, 400-odd requests in all


def document():
    """The document as the server sends it (JSON: status codes as strings)."""
    import json

    from ninja.responses import NinjaJSONEncoder

    from dayuan.api.api import api

    return json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))


# Built in-process at collection (no database needed); the test below checks the server serves the same.
schema = schemathesis.openapi.from_dict(document())


@pytest.fixture
def site(live_server, tokens, settings):
    """Published articles, a comment and a withdrawn article for the generated requests to find."""
    settings.DAYUAN_COMMENT_RATE = "0"  # generated comments must reach the checks, not the rate limit
    from dayuan.engage.models import Comment

    article = make_article(title="晋中数字经济", tags=["数字经济"], flag="重点关注")
    make_article(status="withdrawn")
    Comment.objects.create(article=article, content="好", status="approved", ip_hash="x")
    return live_server.url


def test_the_served_document_is_openapi_3_1(api):
    served = api.get("/openapi.json").json()
    assert served["openapi"] == "3.1.0" and served == document()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case, site, tokens):
    CASES.append(case.operation.label)
    case.call_and_validate(base_url=site, session=SESSION, headers=bearer(tokens["reviewer"]), checks=CHECKS)


def test_a_few_hundred_cases_ran():
    """Runs after the generated tests (pytest keeps file order): the run was not trivially small."""
    operations = sum(len(methods) for methods in document()["paths"].values())
    if len(set(CASES)) < operations:
        pytest.skip("run alone or filtered: the generated tests did not all run")
    print(f"{len(CASES)} generated requests over {len(set(CASES))} operations")
    assert len(CASES) >= 200


def test_stateful_sequences_answer_as_documented(site, tokens):
    """Sequences of calls chained by the document's links (explicit ones from POST /articles, inferred ones
    from list items: an id found in one answer is read, submitted, published, withdrawn or scheduled in the
    next call): every step answers as documented. Derandomized, so the sequences are the same every run."""

    class Workflow(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"base_url": site, "session": SESSION, "headers": bearer(tokens["reviewer"])}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    Workflow.run(
        settings=settings(
            max_examples=15,
            stateful_step_count=6,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
