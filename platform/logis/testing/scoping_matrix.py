"""A plugin's scoping matrix in a few lines: each role inside and outside its territory, expired, revoked, aggregates-only,
over every admin, API and export URL the plugin declares.

The URLs come from the resolver (:mod:`logis.testing.routes`): every route
under the plugin's admin viewsets and its API prefix, ids filled with the
records the test hands over. A record's marker is its natural key (as for
the access crawler), looked for in every body::

    def test_scoping_matrix(scoping_matrix, demo_territories, make_listing):
        org = demo_territories.organisation
        matrix = scoping_matrix("listings", inside=[make_listing("Ville de Lyon")], outside=[make_listing("Ville de Grenoble")])
        matrix.check_role("listings.editor", org("Ville de Lyon"))   # sees nothing outside, reaches and changes nothing outside
        matrix.check_lapsed("listings.editor", org("Ville de Lyon"))  # expired and revoked: every URL refused, no record shown
        matrix.check_aggregates_only("listings.national", org("GIP SNE"))  # no record shown, no record reached

Each check fails with the list of what did not hold, and returns the answers by URL for the test's own assertions.
"""

import datetime
import itertools
from dataclasses import dataclass, field

from django.test import Client
from django.utils.functional import cached_property
from django.utils import timezone

from logis.accounts.scoping import Scope
from logis.api import PLUGIN_API_PREFIXES
from logis.audit.links import history_url
from logis.audit.recorder import is_audited
from logis.testing.crawler import body_text, follow, model_for_param, natural_key_fields, public, refused, row
from logis.testing.routes import FIXED_VALUES, routes
from logis.wagtail_hooks import PLUGIN_VIEWSETS

_accounts = itertools.count(1)
API_WRITES = ("POST", "PATCH", "PUT", "DELETE")


@dataclass(frozen=True)
class Url:
    url: str
    route: str
    #: The record whose id the URL holds, else None (lists, exports, forms).
    record: object = None

    @property
    def is_api(self):
        return self.url.startswith("/api/")


@dataclass
class Answers:
    """What one account got: ``by_url[url]`` is the response of the GET (redirects of the application followed)."""

    user: object
    by_url: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)


def _flat(items):
    for item in items:
        yield from _flat(getattr(item, "registerables", ())) if hasattr(item, "registerables") else [item]


def plugin_routes(plugin):
    """``[(route, model served or None)]``: the routes under the plugin's admin viewsets and API prefix."""
    admin = {f"admin/{vs.url_prefix.strip('/')}/": getattr(vs, "model", None) for vs in _flat(PLUGIN_VIEWSETS.get(plugin, ()))}
    api = tuple(f"api/{prefix}" for prefix, name in PLUGIN_API_PREFIXES.items() if name == plugin)
    found = []
    for route in routes():
        prefix = next((p for p in admin if route.route.startswith(p)), None)
        if prefix is not None or route.route.startswith(api) and api:
            found.append((route, admin.get(prefix)))
    return found


def _key(record):
    return type(record), record.pk


def _reads_history(user, record):
    """Whether ``user`` may read ``record``'s history through the permission its model names."""
    model, permission = type(record), getattr(type(record), "history_permission", None)
    if not is_audited(model) or not permission:
        return False
    scope = Scope.for_user(user, permission)
    return bool(scope) and not scope.aggregates_only and scope.allows(record)


