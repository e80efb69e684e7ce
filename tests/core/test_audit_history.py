"""The audit history: who changed what, field by field, append-only, shown to those who may see it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.template import Context, Template
from django.urls import reverse

from logis.accounts.models import Organisation, RoleAssignment
from logis.audit.models import AppendOnlyError, AuditEntry
from logis.jobs.queue import enqueue


def create_organisation_in_job(name, territory_id):
    return {"id": Organisation.objects.create(name=name, kind="association", territory_id=territory_id).pk}


@pytest.fixture
def superuser(client, django_user_model, demo_territories):
    user = django_user_model.objects.create_superuser("racine", "r@example.org", "x")
    client.force_login(user)
    return user


def organisation_form(org, **changes):
    data = {"name": org.name, "kind": org.kind, "territory": org.territory_id, "federation": "", "siren": "", "email": ""}
    data.update(changes)
    return data


def test_admin_create_update_delete_are_recorded_field_by_field_with_the_author(client, superuser, demo_territories):
    lyon, villeurbanne = demo_territories.territory("FR/84/69/69123"), demo_territories.territory("FR/84/69/69266")
    response = client.post("/admin/logis_organisations/new/", {
        "name": "=Collectif", "kind": "association", "territory": lyon.pk, "federation": "", "siren": "", "email": ""})
    assert response.status_code == 302
    org = Organisation.objects.get(name="=Collectif")
    client.post(f"/admin/logis_organisations/edit/{org.pk}/", organisation_form(org, territory=villeurbanne.pk, kind="operator"))
    create, update = AuditEntry.objects.for_object(org).order_by("pk")
    assert (create.action, create.user, create.changes["name"]) == ("create", superuser, [None, "=Collectif"])
    assert update.changes == {"kind": ["association", "operator"], "territory": [lyon.pk, villeurbanne.pk]}
    assert (update.user_repr, update.territory_path) == ("racine", "FR/84/69/69266")

    page = client.get(f"/admin/logis/historique/logis_accounts.organisation/{org.pk}/").content.decode()
    assert "Territoire</strong> : Lyon (69123) → Villeurbanne (69266)" in page
    assert "Type</strong> : Association → Opérateur / structure d&#x27;hébergement" in page
    assert "racine" in page and update.timestamp.astimezone().strftime("%d/%m/%Y %H:%M") in page

    pk = org.pk
    org.delete()  # no hard delete in the admin; the recorder still sees code that deletes
    deleted = AuditEntry.objects.filter(object_id=str(pk), action="delete").get()
    assert deleted.changes["name"] == ["=Collectif", None]


def test_a_job_records_its_author_through_acting_as(run_jobs, person, demo_territories, django_capture_on_commit_callbacks):
    author = person("agent.import", "core.professional", demo_territories.organisation("Ville de Lyon"))
    with django_capture_on_commit_callbacks(execute=True):  # jobs are queued once their record is committed
        record = enqueue("tests.core.test_audit_history.create_organisation_in_job", "Foyer du soir",
                         demo_territories.territory("FR/84/69/69123").pk, user=author, retry=0)
    run_jobs()
    record.refresh_from_db()
    assert record.status == "finished", record.error
    entry = AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(Organisation), object_id=str(record.result["id"]))
    assert (entry.user, entry.user_repr, entry.action) == (author, "agent.import", "create")


def test_role_labels_and_dates_read_as_people_read_them(client, superuser, person, demo_territories):
    agent = person("agent.lyon", "core.supervisor", demo_territories.organisation("Ville de Lyon"))
    assignment = RoleAssignment.objects.get(user=agent)
    page = client.get(f"/admin/logis/historique/logis_accounts.roleassignment/{assignment.pk}/").content.decode()
    assert "Rôle</strong> : — → Superviseur ou superviseuse" in page
    assert f"Valide du</strong> : — → {assignment.valid_from:%d/%m/%Y}" in page
    assert "Created at" not in page


def test_plugin_screens_link_to_the_history_with_a_template_tag(demo_territories):
    org = demo_territories.organisation("Ville de Lyon")
    html = Template("{% load logis_audit %}{% history_link org %}|{% history_url org %}").render(Context({"org": org}))
    link, url = html.split("|")
    assert url == f"/admin/logis/historique/logis_accounts.organisation/{org.pk}/"
    assert f'href="{url}"' in link and "Historique des modifications" in link


def test_unknown_or_unaudited_models_have_no_history(client, superuser):
    assert client.get("/admin/logis/historique/logis_accounts.nothing/1/").status_code == 404
    assert client.get("/admin/logis/historique/auth.group/1/").status_code == 404


def test_the_history_cannot_be_rewritten_through_the_orm(demo_territories):
    entry = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Organisation)).first()
    entry.object_repr = "réécrit"
    for attempt in (entry.save, entry.delete, AuditEntry.objects.all().delete,
                    lambda: AuditEntry.objects.filter(pk=entry.pk).update(object_repr="réécrit")):
        with pytest.raises(AppendOnlyError):
            attempt()
    assert AuditEntry.objects.get(pk=entry.pk).object_repr != "réécrit"


def test_the_database_itself_refuses_to_rewrite_history_where_it_can(demo_territories):
    """PostgreSQL has a trigger (the migration skips SQLite, whose test flush deletes rows)."""
    entry = AuditEntry.objects.first()
    table = AuditEntry._meta.db_table
    if connection.vendor == "postgresql":
        for sql in (f"UPDATE {table} SET object_repr = 'réécrit' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
            with pytest.raises(DatabaseError, match="ne peut être ni modifié ni supprimé"), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(sql, [entry.pk])
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
            assert cursor.fetchone()[0] == 0
    assert AuditEntry.objects.get(pk=entry.pk).object_repr == entry.object_repr


def test_deleting_an_account_keeps_its_entries_under_its_name(person, demo_territories):
    author = person("agent.parti", "core.professional", demo_territories.organisation("Ville de Lyon"))
    from logis.middleware import acting_as

    with acting_as(author):
        org = Organisation.objects.create(name="Maison relais", kind="operator", territory=demo_territories.territory("FR/84/69"))
    entries = list(AuditEntry.objects.filter(user=author).values_list("pk", flat=True))
    author.delete()
    kept = AuditEntry.objects.for_object(org).get()
    assert kept.pk in entries and (kept.user, kept.user_repr) == (None, "agent.parti")


def test_supervisors_filter_their_territorys_entries(client, person, demo_territories):
    org = demo_territories.organisation
    supervisor = person("supervision.rhone", "core.supervisor", org("DDETS du Rhône"))
    for name in ("agent.lyon", "agent.villeurbanne"):
        person(name, "core.professional", org("Ville de " + name.split(".")[1].capitalize()))
    client.force_login(supervisor)
    villeurbanne = demo_territories.territory("FR/84/69/69266")
    page = client.get(f"/admin/logis/historique/?territory={villeurbanne.pk}&action=create&author=syst").content.decode()
    assert "agent.villeurbanne" in page and "agent.lyon" not in page
    grenoble = demo_territories.territory("FR/84/38/38185")
    page = client.get(f"/admin/logis/historique/?territory={grenoble.pk}").content.decode()
    assert "Sélectionnez un choix valide" in page or "agent." not in page.split("Objet", 1)[-1]


def test_every_audited_models_admin_page_leads_to_its_history(client, superuser, demo_territories):
    """Wagtail's "Historique" link of any audited model (core's or a plugin's) opens the audit, not Wagtail's log."""
    from wagtail.admin.views.generic.history import HistoryView
    from wagtail.admin.viewsets import viewsets
    from wagtail.admin.viewsets.model import ModelViewSet

    from logis.audit.recorder import is_audited

    audited = [vs for vs in viewsets.viewsets if isinstance(vs, ModelViewSet) and is_audited(vs.model)]
    assert {vs.model for vs in audited} >= {Organisation, RoleAssignment}
    assert all(vs.history_view_class is not HistoryView for vs in audited)
    org = demo_territories.organisation("Ville de Lyon")
    edit = client.get(f"/admin/logis_organisations/edit/{org.pk}/").content.decode()
    assert f"/admin/logis_organisations/history/{org.pk}/" in edit
    response = client.get(f"/admin/logis_organisations/history/{org.pk}/", follow=True)
    assert response.redirect_chain == [(f"/admin/logis/historique/logis_accounts.organisation/{org.pk}/", 302)]
    assert "Historique des modifications" in response.content.decode() and "Ville de Lyon" in response.content.decode()


def test_bulk_update_records_each_changed_row_with_its_territory_and_tells_search(superuser, demo_territories, register_plugin):
    """Issue 20.4: the core's bulk write (no save signal): one entry per row that changed, by the current user,
    the territory taken from the model's ``scoping``; every document type indexing the model is told."""
    from django.db.models import Case, F, Value, When

    from logis import hookimpl
    from logis.audit import bulk_update, record_many
    from logis.middleware import acting_as
    from logis.search_documents import SearchDocumentType, documents_changed

    class OrganisationSearch:
        @hookimpl
        def logis_search_document_types(self):
            return [SearchDocumentType("essai.organisation", "Organisations", Organisation, Organisation.objects.all, lambda o: None)]

    register_plugin(OrganisationSearch(), name="zz_recherche_organisations")
    told = []

    def listen(sender, pks, **kwargs):
        told.append((sender, sorted(pks)))

    lyon, grenoble = demo_territories.organisation("Ville de Lyon"), demo_territories.organisation("Ville de Grenoble")
    documents_changed.connect(listen)
    try:
        with acting_as(superuser):
            updated = bulk_update(Organisation.objects.filter(pk__in=[lyon.pk, grenoble.pk]),
                                  {"kind": Case(When(pk=lyon.pk, then=Value("operator")), default=F("kind"))})
    finally:
        documents_changed.disconnect(listen)
    assert updated == 2
    [entry] = AuditEntry.objects.filter(action="update")
    assert (entry.object_id, entry.changes, entry.user, entry.territory_path) == (
        str(lyon.pk), {"kind": [lyon.kind, "operator"]}, superuser, lyon.territory.path)
    assert told == [("essai.organisation", sorted([lyon.pk, grenoble.pk]))]
    assert bulk_update(Organisation.objects.none(), {"kind": "operator"}) == 0
    assert record_many([(grenoble, None), (lyon, {})], "create", author="import de test") == 1
    created = AuditEntry.objects.get(action="create", user_repr="import de test")
    assert (created.user_repr, created.changes["name"], created.territory_path) == ("import de test", [None, "Ville de Grenoble"],
                                                                                     grenoble.territory.path)


