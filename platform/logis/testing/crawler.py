"""The access-control crawler: every route × every demo account, each answer checked against the scoping service.

Nothing in it names a plugin. The accounts are the demo accounts of the core
and of every plugin (``logis demo``), plus, for every role they hold, one
account whose assignment is expired, one revoked and one not yet started —
they hold no current role, so they must see nothing. The routes come from
the URL resolver (:mod:`logis.testing.routes`); ids come from the demo
objects of the model each route serves. The oracle is the scoping service:

- an object whose natural key (a string field of a unique constraint, which
  every record has) appears in a body must be visible to the account;
- a detail or write route on an object outside the account's scope must
  refuse (403/404/401/405, or the admin's login or "denied" redirect), and a
  refused write must leave the row as it was;
- an account without any current role gets nothing from the admin;
- no answer is a server error.

A model's visibility is the scope of its read permission: ``history_permission``
when the model names one, else ``<app_label>.view``; plus, for a model read by
membership, the rows its ``ScopedBy.members`` declaration opens to the account.
"""

import datetime
import io
import random
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone

from logis.accounts.models import RoleAssignment
from logis.accounts.roles import role_registry
from logis.accounts.scoping import Scope
from logis.testing.routes import FIXED_VALUES, routes

#: Admin routes that stay open to everyone (signing in, resetting a password, static catalogues).
OPEN_ADMIN_ROUTES = {
    "wagtailadmin_login", "wagtailadmin_password_reset", "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_complete", "wagtailadmin_javascript_catalog", "javascript_catalog", "wagtailadmin_sprite",
}
#: Parameters whose values say the model by name: ``offer_id`` → the model named ``offer``.
_ID_PARAM = re.compile(r"^(?:(?:parent_)?(?P<model>\w+?)_)?(?:id|pk)$")
VARIANTS = ("expiree", "revoquee", "future")
#: Routes that show an object's history: the audit scope opens them too.
_HISTORY = re.compile(r"histor")


@dataclass
class Account:
    label: str
    user: object = None
    #: model → set of visible pks (superusers: None = everything).
    visible: dict = field(default_factory=dict)
    has_current_role: bool = True
    #: model → pks whose history the account reads through its audit scope (histories, the audit list).
    history: dict = field(default_factory=dict)

    def sees(self, label, pk, history=False):
        if self.visible is None:
            return True
        return pk in self.visible.get(label, ()) or (history and pk in self.history.get(label, ()))


@dataclass(frozen=True)
class Visit:
    account: str
    method: str
    url: str
    route: str
    #: (model label, pk) of an object outside the account's scope that the route serves, else None.
    outside: tuple | None = None


def scoped_models():
    return [m for m in apps.get_models() if getattr(m, "scoping", None) is not None]


def read_permission(model):
    permission = getattr(model, "history_permission", None) or f"{model._meta.app_label}.view"
    known = {p for role in role_registry().values() for p in role.permissions}
    return permission if permission in known else None


def natural_key_fields(model):
    """String fields of the model's unique constraints: the markers looked for in bodies."""
    names = [name for c in model._meta.constraints if isinstance(c, models.UniqueConstraint) for name in c.fields]
    names += [name for group in model._meta.unique_together for name in group]
    return [n for n in dict.fromkeys(names) if isinstance(model._meta.get_field(n), (models.CharField, models.SlugField))]


def markers():
    """marker text → [(model label, pk)]; only texts long enough not to appear by chance."""
    found = {}
    for model in scoped_models():
        for name in natural_key_fields(model):
            for pk, value in model._default_manager.values_list("pk", name):
                if value and len(value) >= 6:
                    found.setdefault(value, []).append((model._meta.label, pk))
    return found


def visibility(user):
    """model label → pks the user may see through the scoping service, or as a member (None: everything)."""
    if user is not None and user.is_superuser:
        return None
    visible = {}
    for model in scoped_models():
        permission = read_permission(model)
        scope = Scope.for_user(user, permission) if permission else Scope([], "")
        rows = set() if (not scope or scope.aggregates_only) else set(scope.filter(model._default_manager.all()).values_list("pk", flat=True))
        visible[model._meta.label] = rows | member_rows(user, model)
    return visible


