"""Acronyms learned from the content: found in text, suggested to editors, applied once accepted, never « corrected »."""

import pytest

from search.acronyms import find_pairs, is_acronym
from tests.search import searchtest_plugin
from tests.search.searchtest_plugin import Record


@pytest.mark.parametrize("text, pair", [
    ("La commission d'attribution des logements et d'examen de l'occupation des logements (CALEOL) décide.",
     ("CALEOL", "commission d'attribution des logements et d'examen de l'occupation des logements")),
    ("Le NUD (numéro unique départemental) figure sur l'attestation.", ("NUD", "numéro unique départemental")),
    ("Les quartiers prioritaires de la politique de la ville (QPV) sont exonérés.",
     ("QPV", "quartiers prioritaires de la politique de la ville")),
    ("Un établissement public de coopération intercommunale (EPCI) délégataire",
     ("EPCI", "établissement public de coopération intercommunale")),
    ("l’aide personnalisée au logement (APL) est versée", ("APL", "aide personnalisée au logement")),
    ("le droit au logement opposable (DALO)", ("DALO", "droit au logement opposable")),
    ("la direction départementale de l'emploi, du travail et des solidarités (DDETS)",
     ("DDETS", "direction départementale de l'emploi du travail et des solidarités")),
    ("la CAF (caisse d'allocations familiales), qui verse", ("CAF", "caisse d'allocations familiales")),
])
def test_a_long_form_and_its_acronym_are_read_in_both_orders(text, pair):
    assert find_pairs(text) == [pair]


@pytest.mark.parametrize("text", [
    "Le formulaire (Cerfa) et le PDF (voir plus bas).",          # brackets that define nothing
    "la liste des candidats retenus (DLS) en cours",             # letters that are not the initials
    "Voir le tableau (TB06).",                                   # digits: not an acronym we can spell
    "Une longue phrase qui parle de tout et de rien avant le sigle (ABC).",
    "(((", "",
])
def test_brackets_that_define_no_acronym_give_nothing(text):
    assert find_pairs(text) == []


def test_what_counts_as_an_acronym():
    assert is_acronym("CALEOL") and is_acronym("PdL") and is_acronym("EPCI")
    assert not is_acronym("Caf") and not is_acronym("TB06") and not is_acronym("A") and not is_acronym("ABCDEFGHIJK")


@pytest.fixture
def qpv_corpus(db, register_plugin, backend, synonyms):
    """The test records plus one that defines QPV and one that only uses the long form."""
    from content.models import GlossaryTerm
    from search import service

    searchtest_plugin.reset()
    searchtest_plugin.RECORDS.update({r.pk: r for r in [
        Record(20, "Surloyer et quartiers", "Dans les quartiers prioritaires de la politique de la ville (QPV), "
               "le supplément de loyer ne s'applique pas.", ("Loyer",), "doc-generale"),
        Record(21, "Exonérations de la géographie prioritaire", "Un quartier prioritaire de la politique de la ville "
               "ouvre des exonérations d'impôt.", ("Loyer",), "doc-generale"),
        Record(22, "Raccorder son logiciel à l'API", "L'API du système d'enregistrement expose les demandes.",
               ("Outils",), "doc-generale"),
        Record(23, "Aide au logement", "L'aide personnalisée au logement est versée au bailleur.", ("Aides",), "doc-generale"),
    ]})
    register_plugin(searchtest_plugin, name=searchtest_plugin.PLUGIN)
    GlossaryTerm.objects.create(term="APL", acronym="APL", expansion="Aide personnalisée au logement",
                                definition="<p>Aide versée sous conditions de ressources.</p>")
    service.reindex(backend=backend)
    return backend


def slugs(backend, text, **filters):
    from search import service

    return [h.slug for h in service.search(text, backend=backend, **filters).hits]


@pytest.mark.django_db
def test_an_acronym_defined_only_in_a_page_becomes_a_suggestion_that_applies_once_accepted(qpv_corpus):
    from search import suggestions
    from search.models import AcronymSuggestion

    assert slugs(qpv_corpus, "qpv") == ["essai-20"]
    assert suggestions.learn() >= 2
    qpv = AcronymSuggestion.objects.get(acronym="QPV")
    assert (qpv.source, qpv.status, qpv.origin) == ("page", "pending", "Surloyer et quartiers")
    assert AcronymSuggestion.objects.get(acronym="APL").source == "glossary"
    assert slugs(qpv_corpus, "qpv") == ["essai-20"]          # pending: not applied yet
    suggestions.accept(qpv)
    assert set(slugs(qpv_corpus, "qpv")) == {"essai-20", "essai-21"}
    assert suggestions.learn() == 0                          # nothing suggested twice, accepted or not


