"""The /recherche/ page, the JSON API (with its OpenAPI description) and the ``logis search`` command."""

import json
from io import StringIO
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def query_of(url):
    return parse_qs(urlparse(url).query)


def test_page_shows_facets_tags_and_keeps_the_state_in_every_link(corpus, client):
    response = client.get("/recherche/", {"q": "demande", "theme": "Enregistrement"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Affiner les résultats" in html and "<mark>" in html
    context = response.context
    assert context["state"].filters["themes"] == ["Enregistrement"]
    assert [t["label"] for t in context["tags"]] == ["Enregistrement"]
    assert query_of(context["tags"][0]["url"]) == {"q": ["demande"]}        # removing the tag keeps the text
    themes = next(g for g in context["facets"] if g["name"] == "themes")
    other = next(e for e in themes["entries"] if not e["selected"])
    assert query_of(other["url"])["theme"] == ["Enregistrement", other["value"]]   # multi-select
    assert all(r.themes and "Enregistrement" in r.themes for r in context["results"].hits)


def test_pagination_and_see_all_links_keep_the_filters(corpus, client):
    response = client.get("/recherche/", {"q": "", "section": "doc-generale", "page": 1})
    results = response.context["results"]
    assert results.total == 3
    state = response.context["state"]
    assert query_of(state.url(page=2))["section"] == ["doc-generale"]
    assert query_of(state.url(page=2))["page"] == ["2"]
    assert query_of(state.url(expanded={"themes"}))["tout"] == ["themes"]


def test_zero_results_offer_a_suggestion(corpus, client):
    response = client.get("/recherche/", {"q": "atestaton"})
    assert response.context["results"].total == 0
    assert "Aucun résultat" in response.content.decode()
    assert query_of(response.context["suggestion_url"])["q"] == ["attestation"]


def test_json_api_matches_the_service_and_is_described(corpus, client):
    answer = client.get("/api/search/", {"q": "dls", "theme": ["Renouvellement"]}).json()
    assert answer["total"] == 1 and answer["results"][0]["slug"] == "essai-1"
    assert answer["facets"]["themes"] == {"Renouvellement": 1}
    assert client.get("/api/search/", {"per_page": 1000}).status_code == 422
    schema = client.get("/api/openapi.json").json()
    assert "/api/search/" in schema["paths"] and "/api/search/suggest" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/search/"]["get"]["parameters"]}
    assert {"q", "theme", "section", "type", "plugin", "page", "per_page"} <= parameters


def test_json_api_takes_the_query_string_of_the_page(corpus, client):
    """A shared /recherche/ URL gives the same results, facets and suggestion as JSON."""
    query = "?q=demande&theme=Enregistrement&theme=Cotation&section=doc-generale"
    page = client.get("/recherche/" + query).context["results"]
    answer = client.get("/api/search/" + query).json()
    assert answer["total"] == page.total == 2
    assert [r["slug"] for r in answer["results"]] == [h.slug for h in page.hits]
    assert answer["facets"] == page.facets
    assert client.get("/api/search/", {"q": "atestaton"}).json()["suggestion"] == "attestation"


def test_suggest_endpoint_offers_titles(corpus, client):
    assert client.get("/api/search/suggest", {"q": "la cot"}).json() == [
        {"title": "La cotation des demandes", "url": "/essai/3/", "type": "searchtest.record"}]


def test_command_query_prints_the_documented_json(corpus):
    out = StringIO()
    call_command("search", "query", "dls", "--json", "--limit", "5", stdout=out)
    answer = json.loads(out.getvalue())
    assert set(answer) == {"total", "results", "facets"}
    assert set(answer["facets"]) == {"themes", "sections"}
    assert set(answer["results"][0]) == {"slug", "title", "url", "score", "highlight"}
    assert answer["results"][0]["slug"] == "essai-1"
    out = StringIO()
    call_command("search", "query", "", "--theme", "Cotation", "--json", stdout=out)
    assert json.loads(out.getvalue())["total"] == 1
    with pytest.raises(CommandError, match="--limit"):
        call_command("search", "query", "dls", "--limit", "0")


def test_command_reindex(corpus):
    out = StringIO()
    call_command("search", "reindex", "--json", stdout=out)
    assert json.loads(out.getvalue())["documents"] == len(corpus)
    out = StringIO()
    call_command("search", "reindex", stdout=out)
    assert f"{len(corpus)}/{len(corpus)}" in out.getvalue() and "documents indexés" in out.getvalue()


def test_page_on_the_professionals_site_is_dsfr_and_accessible(demo_corpus, client):
    response = client.get("/recherche/", {"q": "cotation", "theme": "Cotation de la demande"}, HTTP_HOST="localhost")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in html and 'class="fr-header"' in html and 'id="contenu"' in html   # the SNE site's DSFR chrome
    assert html.count("<h1") == 1 and '<label class="fr-label" for="search-q">' in html
    assert 'aria-label="Rechercher dans la documentation"' in html          # our search landmark is told from the header's
    assert 'role="status"' in html and "<mark>" in html
    assert 'aria-label="Retirer le filtre Cotation de la demande"' in html   # the removable tag says what it does
    results = response.context["results"]
    assert results.total > 0 and all("Cotation de la demande" in hit.themes for hit in results.hits)
    sections = next(g for g in response.context["facets"] if g["name"] == "sections")
    assert all(e["label"] != e["value"] for e in sections["entries"])        # section slugs shown by their titles


def test_zero_result_page_helps_on_the_professionals_site(demo_corpus, client):
    response = client.get("/recherche/", {"q": "atestaton"}, HTTP_HOST="localhost")   # two typos: nothing found
    html = response.content.decode()
    assert response.context["results"].total == 0
    assert "Aucun résultat" in html and "Vouliez-vous dire" in html and "Parcourir par thème" in html
    assert response.context["results"].suggestion == "attestation"
    assert client.get("/recherche/" + response.context["suggestion_url"], HTTP_HOST="localhost").context["results"].total > 0
    links = response.context["theme_links"]
    assert links and all(client.get(link["url"], HTTP_HOST="localhost").status_code == 200 for link in links[:3])