def member_rows(user, model):
    """Pks read by membership, as the model's ``ScopedBy.members`` declares it (read here from the declaration, not
    from the plugin's code, which the crawler checks): a member in person or through an organisation where the user
    holds a current role granting ``member_permission``; with such a role, the rows open to all too."""
    scoping = model.scoping
    if user is None or not scoping.members:
        return set()
    granting = {name for name, role in role_registry().items() if scoping.member_permission in role.permissions}
    organisations = list(RoleAssignment.objects.current().filter(user=user, role__in=granting).values_list("organisation", flat=True))
    if not organisations:
        return set()
    read = Q(**{f"{scoping.members}__user": user}) | Q(**{f"{scoping.members}__organisation__in": organisations})
    if scoping.open_to_all is not None:
        read |= scoping.open_to_all
    return set(model._default_manager.filter(read).values_list("pk", flat=True))


def audit_visibility(user):
    """model label → pks with history entries inside the user's ``audit.view`` scope (territory paths)."""
    from logis.audit.models import AuditEntry

    scope = Scope.for_user(user, "audit.view")
    if not scope:
        return {}
    entries = AuditEntry.objects.all()
    q = scope.path_q("territory_path")
    if q is not None:
        entries = entries.filter(q)
    found = {}
    for app_label, model_name, object_id in entries.values_list("content_type__app_label", "content_type__model", "object_id"):
        model = apps.get_model(app_label, model_name)
        found.setdefault(model._meta.label, set()).add(model._meta.pk.to_python(object_id))
    return found


def _account(label, user, has_current_role):
    return Account(label, user, visibility(user), has_current_role, audit_visibility(user) if user is not None else {})


def demo_account(user):
    """The crawler's view of one user: what the scoping service lets them see."""
    return _account(user.username, user, user.is_superuser or RoleAssignment.objects.current().filter(user=user).exists())


def anonymous_account():
    """A visitor who is not signed in: sees no scoped object."""
    return _account("anonyme", None, False)


def demo_accounts():
    """Anonymous, every demo account, and expired / revoked / future copies of one holder of each role.

    The copies are created first: their assignments are objects (with history) the others may or may not see.
    """
    User = get_user_model()
    today = timezone.localdate()
    holders, variants = {}, []
    for assignment in RoleAssignment.objects.filter(user__email__endswith="@demo.logis.invalid").select_related("user").order_by("pk"):
        holders.setdefault(assignment.role, assignment)
    for role, assignment in holders.items():
        for variant in VARIANTS:
            username = f"{assignment.user.username}.{variant}"
            user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@crawler.invalid", "is_staff": True})
            user.groups.set(assignment.user.groups.all())
            dates = {
                "expiree": {"valid_from": today - datetime.timedelta(days=400), "valid_until": today - datetime.timedelta(days=1)},
                "revoquee": {"revoked_at": timezone.now()},
                "future": {"valid_from": today + datetime.timedelta(days=1)},
            }[variant]
            RoleAssignment.objects.get_or_create(user=user, role=role, organisation=assignment.organisation,
                                                 territory=assignment.territory, defaults=dates)
            variants.append(user)
    accounts = [anonymous_account()]
    accounts += [demo_account(user) for user in User.objects.filter(email__endswith="@demo.logis.invalid").order_by("username")]
    return accounts + [_account(user.username, user, False) for user in variants]


def model_for_param(param, served=None, app=None):
    """The model a path parameter names: ``offer_id`` → the model named ``offer`` (``app``'s first); ``pk`` → ``served``, the route's model."""
    if param == "pk" and served is not None:
        return served
    match = _ID_PARAM.match(param)
    name = match and match.group("model")
    if not name:
        return None
    if name in ("page", "parent_page"):
        from wagtail.models import Page

        return Page
    if name == "user":
        return get_user_model()
    return _prefer_app([m for m in apps.get_models() if m._meta.model_name == name.replace("_", "")], app)


