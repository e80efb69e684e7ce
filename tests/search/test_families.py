"""French word families: a verb and its noun meet, whichever the page uses and whichever is typed."""

import pytest

from search.analysis import fold, plan_query, tantivy_analyzer, words
from search.families import relatives
from tests.search import searchtest_plugin
from tests.search.searchtest_plugin import Record

#: Verb / noun pairs of the trade, 30 of which Snowball alone leaves apart or joins only by chance.
PAIRS = [
    ("radier", "radiation"), ("géolocaliser", "géolocalisation"), ("attribuer", "attribution"),
    ("renouveler", "renouvellement"), ("signer", "signature"), ("modifier", "modification"),
    ("inscrire", "inscription"), ("instruire", "instruction"), ("transmettre", "transmission"),
    ("proposer", "proposition"), ("muter", "mutation"), ("coter", "cotation"), ("déposer", "dépôt"),
    ("démolir", "démolition"), ("préempter", "préemption"), ("construire", "construction"), ("louer", "location"),
    ("justifier", "justification"), ("notifier", "notification"), ("réduire", "réduction"), ("vendre", "vente"),
    ("acheter", "achat"), ("recevoir", "réception"), ("choisir", "choix"), ("résoudre", "résolution"),
    ("admettre", "admission"), ("suspendre", "suspension"), ("exproprier", "expropriation"), ("isoler", "isolation"),
    ("expulser", "expulsion"), ("assainir", "assainissement"), ("ravaler", "ravalement"), ("héberger", "hébergement"),
    ("accueillir", "accueil"), ("décider", "décision"), ("ouvrir", "ouverture"), ("entretenir", "entretien"),
    ("obtenir", "obtention"), ("garantir", "garantie"), ("annuler", "annulation"), ("résilier", "résiliation"),
]

analyze = tantivy_analyzer().analyze


def reach(word):
    """The stems a one-word query of ``word`` searches: its own and its family's."""
    folded = fold(word)
    return {t for w in (folded, *relatives(folded)) for t in analyze(w)}


@pytest.mark.parametrize("verb, noun", PAIRS)
def test_the_verb_finds_the_noun_and_the_noun_the_verb(verb, noun):
    assert set(analyze(noun)) & reach(verb)
    assert set(analyze(verb)) & reach(noun)


def test_at_least_thirty_pairs_need_the_table():
    apart = [(v, n) for v, n in PAIRS if analyze(v) != analyze(n)]
    assert len(PAIRS) >= 30 and len(apart) >= 20


@pytest.mark.parametrize("word, stranger", [
    ("passer", "passion"), ("porter", "portion"), ("verser", "version"), ("penser", "pension"),
    ("commission", "commettre"), ("noter", "notion"),
])
def test_false_friends_stay_apart(word, stranger):
    assert not set(analyze(stranger)) & reach(word)
    assert not set(analyze(word)) & reach(stranger)


def test_participles_and_plurals_reach_the_family():
    assert "radiation" in relatives("radiee") and "radier" in relatives("radiations")
    assert "expulsion" in relatives(fold("expulsé"))


def test_the_plan_carries_the_family_only_for_plain_words():
    from search.analysis import SynonymTable

    table = SynonymTable.from_groups([["radiation", "suppression de la demande"]])
    plan = plan_query("radier la demande", table)
    assert plan.clauses[0].related[:1] == ("radiation",)
    assert plan_query("radiation", table).clauses[0].related == ()     # synonyms already widen it
    assert plan_query("de", table).clauses[0].related == ()
    assert words("radier") == ["radier"]


@pytest.fixture
def family_corpus(db, register_plugin, backend, synonyms):
    from search import service

    searchtest_plugin.reset()
    searchtest_plugin.RECORDS.update({r.pk: r for r in [
        Record(30, "Géolocalisation des adresses", "La géolocalisation des logements passe par la base adresse.",
               ("Outils",), "doc-generale"),
        Record(31, "Démolition d'un immeuble", "La démolition d'un immeuble conduit au relogement des occupants.",
               ("Patrimoine",), "doc-generale"),
        Record(32, "Louer un garage", "Le bailleur peut louer un box séparément du logement.", ("Patrimoine",), "doc-generale"),
    ]})
    register_plugin(searchtest_plugin, name=searchtest_plugin.PLUGIN)
    service.reindex(backend=backend)
    return backend


@pytest.mark.django_db
@pytest.mark.parametrize("query, slug", [
    ("géolocaliser", "essai-30"), ("demolir", "essai-31"), ("location garage", "essai-32"),
])
def test_a_one_word_query_finds_the_page_written_in_the_other_form(family_corpus, query, slug):
    from search import service

    hits = service.search(query, backend=family_corpus).hits
    assert hits and hits[0].slug == slug


@pytest.mark.django_db
def test_the_typed_form_ranks_above_its_family(family_corpus):
    from search import service

    searchtest_plugin.RECORDS[33] = Record(33, "Démolir : la procédure", "Démolir un bâtiment suppose un permis.",
                                           ("Patrimoine",), "doc-generale")
    service.reindex(backend=family_corpus)
    assert [h.slug for h in service.search("démolir", backend=family_corpus).hits][:2] == ["essai-33", "essai-31"]