@pytest.mark.django_db
def test_a_rejected_pair_is_not_applied_nor_suggested_again(qpv_corpus):
    from search import suggestions
    from search.models import AcronymSuggestion, Synonym

    suggestions.learn()
    suggestions.reject(AcronymSuggestion.objects.get(acronym="QPV"))
    assert slugs(qpv_corpus, "qpv") == ["essai-20"]
    assert not Synonym.objects.filter(terms__icontains="qpv").exists()
    assert suggestions.learn() == 0
    assert AcronymSuggestion.objects.get(acronym="QPV").status == "rejected"


@pytest.mark.django_db
def test_accepting_joins_the_group_the_acronym_already_has(qpv_corpus):
    from search import suggestions
    from search.models import AcronymSuggestion, Synonym

    suggestion = AcronymSuggestion.objects.create(acronym="DLS", expansion="dossier de location sociale",
                                                  key="dls=dossier de location sociale", source="page")
    groups_before = Synonym.objects.count()
    suggestions.accept(suggestion)
    assert Synonym.objects.count() == groups_before
    assert "dossier de location sociale" in Synonym.objects.get(terms__startswith="dls,").group


@pytest.mark.django_db
def test_a_known_acronym_never_gets_a_spelling_suggestion(qpv_corpus):
    from search import service

    results = service.search("apl", backend=qpv_corpus)
    assert results.suggestion == ""                           # « api » is one letter away, but APL is in the glossary
    assert service.search("atestaton", backend=qpv_corpus).suggestion == "attestation"   # real typos still are


@pytest.mark.django_db
def test_the_glossary_acronym_finds_the_long_form_once_accepted(qpv_corpus):
    from search import suggestions
    from search.models import AcronymSuggestion

    suggestions.learn()
    suggestions.accept(AcronymSuggestion.objects.get(acronym="APL"))
    assert slugs(qpv_corpus, "apl")[0] == "essai-23"


@pytest.fixture
def editor(person, demo_territories):
    from logis.accounts.models import Organisation

    return person("redactrice-sigles", "core.editor", Organisation.objects.get(name="GIP SNE"))


@pytest.mark.django_db
def test_editors_review_suggestions_in_the_admin(qpv_corpus, client, editor):
    from search.models import AcronymSuggestion

    client.force_login(editor)
    assert "Aucune suggestion" in client.get("/admin/search/acronyms/").content.decode()
    assert client.post("/admin/search/acronyms/", {"action": "learn"}).status_code == 302
    page = client.get("/admin/search/acronyms/").content.decode()
    assert "QPV" in page and "quartiers prioritaires de la politique de la ville" in page
    qpv, apl = AcronymSuggestion.objects.get(acronym="QPV"), AcronymSuggestion.objects.get(acronym="APL")
    client.post("/admin/search/acronyms/", {"action": "accept", "suggestion": qpv.pk})
    client.post("/admin/search/acronyms/", {"action": "reject", "suggestion": apl.pk})
    assert AcronymSuggestion.objects.get(pk=qpv.pk).status == "accepted"
    assert AcronymSuggestion.objects.get(pk=apl.pk).status == "rejected"
    assert set(slugs(qpv_corpus, "qpv")) == {"essai-20", "essai-21"}


@pytest.mark.django_db
def test_the_review_screen_refuses_bad_input_and_other_people(qpv_corpus, client, editor, person):
    from search import suggestions
    from search.models import AcronymSuggestion

    suggestions.learn()
    qpv = AcronymSuggestion.objects.get(acronym="QPV")
    client.force_login(editor)
    for bad in ("", "abc", "99999999999999999999", "-1", str(qpv.pk + 1000)):
        assert client.post("/admin/search/acronyms/", {"action": "accept", "suggestion": bad}).status_code == 404
    suggestions.reject(qpv)
    assert client.post("/admin/search/acronyms/", {"action": "accept", "suggestion": qpv.pk}).status_code == 404  # decided
    assert AcronymSuggestion.objects.get(pk=qpv.pk).status == "rejected"

    client.force_login(person("agent-sans-role"))
    assert client.get("/admin/search/acronyms/").status_code in (302, 403)
    pending = AcronymSuggestion.objects.filter(status="pending").first()
    assert client.post("/admin/search/acronyms/", {"action": "accept", "suggestion": pending.pk}).status_code in (302, 403)
    assert AcronymSuggestion.objects.get(pk=pending.pk).status == "pending"


@pytest.mark.django_db
def test_the_command_reads_the_content_into_suggestions(qpv_corpus):
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("search", "acronyms", "--json", stdout=out)
    first = json.loads(out.getvalue())
    assert first["new"] >= 2 and first["pending"] == first["new"] and first["accepted"] == first["rejected"] == 0
    out = StringIO()
    call_command("search", "acronyms", stdout=out)
    assert out.getvalue().startswith("0 nouveau(x) sigle(s) suggéré(s)")