def _app_of(route):
    """The app label a route belongs to: its view's app, or the segment after ``api/`` (django-ninja's views are its own)."""
    config = apps.get_containing_app_config(route.module or "")
    if config is not None and not config.name.startswith(("ninja", "django.", "wagtail")):
        return config.label
    segment = route.route.split("/")[1] if route.is_api else ""
    return segment if segment in apps.app_configs else None


def _prefer_app(candidates, app, strict=False):
    """The one candidate model, or the one of ``app`` among several (``document`` of the spaces plugin, not Wagtail's).

    ``strict``: only a model of ``app`` when the route's app is known (a guess from a word must not cross plugins).
    """
    if app and (strict or len(candidates) > 1):
        candidates = [m for m in candidates if m._meta.app_label == app]
    return candidates[0] if len(candidates) == 1 else None


def _natural_key_model(param, app):
    """The scoped model whose unique text or number field is named ``param`` (``<slug>``, ``<number>``…)."""
    def unique(model):
        names = {n for c in model._meta.constraints if isinstance(c, models.UniqueConstraint) for n in c.fields}
        names |= {n for group in model._meta.unique_together for n in group}
        return any(f.name == param and (f.unique or f.name in names) for f in model._meta.concrete_fields)
    return _prefer_app([m for m in scoped_models() if unique(m)], app, strict=True)


def _segment_model(route, param, app):
    """The model a ``pk`` stands for from the URL segment before it: ``discussions/<int:pk>`` → the model named « discussions »."""
    before = re.split(r"<[^>]*>|\(\?P<[^)]*\)", route.route)[route.params.index(param)].rstrip("/").rsplit("/", 1)[-1]
    from django.utils.text import slugify

    return _prefer_app([m for m in scoped_models() if before and before in (slugify(str(m._meta.verbose_name_plural)),
                                                                        slugify(str(m._meta.verbose_name)))], app, strict=True)


def target_of(route):
    """``(model, field, parents)`` a parametrised route serves: the model of its last id or natural key parameter, the field
    that parameter reads (``pk``, ``slug``…) and, for every other parameter, the path from that model to its value
    (``slug`` of a thread's space → ``space__slug``). None when a parameter cannot be filled from the demo objects."""
    params = [p for p in route.params if p not in FIXED_VALUES and p != "model"]
    if not params:
        return None
    app, last = _app_of(route), params[-1]
    model = model_for_param(last, route.model, app)
    field = "pk"
    if model is None and _ID_PARAM.match(last):
        model = _segment_model(route, last, app)
    if model is None:
        model, field = _natural_key_model(last, app), last
    if model is None:
        return None
    parents = {}
    for param in params[:-1]:
        path = next((f"{f.name}__{param}" for f in model._meta.concrete_fields if f.is_relation and f.many_to_one
                     and any(g.name == param for g in f.related_model._meta.concrete_fields)), None)
        if path is None:
            return None
        parents[param] = path
    return model, field, parents


def visits(accounts, rng):
    """Every (account, URL) visit: GET of each route, plus writes on objects outside the account's scope."""
    all_routes = routes()
    found = []
    for account in accounts:
        for route in all_routes:
            for url, outside in _concrete(route, account, rng):
                if url is None:
                    continue
                found.append(Visit(account.label, "GET", url, route.route, outside))
                if outside is not None:
                    for method in (("POST", "PATCH", "PUT", "DELETE") if route.is_api else ("POST",)):
                        found.append(Visit(account.label, method, url, route.route, outside))
    return found


