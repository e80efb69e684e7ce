"""The hooks a Logis plugin may implement.

One documented spec per hook. Every hook is *collected* (each plugin's answer
is gathered into a list, in plugin order) unless marked ``firstresult``.
Hooks are called through :func:`logis.plugins.call_hook`, which logs and skips
a plugin that raises, so that one broken plugin never turns the others'
features into an error page.

A plugin module must stay importable before Django is configured: import your
models, views and forms inside the hook bodies, not at the top of
``plugin.py``.
"""

import pluggy

hookspec = pluggy.HookspecMarker("logis")


@hookspec
def logis_django_apps():
    """Django applications the plugin needs installed.

    Called once, while the settings are read. Return a list of dotted app
    paths (usually the plugin's own package, for its models and templates).
    """


@hookspec
def logis_urlpatterns():
    """Public URL patterns of the plugin.

    Called when the URLconf is built. Return a list of ``path()`` objects;
    they are mounted before Wagtail's page-serving catch-all and answer 404 on
    a Wagtail Site where the plugin is switched off.
    """


@hookspec
def logis_api_routers():
    """JSON API routes under ``/api/``.

    Called once when the API is built. Return a list of
    ``(prefix, ninja.Router)`` pairs; the prefix is relative to ``/api/``
    (``"offers/"`` gives ``/api/offers/``). The routes appear in the generated
    OpenAPI description at ``/api/openapi.json``.
    """


@hookspec
def logis_admin_viewsets():
    """Admin screens, as Wagtail ViewSets or ViewSetGroups.

    Called once when the Wagtail admin URLs are built. Return a list of
    ``ViewSet``/``ViewSetGroup`` instances, or ``wagtail_modeladmin``
    ``ModelAdmin`` classes for teams that bring existing modeladmin code.
    Their menu items are hidden on sites where the plugin is switched off.
    """


@hookspec
def logis_admin_menu_items(request):
    """Extra entries for the Wagtail admin main menu.

    Called on each admin page. Return a list of ``wagtail.admin.menu.MenuItem``.
    Not called for a site where the plugin is switched off.
    """


@hookspec
def logis_search_document_types():
    """Kinds of records the plugin contributes to the search service.

    Called when the search service starts and on ``logis search reindex``.
    Return a list of :class:`logis.search_documents.SearchDocumentType`
    describing how to list the records, turn one into a search document and
    decide who may see it.
    """


@hookspec
def logis_periodic_jobs():
    """Jobs run on a schedule by the RQ cron scheduler.

    Called when ``logis scheduler`` starts. Return a list of
    :class:`logis.jobs.PeriodicJob` (a function, a cron expression, a queue).
    """


@hookspec
def logis_roles():
    """Roles the plugin defines, with their permissions and reach.

    Called when the role registry is built. Return a list of
    :class:`logis.accounts.roles.Role`. Role codes are global: prefix them with
    the plugin name (``offers.coordinator``). A role's ``groups`` are Django
    groups its holders join while the assignment is current, which is how a
    role grants Wagtail's own (group-based) permissions.
    """


@hookspec
def logis_dashboard_panels(request):
    """Panels for the admin dashboard (Wagtail's home page).

    Called on each dashboard view with the request. Return a list of Wagtail
    ``Component`` instances; check the user's roles inside.
    """


@hookspec
def logis_merge_fields():
    """Merge fields that document templates (attestations, letters) may use.

    Called when a template is validated or rendered. Return a list of
    :class:`logis.documents.MergeField` (name, label, function of a context).
    """


@hookspec
def logis_notification_channels():
    """Ways to reach a person: mail, SMS, post...

    Called when a notification is sent. Return a list of
    :class:`logis.notifications.Channel`; the core's mail channel comes first,
    then the first plugin channel whose code matches sends the message.
    """


@hookspec
def logis_audited_models():
    """Models whose every change goes to the audit history.

    Called once when the audit app is ready. Return a list of model classes;
    field-level before/after values are recorded on create, update and delete.
    """


@hookspec
def logis_demo_data(stdout):
    """Load the plugin's demo data; called by ``logis demo`` after the core's.

    Must be idempotent (``get_or_create``/``update_or_create``): ``logis demo``
    runs at every start of the demo platform. Demo users are created with
    :func:`logis.accounts.demo.demo_user`. Return nothing.
    """


@hookspec
def logis_personal_data(user, erase, organisations):
    """What the plugin holds about an agent (a user account), for the GDPR rights.

    Called by :func:`logis.accounts.gdpr.export_person` with ``erase=False``:
    return ``{section label: [dict, ...]}`` of what the plugin holds about
    ``user``, or ``None`` when it holds nothing. ``organisations`` (a queryset,
    or ``None`` for everything): return only what these organisations hold —
    a role manager sees nothing of what the person does elsewhere. A plugin
    whose implementation does not take ``organisations`` is left out of such
    partial views. Called by
    :func:`logis.accounts.gdpr.erase_person` with ``erase=True``, inside the
    erasure's transaction: erase or anonymise it and return a summary
    ``{label: count}``. Raising cancels the whole erasure.
    """