def _audited_viewsets():
    from wagtail.admin.viewsets import viewsets
    from wagtail.admin.viewsets.model import ModelViewSet

    from logis.audit.recorder import is_audited

    return [vs for vs in viewsets.viewsets if isinstance(vs, ModelViewSet) and is_audited(vs.model)]


def test_every_audited_viewset_hands_its_history_to_the_core_whatever_its_view_class(client, superuser):
    """Issue 20.3: a viewset declaring its own history view (a subclass of Wagtail's) kept Wagtail's log."""
    from logis.audit.views import HistoryRedirectView

    audited = _audited_viewsets()
    assert [vs for vs in audited if vs.history_view_class is not HistoryRedirectView] == []
    unreadable = [vs.model for vs in audited if getattr(vs.model, "scoping", None) and not getattr(vs.model, "history_permission", None)]
    assert unreadable == [], "un modèle historisé et territorialisé doit nommer sa history_permission"


def test_the_history_link_of_every_audited_viewset_opens_the_core_page_inside_the_scope_and_404_outside(client, person, demo_territories):
    """As the holder of a territorial role granting each model's ``history_permission``, on every record the test world holds."""
    from logis.accounts.roles import Reach, role_registry
    from logis.accounts.scoping import Scope
    from logis.audit.links import history_url

    person("historique.grenoble", "core.professional", demo_territories.organisation("Ville de Grenoble"))  # a record outside
    followed = set()
    for viewset in _audited_viewsets():
        model, permission = viewset.model, getattr(viewset.model, "history_permission", None)
        roles = [code for code, role in role_registry().items()
                 if permission in role.permissions and not role.aggregates_only and role.reach != Reach.NATIONAL]
        if not roles or not model._default_manager.exists():
            continue
        holder = person(f"historique.{model._meta.model_name}", roles[0], demo_territories.organisation("Ville de Lyon"))
        seen = Scope.for_user(holder, permission).filter(model._default_manager.all())
        inside, outside = seen.first(), model._default_manager.exclude(pk__in=seen.values("pk")).first()
        client.force_login(holder)
        url = reverse(viewset.get_url_name("history"), args=[inside.pk])
        response = client.get(url, follow=True)
        assert response.redirect_chain == [(history_url(inside), 302)] and response.status_code == 200, url
        assert "Historique des modifications" in response.content.decode()
        assert client.get(reverse(viewset.get_url_name("history"), args=[outside.pk])).status_code == 404
        followed.add(model)
    assert followed >= {Organisation, RoleAssignment}


def test_many_to_many_changes_are_recorded_with_names(client, superuser, demo_territories):
    """An association's mandate territories widen what its people see: every change is in the history."""
    association = demo_territories.organisation("Forum Réfugiés")
    lyon, villeurbanne = demo_territories.territory("FR/84/69/69123"), demo_territories.territory("FR/84/69/69266")
    form = organisation_form(association, mandated_territories=[lyon.pk, villeurbanne.pk])
    assert client.post(f"/admin/logis_organisations/edit/{association.pk}/", form).status_code == 302
    association.mandated_territories.remove(villeurbanne)
    changes = [entry.changes for entry in AuditEntry.objects.for_object(association).filter(action="update").order_by("pk")]
    assert changes == [{"mandated_territories": [[], sorted([lyon.pk, villeurbanne.pk])]},
                       {"mandated_territories": [sorted([lyon.pk, villeurbanne.pk]), [lyon.pk]]}]
    page = client.get(f"/admin/logis/historique/logis_accounts.organisation/{association.pk}/").content.decode()
    assert "Territoires de mandat</strong> : Lyon (69123), Villeurbanne (69266) → Lyon (69123)" in page
    assert "Territoires de mandat</strong> : — → Lyon (69123), Villeurbanne (69266)" in page
