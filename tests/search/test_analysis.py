"""The shared French analysis: folding, elision, stemming, synonym phrases, stop words, typo tolerance."""

import pytest
from django.core.exceptions import ValidationError

from search.analysis import SynonymTable, fold, plan_query, tantivy_analyzer, words
from search.synonyms import read_synonyms_file

TABLE = SynonymTable.from_groups([["dls", "demande de logement social", "demande HLM"], ["nud", "numéro unique"]])


def test_folding_and_elision():
    assert fold("Pièce Œuvre Échéance") == "piece oeuvre echeance"
    assert words("L’attestation d'enregistrement qu'il faut") == ["attestation", "enregistrement", "il", "faut"]


def test_stems_meet_whatever_the_form_and_accents():
    analyze = tantivy_analyzer().analyze
    assert analyze("renouvellements") == analyze("renouveler") == analyze("Renouvellement")
    assert analyze("critères") == analyze("critere")
    assert analyze("l'attestation") == analyze("attestations")


def test_plan_keeps_synonym_phrases_whole_and_drops_stop_words():
    plan = plan_query("Renouveler sa demande de logement social", TABLE)
    assert [c.text for c in plan.clauses] == ["renouveler", "demande de logement social"]
    assert plan.clauses[1].alternatives == ("demande de logement social", "dls", "demande hlm")
    assert plan.minimum_should_match == 2


def test_plan_tolerates_typos_only_in_long_words_without_synonyms():
    plan = plan_query("nud perdu cotaton 14069", TABLE)
    assert {c.text: c.fuzzy for c in plan.clauses} == {"nud": (), "perdu": ("perdu",), "cotaton": ("cotaton",), "14069": ()}
    assert plan.minimum_should_match == 2             # beyond two words, half of them


@pytest.mark.parametrize("acronym, expansion", [("PLUS", "pret locatif a usage social"), ("PAS", "pret d'accession sociale")])
def test_a_function_word_is_an_acronym_only_in_capitals(acronym, expansion):
    table = SynonymTable.from_groups([[acronym, expansion]])
    lowercase = acronym.lower()
    typed = plan_query(f"je ne peux {lowercase} payer mon loyer", table)
    assert [c.text for c in typed.clauses] == ["payer", "loyer"]         # « ne … plus », « ne … pas »: scaffolding
    assert plan_query(lowercase, table).clauses[0].alternatives == (lowercase,)
    meant = plan_query(f"conditions du {acronym} pour payer", table)
    assert [c.alternatives for c in meant.clauses if c.text == lowercase] == [(lowercase, expansion)]
    assert plan_query(acronym.capitalize(), table).clauses[0].alternatives == (lowercase,)
    assert plan_query(lowercase, table).clauses[0].literal and not meant.clauses[-1].literal


def test_a_query_of_stop_words_is_kept():
    assert [c.text for c in plan_query("qui", TABLE).clauses] == ["qui"]
    assert plan_query("  ", TABLE).empty


def test_default_list_reads_the_demo_file():
    groups = read_synonyms_file()
    assert any("dls" in [t.lower() for t in g] for g in groups)
    assert all(len(g) > 1 for g in groups)


@pytest.mark.django_db
def test_admin_rejects_a_group_of_one_and_normalises_spacing():
    from search.models import Synonym

    with pytest.raises(ValidationError):
        Synonym(terms="dalo").full_clean()
    synonym = Synonym(terms=" astreinte ,  permanence , Astreinte")
    synonym.full_clean()
    assert synonym.terms == "astreinte, permanence"
