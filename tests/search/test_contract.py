"""The search contract: the same behaviour on every engine (Elasticsearch too when ELASTICSEARCH_URL is set)."""

from collections import Counter

import pytest

from search import service, tasks
from tests.search import searchtest_plugin

pytestmark = pytest.mark.django_db


def titles(results):
    return [hit.title for hit in results.hits]


def visible_public(corpus):
    return [r for r in corpus.values() if r.audience == "public"]


def test_accents_and_case_do_not_matter(corpus, backend):
    plain = service.search("pieces justificatives", backend=backend)
    assert titles(plain)[0] == corpus[2].title
    assert titles(service.search("NUMÉRO unique", backend=backend)) == titles(service.search("numero unique", backend=backend))
    assert titles(service.search("numero unique", backend=backend))[0] == corpus[5].title


@pytest.mark.parametrize("query, pk", [
    ("renouvellements", 1),        # plural of a noun the title has as a verb
    ("critere", 3),                # singular without accent of « critères »
    ("motiver decision", 4),       # infinitive and singular of « motive ses décisions »
    ("enregistrer", 5),            # verb of « enregistrement »
])
def test_plural_and_verb_forms(corpus, backend, query, pk):
    assert corpus[pk].title in titles(service.search(query, backend=backend))


@pytest.mark.parametrize("query, pk", [("dls", 1), ("DLS", 1), ("caleol", 4), ("nud", 5)])
def test_acronyms_through_the_synonym_list(corpus, backend, query, pk):
    assert titles(service.search(query, backend=backend))[0] == corpus[pk].title


def test_synonyms_edited_in_the_admin_apply(corpus, backend):
    from search.models import Synonym

    assert corpus[2].title not in titles(service.search("point d'accueil", backend=backend))
    Synonym.objects.create(terms="guichet, point d'accueil")
    tasks.apply_synonyms()
    assert corpus[2].title in titles(service.search("point d'accueil", backend=backend))


