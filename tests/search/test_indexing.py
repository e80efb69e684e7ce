"""Keeping the index true: publication signals and record changes become RQ jobs that (re)index or remove."""

import pytest
from wagtail.models import Page

from logis.jobs.models import JobRecord
from search import service
from tests.search import directory_plugin

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_tree(db):
    from content.models import HomePage, SectionPage, Theme

    home = Page.get_first_root_node().add_child(instance=HomePage(title="Accueil essai", slug="accueil-essai"))
    sections = {}
    for slug in ("doc-generale", "cotation"):
        sections[slug] = home.add_child(instance=SectionPage(title=slug, slug=slug))
        sections[slug].save_revision().publish()
    theme = Theme.objects.create(name="Cotation de la demande", slug="cotation-de-la-demande")
    return sections, theme


def new_guide(section, theme, title, summary, audience="public"):
    from content.models import GuidePage

    page = GuidePage(title=title, slug=title.lower().replace(" ", "-"), summary=summary, audience=audience)
    page.themes = [theme]
    section.add_child(instance=page)
    page.save_revision().publish()
    return page


def found(query, **kwargs):
    return [hit.title for hit in service.search(query, **kwargs).hits]


def test_pages_follow_publish_unpublish_move_and_delete(backend, site_tree, run_jobs, django_capture_on_commit_callbacks):
    sections, theme = site_tree
    with django_capture_on_commit_callbacks(execute=True):
        page = new_guide(sections["doc-generale"], theme, "Grille de cotation", "Les critères de la grille départementale.")
    assert JobRecord.objects.filter(func="search.tasks.sync_records").exists()
    run_jobs("search")
    hit = service.search("criteres grille").hits[0]
    assert (hit.title, hit.section, hit.themes, hit.type) == ("Grille de cotation", "doc-generale", [theme.name], "content.page")

    page.title = "Grille de cotation modifiée"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision()                       # a draft changes nothing visible
    run_jobs("search")
    assert found("criteres grille") == ["Grille de cotation"]

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    run_jobs("search")
    assert found("criteres grille") == []

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        Page.objects.get(pk=page.pk).move(sections["cotation"], pos="last-child")
    run_jobs("search")
    assert service.search("criteres grille").facets["sections"] == {"cotation": 1}

    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=page.pk).delete()
    run_jobs("search")
    assert found("criteres grille") == []


def test_professionals_only_pages_need_the_private_permission(backend, site_tree, run_jobs, person, demo_territories,
                                                               django_capture_on_commit_callbacks):
    from logis.accounts.models import Organisation

    sections, theme = site_tree
    with django_capture_on_commit_callbacks(execute=True):
        new_guide(sections["cotation"], theme, "Pondération interne", "Pondération des critères réservée aux agents.", "pros")
    run_jobs("search")
    assert found("ponderation") == []
    pro = person("pro-cotation", "core.professional", Organisation.objects.get(name="Ville de Lyon"))
    assert found("ponderation", user=pro) == ["Pondération interne"]


def test_plugin_records_follow_save_and_delete(backend, register_plugin, run_jobs, demo_territories,
                                               django_capture_on_commit_callbacks):
    from logis.accounts.models import Organisation, Territory

    register_plugin(directory_plugin, name=directory_plugin.PLUGIN)
    with django_capture_on_commit_callbacks(execute=True):
        association = Organisation.objects.create(name="Association Toit Partagé", kind=Organisation.Kind.ASSOCIATION,
                                                  territory=Territory.objects.get(path="FR/84/69"))
    run_jobs("search")
    assert found("toit partage") == ["Association Toit Partagé"]

    with django_capture_on_commit_callbacks(execute=True):
        association.name = "Association Toit Commun"
        association.save()
    run_jobs("search")
    assert found("toit") == ["Association Toit Commun"]

    with django_capture_on_commit_callbacks(execute=True):
        association.delete()
    run_jobs("search")
    assert found("toit") == []


def test_changes_of_one_transaction_make_one_job(backend, register_plugin, demo_territories, redis_connection,
                                                  django_capture_on_commit_callbacks):
    from logis.accounts.models import Organisation, Territory

    register_plugin(directory_plugin, name=directory_plugin.PLUGIN)
    lyon = Territory.objects.get(path="FR/84/69")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            Organisation.objects.create(name=f"Association {n}", kind=Organisation.Kind.ASSOCIATION, territory=lyon)
    assert JobRecord.objects.filter(func="search.tasks.sync_records").count() == 1


def test_reindex_job_rebuilds_everything(backend, register_plugin, run_jobs, demo_territories,
                                         django_capture_on_commit_callbacks):
    from logis.accounts.models import Organisation
    from logis.jobs.queue import enqueue

    register_plugin(directory_plugin, name=directory_plugin.PLUGIN)
    with django_capture_on_commit_callbacks(execute=True):
        record = enqueue("search.tasks.reindex_all", queue="search")
    run_jobs("search")
    record.refresh_from_db()

    associations = Organisation.objects.filter(kind=Organisation.Kind.ASSOCIATION).count()
    assert record.status == JobRecord.Status.FINISHED
    assert record.result == {"documents": associations}
    assert service.search("", types=["searchdirectory.organisation"]).total == associations


def test_each_site_searches_its_own_pages(backend, run_jobs, client, django_capture_on_commit_callbacks):
    from wagtail.models import Site

    from content.models import HomePage, SectionPage, Theme

    theme = Theme.objects.create(name="Hébergement", slug="hebergement")
    root = Page.get_first_root_node()
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("france", "wallonie"):
            home = root.add_child(instance=HomePage(title=f"Accueil {name}", slug=name))
            Site.objects.create(hostname=f"{name}.localhost", port=80, root_page=home)
            new_guide(home.add_child(instance=SectionPage(title="Guides", slug="guides")), theme,
                      f"Hébergement urgence {name}", "Places d'hébergement d'urgence.")
    run_jobs("search")
    france = Site.objects.get(hostname="france.localhost")
    assert found("hebergement urgence", site=france) == ["Hébergement urgence france"]
    assert sorted(found("hebergement urgence")) == ["Hébergement urgence france", "Hébergement urgence wallonie"]
    page = client.get("/recherche/", {"q": "hebergement urgence"}, HTTP_HOST="wallonie.localhost")
    assert [hit.title for hit in page.context["results"].hits] == ["Hébergement urgence wallonie"]
    assert page.context["results"].facets["sections"] == {"guides": 1}
