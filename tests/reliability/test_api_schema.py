"""schemathesis against the generated API descriptions: every operation, as every role, on two territories for one of them.

Both descriptions are crawled: ``/api/openapi.json`` (django-ninja: the core's
and every plugin's routers) and ``/api/v2/openapi.json`` (Wagtail's content
API, described from its endpoints). Each is read in-process from Django's
WSGI application, as a client would read it; every operation then gets cases that fit its schema and cases that do not, sent through the
same WSGI application with a real session and CSRF token. Each answer must
not be a 5xx, must match the schema the operation declares for its status,
must say a 4xx in French, and must not show an object outside the account's
scope (the access-control crawler's oracle); a refused write must leave
every table of the platform as it was. Operations with an id in their
path are also tried on real demo objects, inside and outside the account's
scope.

Every other role is tried too, as one of its demo holders, and so is an
anonymous visitor: their cases fit the schema (a refusal is what is checked),
plus the real objects inside and outside their scope.

``LOGIS_SCHEMA_EXAMPLES`` cases per operation, account and mode for the two
accounts of one role (default 6 in CI), ``LOGIS_SCHEMA_ROLE_EXAMPLES`` for
each other role and the anonymous visitor (default 1). CI draws
``LOGIS_SCHEMA_ROLES`` of the other roles (default 6, seed ``LOGIS_CRAWL_SEED``;
0 = all); the full run described in docs/reliability.md takes every role, 100
and 20 cases.
"""

import os
import random
import re
import secrets
import time
from collections import Counter

import pytest
import schemathesis
from django.test import Client
from django.test.client import ClientHandler
from hypothesis import HealthCheck, Phase, given, settings as hypothesis_settings
from schemathesis import checks
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode

from logis.accounts.models import RoleAssignment
from logis.accounts.roles import role_registry
from logis.testing import crawler
from logis.testing.report import record, time_budget
from logis.testing.tables import changed_counts, platform_models, row_counts

EXAMPLES = int(os.environ.get("LOGIS_SCHEMA_EXAMPLES", "6"))
ROLE_EXAMPLES = int(os.environ.get("LOGIS_SCHEMA_ROLE_EXAMPLES", "1"))
ROLES = int(os.environ.get("LOGIS_SCHEMA_ROLES", "6"))
ENGLISH = ("Input should", "must be", "Field required", "is not a valid", "Not Found", "Unauthorized", "Forbidden",
           "Method not allowed", "CSRF", "Cannot parse")
#: A French refusal may quote back a name the caller sent, between guillemets.
QUOTED = re.compile(r"«[^»]*»")
DESCRIPTIONS = ["/api/openapi.json", "/api/v2/openapi.json"]
CHECKS = [checks.not_a_server_error, checks.response_schema_conformance, checks.content_type_conformance]
#: Known findings that another area is fixing: problem test → reason (the test xfails while they last).
KNOWN = {}


@pytest.fixture
def wsgi_app():
    """Django's application as a WSGI callable that keeps the test's database connection, as the test client does.

    A bare ``WSGIHandler`` fires ``request_started`` and ``request_finished``,
    whose ``close_old_connections`` closes a connection found inside a
    transaction (the test's): on PostgreSQL every later query then fails
    (« the connection is closed »; SQLite's in-memory database ignores the
    close). Disconnecting that receiver for the test is not enough: every
    request of Django's test client (``crawler.public`` asks as an anonymous
    visitor) connects it again. Django's ``ClientHandler`` steps around it on
    each request, and enforces CSRF as a browser meets it.
    """
    handler = ClientHandler(enforce_csrf_checks=True)

    def application(environ, start_response):
        response = handler(environ)  # closed by the handler once its content is read, the connection kept
        body = b"".join(response) if response.streaming else response.content
        headers = [*response.items(), *(("Set-Cookie", cookie.output(header="")) for cookie in response.cookies.values())]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [body]

    return application


def two_accounts():
    """A demo account holding the broadest role on one territory, and a demo account with that role on another one."""
    roles = role_registry()
    assignments = list(RoleAssignment.objects.current().filter(user__email__endswith="@demo.logis.invalid", user__is_superuser=False)
                       .select_related("user", "organisation"))
    assignments.sort(key=lambda a: (-len(roles[a.role].permissions) if a.role in roles else 0, a.pk))
    for first in assignments:
        for other in assignments:
            if other.role == first.role and other.user_id != first.user_id and other.organisation.territory_id != first.organisation.territory_id:
                return first.user, other.user
    pytest.fail("la démonstration doit donner un même rôle sur deux territoires")