class ScopingMatrix:
    def __init__(self, plugin, inside, outside, person):
        self.plugin, self.inside, self.outside, self.person = plugin, list(inside), list(outside), person
        self.urls = list(self._urls())
        assert self.urls, f"l'extension {plugin} ne déclare aucune URL d'administration ni d'API"

    def _urls(self):
        records = self.inside + self.outside
        for route, viewset_model in plugin_routes(self.plugin):
            fixed = [{}]
            for name in (p for p in route.params if p in FIXED_VALUES):
                fixed = [{**f, name: value} for f in fixed for value in FIXED_VALUES[name]]
            ids = [p for p in route.params if p not in FIXED_VALUES]
            if not ids:
                yield from (Url(url, route.route) for url in (route.fill(values) for values in fixed) if url)
                continue
            model = route.model or model_for_param(ids[0], route.model) or viewset_model
            if len(ids) != 1 or model is None:
                continue  # a job's uuid, a nested id: not a record of the matrix
            for record in (r for r in records if isinstance(r, model)):
                urls = (route.fill({**values, ids[0]: record.pk}) for values in fixed)
                yield from (Url(url, route.route, record) for url in urls if url)

    @cached_property
    def public_urls(self):
        """URLs an anonymous visitor reads too (a plugin's public API): open to a lapsed role, still checked for hidden records."""
        return {url.url for url in self.urls if public(url.url)}

    def markers(self, records):
        """Natural-key values of ``records`` (the strings a body must not hold)."""
        return {getattr(r, name) for r in records for name in natural_key_fields(type(r)) if getattr(r, name)}

    def _visit(self, user, hidden, writes=True):
        """GET every URL (and write to hidden records): nothing hidden shown, reached or changed, never a server error."""
        answers, client = Answers(user), Client(raise_request_exception=False)
        client.force_login(user)
        markers, hidden_keys = self.markers(hidden), {_key(r) for r in hidden}
        for url in self.urls:
            response = follow(client, client.get(url.url))
            answers.by_url[url.url] = response
            secret = url.record is not None and _key(url.record) in hidden_keys
            if response.status_code >= 500:
                answers.problems.append(f"GET {url.url} : erreur serveur {response.status_code}")
            elif secret and not refused(response):
                answers.problems.append(f"GET {url.url} : {url.record!r} hors portée mais réponse {response.status_code}")
            elif response.status_code == 200 and (shown := [m for m in markers if m in body_text(response)]):
                answers.problems.append(f"GET {url.url} : {', '.join(sorted(shown))} visible hors portée")
            if secret and writes:
                answers.problems += self._write(client, url)
        return answers

    def _write(self, client, url):
        problems, before = [], row(type(url.record)._meta.label, url.record.pk)
        for method in API_WRITES if url.is_api else ("POST",):
            kind = "application/json" if url.is_api else "application/x-www-form-urlencoded"
            response = client.generic(method, url.url, "{}" if url.is_api else "", content_type=kind)
            # 400/422: the empty body was refused before any record was read (the row is checked below).
            if response.status_code >= 500 or not (refused(response) or response.status_code in (400, 422)):
                problems.append(f"{method} {url.url} : hors portée mais réponse {response.status_code}")
        if row(type(url.record)._meta.label, url.record.pk) != before:
            problems.append(f"{url.url} : {url.record!r} hors portée modifié")
        return problems

    def _holder(self, role, organisation, territory=None, **assignment):
        return self.person(f"matrice.{next(_accounts)}", role, organisation, territory, **assignment)

    def _check(self, answers, who):
        assert not answers.problems, f"{who} :\n" + "\n".join(answers.problems)
        return answers

    def check_role(self, role, organisation, territory=None, **assignment):
        """A current holder of ``role``: the outside records are never shown, reached (404/403) nor changed;
        the admin's "Historique" of an inside record it may read leads to the core's history page."""
        user = self._holder(role, organisation, territory, **assignment)
        answers = self._visit(user, self.outside)
        hidden = {_key(r) for r in self.outside}
        for url in self.urls:
            record = url.record
            if record is None or _key(record) in hidden or not url.route.endswith("history/<int:pk>/") or not _reads_history(user, record):
                continue
            response = answers.by_url[url.url]
            if (response.status_code, response.request["PATH_INFO"]) != (200, history_url(record)):
                answers.problems.append(f"GET {url.url} : réponse {response.status_code} sur {response.request['PATH_INFO']}, "
                                        f"au lieu de l'historique {history_url(record)}")
        return self._check(answers, f"{role} ({organisation})")

    def check_lapsed(self, role, organisation, territory=None):
        """An expired and a revoked holder of ``role``: every URL refused but the public ones, no record shown (``[expired, revoked]``)."""
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        lapsed = {
            "expiré": {"valid_from": yesterday - datetime.timedelta(days=365), "valid_until": yesterday},
            "révoqué": {"revoked_at": timezone.now()},
        }
        found = []
        for state, dates in lapsed.items():
            answers = self._visit(self._holder(role, organisation, territory, **dates), self.inside + self.outside)
            answers.problems += [f"GET {url} : réponse {response.status_code} sans rôle en cours"
                                 for url, response in answers.by_url.items() if not refused(response) and url not in self.public_urls]
            found.append(self._check(answers, f"{role} ({organisation}) {state}"))
        return found

    def check_aggregates_only(self, role, organisation, territory=None):
        """A holder of an aggregates-only ``role``: counts at the most, no record shown nor reached."""
        answers = self._visit(self._holder(role, organisation, territory), self.inside + self.outside)
        return self._check(answers, f"{role} ({organisation}) agrégats seulement")