def test_a_synonym_added_in_the_admin_takes_effect_through_a_job(corpus, backend, client, run_jobs,
                                                                django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from logis.jobs.models import JobRecord
    from search.models import Synonym

    assert service.search("borne d'accueil", backend=backend).total == 0
    client.force_login(get_user_model().objects.create_superuser("redac", "redac@example.org", "mot-de-passe-de-test-42"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailsnippets_search_synonym:add"), {"terms": "Guichet,  borne d'accueil"})
    assert response.status_code == 302
    assert Synonym.objects.filter(terms="Guichet, borne d'accueil").exists()
    run_jobs("search")
    assert JobRecord.objects.get(func="search.tasks.apply_synonyms").status == JobRecord.Status.FINISHED
    assert titles(service.search("borne d'accueil", backend=backend))[0] == corpus[2].title


def test_one_typo_in_a_long_word(corpus, backend):
    assert titles(service.search("cotaton", backend=backend))[0] == corpus[3].title
    assert titles(service.search("renouvelement", backend=backend))[0] == corpus[1].title
    assert service.search("grile", backend=backend).total == 1
    # four letters: too short to guess, and two typos are not one
    assert service.search("poin", backend=backend).total == 0
    assert service.search("cottatoin", backend=backend).total == 0


def test_spelling_suggestion_when_nothing_matches(corpus, backend):
    results = service.search("atestaton", backend=backend)
    assert results.total == 0
    assert results.suggestion == "attestation"
    assert service.search("cotation", backend=backend).suggestion == ""


def test_facet_counts_follow_the_filters_of_the_other_facets(corpus, backend):
    public = visible_public(corpus)
    everything = service.search("", backend=backend)
    assert everything.total == len(public)
    assert everything.facets["themes"] == dict(Counter(t for r in public for t in r.themes))
    assert everything.facets["sections"] == dict(Counter(r.section for r in public))

    filtered = service.search("", themes=["Enregistrement"], backend=backend)
    chosen = [r for r in public if "Enregistrement" in r.themes]
    assert filtered.total == len(chosen)
    assert filtered.facets["sections"] == dict(Counter(r.section for r in chosen))
    # a facet ignores its own filter, so that other themes can be added to the selection
    assert filtered.facets["themes"] == everything.facets["themes"]


def test_theme_filter_combines_values_and_text(corpus, backend):
    both = service.search("", themes=["Cotation", "Attribution"], backend=backend)
    assert sorted(titles(both)) == sorted([corpus[3].title, corpus[4].title])
    narrowed = service.search("demande", themes=["Renouvellement"], backend=backend)
    assert narrowed.total >= 1
    assert all("Renouvellement" in hit.themes for hit in narrowed.hits)
    assert service.search("cotation", sections=["doc-generale"], backend=backend).total == 0


def test_pagination(corpus, backend):
    first = service.search("", per_page=2, backend=backend)
    second = service.search("", per_page=2, page=2, backend=backend)
    assert first.total == second.total == len(visible_public(corpus))
    assert len(first.hits) == len(second.hits) == 2
    assert not set(titles(first)) & set(titles(second))


def test_professionals_only_and_scoped_records_follow_role_and_territory(corpus, backend, person, demo_territories):
    from django.contrib.auth import get_user_model

    from logis.accounts.models import Organisation

    rhone = Organisation.objects.get(name="DDETS du Rhône")
    anonymous = service.search("radiations", backend=backend)
    assert corpus[6].title not in titles(anonymous)
    pro = person("pro", "core.professional", rhone)
    assert corpus[6].title in titles(service.search("radiations", user=pro, backend=backend))
    assert service.search("", user=pro, backend=backend).facets["themes"]["Renouvellement"] == 2
    assert service.search("", backend=backend).facets["themes"]["Renouvellement"] == 1

    assert service.search("hebergement urgence", backend=backend).total == 0
    agent = person("agent", "searchtest.agent", rhone)
    seen = service.search("hebergement urgence", user=agent, backend=backend)
    assert titles(seen) == [corpus[7].title]
    assert seen.facets["themes"] == {"Hébergement": 1}
    assert corpus[6].title not in titles(service.search("radiations", user=agent, backend=backend))
    admin = get_user_model().objects.create_superuser("super-recherche", "super-recherche@example.org", "mot-de-passe-de-test-42")
    assert service.search("hebergement urgence", user=admin, backend=backend).total == 2


def test_a_plugin_switched_off_on_the_site_disappears(corpus, backend):
    from wagtail.models import Site

    from logis.models import PluginSettings

    site = Site.objects.get(is_default_site=True)
    assert service.search("cotation", site=site, backend=backend).total == 1
    settings_row = PluginSettings.for_site(site)
    settings_row.disabled_plugins = [searchtest_plugin.PLUGIN]
    settings_row.save()
    assert service.search("cotation", site=site, backend=backend).total == 0
    assert service.search("", site=site, backend=backend).facets["types"] == {}


def test_a_record_gone_from_its_source_is_removed(corpus, backend):
    assert service.search("cotation", backend=backend).total == 1
    del corpus[3]
    assert service.sync("searchtest.record", [3], backend=backend) == {"indexed": 0, "removed": 1}
    assert service.search("cotation", backend=backend).total == 0


def test_highlighting_marks_matched_words_and_escapes_the_text(corpus, backend):
    hit = service.search("renouvellement", backend=backend).hits[0]
    assert "<mark>renouvellement</mark>" in hit.highlight.lower()
    corpus[9] = searchtest_plugin.Record(9, "Saisie libre", "Le champ <b>commentaire</b> accepte une saisie libre.", ("Divers",), "outils")
    service.sync("searchtest.record", [9], backend=backend)
    hit = service.search("commentaire", backend=backend).hits[0]
    assert "<mark>commentaire</mark>" in hit.highlight
    assert "<b>" not in hit.highlight and "&lt;b&gt;" in hit.highlight


def test_autocomplete_offers_visible_titles(corpus, backend):
    found = service.suggest("renouveler une dem", backend=backend)
    assert [s["title"] for s in found] == [corpus[1].title]
    assert service.suggest("consignes intern", backend=backend) == []


def test_inside_a_theme_few_words_fall_back_to_any_of_them(corpus, backend):
    """« échéance justificatifs » in the Renouvellement theme: no page has both words; the one with either comes."""
    assert service.search("échéance justificatifs", backend=backend).total == 2    # outside a theme: either word too
    results = service.search("échéance justificatifs", themes=["Renouvellement"], backend=backend)
    assert titles(results) == [corpus[1].title]
    assert all("Renouvellement" in hit.themes for hit in results.hits)
    assert service.search("échéance justificatifs", themes=["Cotation"], backend=backend).total == 0


def test_a_question_is_answered_without_its_scaffolding(corpus, backend):
    results = service.search("est-ce que la commission a-t-elle le droit de motiver ses décisions ?", backend=backend)
    assert titles(results)[0] == corpus[4].title