def one_per_role(taken):
    """A current demo holder of each role but ``taken``'s, in a stable order."""
    holders = {}
    for assignment in (RoleAssignment.objects.current().filter(user__email__endswith="@demo.logis.invalid", user__is_superuser=False)
                       .exclude(role__in=taken).select_related("user").order_by("role", "pk")):
        holders.setdefault(assignment.role, assignment.user)
    return list(holders.values())


def browser_session(user):
    """The cookies and CSRF header of a browser (logged in unless ``user`` is None): they replace the case's own cookie auth."""
    token = secrets.token_hex(16)  # 32 characters: a CSRF secret, sent as cookie and header
    cookies = {"csrftoken": token}
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies["sessionid"] = client.cookies["sessionid"].value
    return {"cookies": cookies, "headers": {"X-CSRFToken": token}}


def path_ids(operation, account, limit=2):
    """Fixed path parameters on real demo objects: up to ``limit`` inside and outside the account's scope."""
    params = [p.name for p in operation.path_parameters]
    if len(params) != 1:
        return []
    model = crawler.model_for_param(params[0])
    if model is None:
        return []
    pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:200])
    visible = account.visible
    inside = [pk for pk in pks if visible is None or pk in visible.get(model._meta.label, pks)]
    outside = [pk for pk in pks if pk not in inside]
    return [({params[0]: pk}, None) for pk in inside[:limit]] + [({params[0]: pk}, (model._meta.label, pk)) for pk in outside[:limit]]


def french_problem(response):
    if not 400 <= response.status_code < 500 or "json" not in response.headers.get("content-type", [""])[0]:
        return None
    body = QUOTED.sub("« »", response.text)     # what the caller sent, quoted back, is not our language (« Forbidden »)
    if any(english in body for english in ENGLISH):
        return f"{response.status_code} en anglais : {body[:160]}"
    return None


def test_the_language_check_reads_our_words_not_the_callers():
    from types import SimpleNamespace

    def answer(text):
        return SimpleNamespace(status_code=400, headers={"content-type": ["application/json"]}, text=text)

    assert french_problem(answer('{"message": "Tri impossible sur « Forbidden » : ce champ n\'existe pas."}')) is None
    assert french_problem(answer('{"detail": "Forbidden"}')) is not None
    assert french_problem(answer('{"message": "« a » Input should be a valid integer"}')) is not None