def _concrete(route, account, rng):
    """The URLs of one route for one account: one object inside and one outside its scope when the route serves a scoped model."""
    if not route.params:
        yield route.fill({}), None
        return
    fixed = {p: rng.choice(FIXED_VALUES[p]) for p in route.params if p in FIXED_VALUES}
    if "model" in route.params:
        param = next((p for p in route.params if p not in FIXED_VALUES and p != "model"), None)
        targets = [(m, "pk", {}, param) for m in scoped_models()] if param else []
    else:
        target = target_of(route)
        targets = [(*target, [p for p in route.params if p not in FIXED_VALUES][-1])] if target else []
    for model, field, parents, param in targets:
        extra = {"model": model._meta.label_lower} if "model" in route.params else {}
        rows = {row[0]: row[1:] for row in model._default_manager.order_by("pk").values_list("pk", field, *parents.values())[:500]}
        if not rows:
            continue

        def url(pk):
            return route.fill({**fixed, **extra, param: rows[pk][0], **dict(zip(parents, rows[pk][1:]))})

        visible = account.visible
        label = model._meta.label
        if visible is None or label not in visible:
            yield url(rng.choice(list(rows))), None
            continue
        inside = [pk for pk in rows if pk in visible[label]]
        outside = [pk for pk in rows if pk not in visible[label]]
        if inside:
            yield url(rng.choice(inside)), None
        if outside:
            pk = rng.choice(outside)
            yield url(pk), (label, pk)


@dataclass(frozen=True)
class Answer:
    """An answer received outside Django's test client (WSGI, HTTP), in the shape :func:`check` reads."""

    status_code: int
    content: bytes
    location: str = ""
    streaming = False

    def get(self, header, default=""):
        return self.location if header == "Location" and self.location else default


def body_text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # XLSX: read the cells
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True)
        except Exception:  # noqa: BLE001 — not a workbook after all: look at the bytes
            return content.decode("latin-1")
        return "\n".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None)
    return content.decode("utf-8", errors="replace")


def refused(response):
    if response.status_code in (401, 403, 404, 405):
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and (location.startswith(("/admin/login/", "/_util/login/")) or location == "/admin/")


def follow(client, response, hops=3):
    """Follow the application's own redirects (history → core history page…) except to the login or "denied" answers."""
    while hops and response.status_code in (301, 302) and not refused(response):
        location = response.get("Location", "")
        if not location.startswith("/"):
            break
        response, hops = client.get(location), hops - 1
    return response


def public(url):
    """Whether an anonymous visitor reads ``url`` too (a published record on a plugin's public API): no leak when a role does."""
    return Client(raise_request_exception=False).get(url).status_code == 200


def row(label, pk):
    model = apps.get_model(label)
    instance = model._default_manager.filter(pk=pk).first()
    return None if instance is None else model_to_dict(instance)


def check(account, visit, response, marker_index, before=None):
    """The problems of one answer, as French sentences (empty: it held)."""
    problems = []
    where = f"{account.label} {visit.method} {visit.url}"
    if response.status_code >= 500:
        return [f"{where} : erreur serveur {response.status_code}"]
    history = bool(_HISTORY.search(visit.route))
    if visit.outside is not None and account.sees(*visit.outside, history=history):
        pass  # its history is within the account's audit scope
    elif visit.outside is not None and response.status_code < 400 and not refused(response) and not (
            visit.method == "GET" and public(visit.url)):
        problems.append(f"{where} : {visit.outside[0]} n°{visit.outside[1]} hors portée mais réponse {response.status_code}")
    if before is not None and row(*visit.outside) != before:
        problems.append(f"{where} : {visit.outside[0]} n°{visit.outside[1]} hors portée modifié")
    if visit.method == "GET" and not account.has_current_role and visit.url.startswith("/admin/") and response.status_code == 200:
        route_name = _route_names().get(visit.route)
        if route_name not in OPEN_ADMIN_ROUTES:
            problems.append(f"{where} : administration ouverte sans rôle en cours")
    if visit.method == "GET" and response.status_code == 200 and account.visible is not None:
        text = body_text(response)
        for marker, objects in marker_index.items():
            if not any(account.sees(label, pk, history=True) for label, pk in objects) and re.search(rf"(?<![\w-]){re.escape(marker)}(?![\w-])", text):
                problems.append(f"{where} : « {marker} » ({objects[0][0]}) visible hors portée")
    return problems


_NAMES = {}


def _route_names():
    if not _NAMES:
        _NAMES.update({r.route: r.name for r in routes()})
    return _NAMES


def sample(all_visits, size, seed):
    """``size`` visits drawn with ``seed`` (all of them when size is 0), writes kept in order after their GET."""
    if not size or size >= len(all_visits):
        return list(all_visits)
    return random.Random(seed).sample(all_visits, size)
