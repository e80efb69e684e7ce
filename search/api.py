"""``/api/search/``: the search service as JSON, with the parameters of the ``/recherche/`` page.

``logis.api`` mounts the router when the URLs are loaded: importing it from the
app's ``ready()`` built the whole API (pydantic schemas of every route, ~0.5 s)
in every command, ``logis help`` included.
"""

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from wagtail.models import Site

from search import service

router = Router(tags=["recherche"])


class SearchParams(Schema):
    """The parameters of the ``/recherche/`` page's URL, so that its query string gives the same answer here."""

    q: str = Field("", description="Texte recherché (sans accents, sigles et fautes de frappe admis).", max_length=200)
    themes: list[str] = Field([], alias="theme", description="Thème retenu (nom exact), répétable : plusieurs = l'un ou l'autre.")
    sections: list[str] = Field([], alias="section", description="Rubrique retenue (identifiant), répétable.")
    types: list[str] = Field([], alias="type", description="Type de document (« content.page », « offers.offer »…), répétable.")
    plugins: list[str] = Field([], alias="plugin", description="Extension d'origine des documents, répétable.")
    page: int = Field(1, ge=1, le=service.MAX_PAGE, description="Page de résultats (à partir de 1).")
    per_page: int = Field(10, ge=1, le=service.MAX_PER_PAGE, description="Résultats par page.")


class SearchHit(Schema):
    slug: str
    title: str
    url: str
    score: float
    highlight: str = Field(description="Extrait en HTML échappé, les mots trouvés entre <mark> et </mark>.")
    type: str
    section: str
    themes: list[str]


class SearchAnswer(Schema):
    total: int
    page: int
    per_page: int
    results: list[SearchHit]
    facets: dict[str, dict[str, int]] = Field(description="Comptes par thème (themes), rubrique (sections) et type (types).")
    suggestion: str = Field(description="Orthographe proposée quand rien ou presque ne correspond.")


class Suggestion(Schema):
    title: str
    url: str
    type: str


@router.get("/", response=SearchAnswer, summary="Rechercher dans les pages et les documents des extensions")
def search_api(request, params: Query[SearchParams]):
    """Résultats classés, extraits surlignés et facettes, limités à ce que l'utilisateur connecté peut voir."""
    results = service.search(
        params.q, user=request.user, themes=params.themes, sections=params.sections, types=params.types,
        plugins=params.plugins, page=params.page, per_page=params.per_page, site=Site.find_for_request(request),
    )
    if results.unavailable:
        raise HttpError(503, results.unavailable)
    return results.as_dict()


@router.get("/suggest", response=list[Suggestion], summary="Autocomplétion des titres")
def suggest_api(request, q: str = Query("", max_length=100)):
    """Titres visibles commençant par le texte saisi (le dernier mot peut être incomplet)."""
    return service.suggest(q, user=request.user, site=Site.find_for_request(request))

