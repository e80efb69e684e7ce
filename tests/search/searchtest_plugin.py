"""A plugin for the search tests: a small French corpus of public, professionals-only and scoped records."""

from dataclasses import dataclass

from logis import hookimpl
from logis.search_documents import SearchDocument, SearchDocumentType

PLUGIN = "searchtest"
PERMISSION = "searchtest.view"


@dataclass
class Record:
    pk: int
    title: str
    body: str
    themes: tuple
    section: str
    audience: str = "public"
    territory_path: str = ""
    organisation_id: int | None = None
    summary: str = ""


class RecordModel:
    """Stands for the model the type watches; the records live in ``RECORDS``."""


RECORDS = {}


def reset():
    RECORDS.clear()
    for record in [
        Record(1, "Renouveler une demande de logement social",
               "La demande est valable un an. Le renouvellement se fait au guichet ou en ligne avant l'échéance ; "
               "il conserve l'ancienneté de la demande.", ("Renouvellement",), "doc-generale"),
        Record(2, "Pièces justificatives à fournir",
               "Les justificatifs d'identité et de ressources sont déposés au guichet enregistreur. "
               "Aucune pièce n'est exigée pour enregistrer la demande.", ("Pièces", "Enregistrement"), "doc-generale"),
        Record(3, "La cotation des demandes",
               "La grille de cotation attribue des points selon des critères de priorité et d'ancienneté.",
               ("Cotation",), "cotation"),
        Record(4, "Passage en commission d'attribution des logements",
               "La commission examine au moins trois candidats par logement et motive ses décisions.",
               ("Attribution",), "cotation"),
        Record(5, "Le numéro unique départemental",
               "Chaque demande reçoit un numéro unique à l'enregistrement ; il figure sur l'attestation.",
               ("Enregistrement",), "doc-generale"),
        Record(6, "Consignes internes de radiation",
               "Les radiations pour non-renouvellement suivent une procédure réservée aux agents.",
               ("Renouvellement",), "doc-generale", audience="pros"),
        Record(7, "Hébergement d'urgence à Lyon", "Places d'hébergement d'urgence ouvertes par la commune.",
               ("Hébergement",), "offres", audience="scoped", territory_path="FR/84/69/69123"),
        Record(8, "Hébergement d'urgence à Grenoble", "Places d'hébergement d'urgence ouvertes par la commune.",
               ("Hébergement",), "offres", audience="scoped", territory_path="FR/84/38/38185"),
    ]:
        RECORDS[record.pk] = record


def to_document(record):
    return SearchDocument(
        id=f"searchtest.record:{record.pk}", type="searchtest.record", title=record.title, body=record.body,
        url=f"/essai/{record.pk}/", themes=list(record.themes), section=record.section, slug=f"essai-{record.pk}",
        summary=record.summary, audience=record.audience,
        permission=PERMISSION if record.audience == "scoped" else "",
        territory_path=record.territory_path, organisation_id=record.organisation_id,
    )


@hookimpl
def logis_search_document_types():
    return [SearchDocumentType(name="searchtest.record", label="Fiche d'essai", model=RecordModel,
                               queryset=lambda: list(RECORDS.values()), to_document=to_document)]


@hookimpl
def logis_roles():
    from logis.accounts.roles import Reach, Role

    return [Role("searchtest.agent", "Agent d'essai", {PERMISSION}, Reach.TERRITORY)]