def test_every_api_operation_answers_within_its_schema_in_french_as_every_role(demo, wsgi_app):
    holder, outsider = two_accounts()
    operations = [result.ok() for description in DESCRIPTIONS
                  for result in schemathesis.openapi.from_wsgi(description, wsgi_app).get_all_operations()]
    marker_index, models = crawler.markers(), platform_models()
    # (account, examples, modes, objects inside and outside): the pair in full, every other role and the anonymous visitor lighter.
    both = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    accounts = [(crawler.demo_account(user), EXAMPLES, both, 2) for user in (holder, outsider)]
    taken = RoleAssignment.objects.current().filter(user=holder).values_list("role", flat=True)
    holders = others = one_per_role(taken)
    if ROLES and ROLES < len(holders):
        others = random.Random(int(os.environ.get("LOGIS_CRAWL_SEED", "2026"))).sample(holders, ROLES)
    accounts += [(crawler.demo_account(user), ROLE_EXAMPLES, (GenerationMode.POSITIVE,), 1) for user in others]
    accounts.append((crawler.anonymous_account(), ROLE_EXAMPLES, (GenerationMode.POSITIVE,), 1))
    problems, statuses, start, budget, cut_short = [], Counter(), time.perf_counter(), time_budget(), False

    for account, examples, modes, objects in accounts:
        username, session = account.label, browser_session(account.user)
        for operation in operations:
            if budget and time.perf_counter() - start > budget:
                cut_short = True
                break
            runs = [(mode, {}, None) for mode in modes]
            runs += [(GenerationMode.POSITIVE, fixed, outside) for fixed, outside in path_ids(operation, account, objects)]
            for mode, fixed, outside in runs:
                strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed or None)

                @hypothesis_settings(max_examples=examples if not fixed else min(examples, 2), deadline=None, database=None,
                                     phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
                @given(case=strategy)
                def exercise(case):
                    before = row_counts(models) if case.method != "GET" else None
                    where = f"{username} {case.method} {case.formatted_path} ({mode.value})"
                    try:
                        response = case.call(**session)
                    except Exception as error:  # noqa: BLE001 — the application raised: a 500 for a real client
                        problems.append(f"{where} : exception serveur {error!r}"[:300])
                        statuses[500] += 1
                        return
                    statuses[response.status_code] += 1
                    if before is not None and response.status_code >= 400 and (changed := changed_counts(before, row_counts(models))):
                        problems.append(f"{username} {case.method} {case.formatted_path} : refusé ({response.status_code}) mais tables modifiées {changed}")
                    try:
                        case.validate_response(response, checks=CHECKS, headers=session["headers"])
                    except FailureGroup as failure:  # a BaseExceptionGroup (not an Exception): collect, do not stop
                        problems.append(f"{where} : " + " | ".join(line.strip() for line in str(failure).splitlines() if line.strip())[:600])
                    if (message := french_problem(response)) is not None:
                        problems.append(f"{where} : {message}")
                    if response.status_code < 400 and case.method == "GET":
                        visit = crawler.Visit(username, case.method, case.formatted_path, operation.path, outside)
                        problems.extend(crawler.check(account, visit, crawler.Answer(response.status_code, response.content), marker_index))
                    elif outside is not None and response.status_code < 400:
                        problems.append(f"{where} : {outside[0]} n°{outside[1]} hors portée mais réponse {response.status_code}")

                exercise()

    known = {reason: [p for p in problems if test(p)] for test, reason in KNOWN.items()}
    unknown = [p for p in problems if not any(test(p) for test in KNOWN)]
    record("schemathesis (API)", descriptions=len(DESCRIPTIONS), opérations=len(operations),
           comptes=len(accounts), rôles_en_plus=f"{len(others)} sur {len(holders)}", paire=f"{holder.username} et {outsider.username}", cas=sum(statuses.values()),
           réponses=dict(sorted(statuses.items())), exemples_par_mode=EXAMPLES, exemples_autres_rôles=ROLE_EXAMPLES,
           problèmes=len(unknown), problèmes_connus=sum(map(len, known.values())), durée_s=round(time.perf_counter() - start, 1),
           interrompu=cut_short)
    assert not unknown, f"{len(unknown)} problème(s) :\n" + "\n".join(sorted(set(unknown))[:60])
    if any(known.values()):
        pytest.xfail("; ".join(f"{reason} : {len(found)} cas, ex. {found[0]}" for reason, found in known.items() if found))


@pytest.mark.django_db
def test_an_unreadable_json_body_is_refused_in_french(client, person, demo_territories):
    """schemathesis found it: django-ninja answered « Cannot parse request body » (400, in English)."""
    client.force_login(person("coord.corps", "offers.coordinator", demo_territories.organisation("Ville de Lyon")))
    response = client.post("/api/offers/match", "{pas du json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Le corps de la requête n'est pas du JSON valide."}


@pytest.mark.django_db
def test_the_wsgi_application_keeps_the_test_connection_after_a_test_client_request(wsgi_app, client):
    """The cause of « the connection is closed » on PostgreSQL: a test-client request put back the receiver that closes it."""
    from django.db import connection
    from werkzeug.test import Client as WerkzeugClient

    client.get("/healthz")
    opened = connection.connection
    assert WerkzeugClient(wsgi_app).get("/healthz").status_code == 200
    assert WerkzeugClient(wsgi_app).get("/api/jobs/").status_code in (401, 403, 404, 405)
    assert connection.connection is opened and connection.in_atomic_block


@pytest.mark.django_db
def test_a_page_of_the_content_api_matches_exactly_one_page_schema():
    """schemathesis found it on PostgreSQL: a guide page matched several schemas of the detail answer's ``oneOf``."""
    from jsonschema_rs import validator_for

    from content.openapi import build_schema

    description = build_schema()
    detail = description["paths"]["/api/v2/pages/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    validator = validator_for({**detail, "components": description["components"]})
    for name in ("content.GuidePage", "content.NewsPage", "content.HomePage"):
        page = {"id": 1, "title": "Page", "meta": {"type": name}}
        assert validator.is_valid(page), name
        assert sum(validator_for({**one, "components": description["components"]}).is_valid(page) for one in detail["oneOf"]) == 1
    assert not validator.is_valid({"id": 1, "meta": {"type": "wagtailcore.Page"}})


@pytest.mark.django_db
def test_an_anonymous_call_to_an_operation_that_needs_a_login_is_refused_in_french(client):
    """schemathesis found it as the anonymous visitor: django-ninja answered « Unauthorized » (401, in English)."""
    response = client.get("/api/notifications/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentification requise : connectez-vous."}
