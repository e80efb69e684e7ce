"""A plugin whose search documents are real database rows (organisations), to follow post_save/post_delete."""

from logis import hookimpl
from logis.search_documents import SearchDocument, SearchDocumentType

PLUGIN = "searchdirectory"


def to_document(organisation):
    return SearchDocument(
        id=f"searchdirectory.organisation:{organisation.pk}", type="searchdirectory.organisation",
        title=organisation.name, body=f"Annuaire : {organisation.name}", url=f"/annuaire/{organisation.pk}/",
        themes=["Annuaire"], section="annuaire", slug=f"organisation-{organisation.pk}",
    )


@hookimpl
def logis_search_document_types():
    from logis.accounts.models import Organisation

    return [SearchDocumentType(
        name="searchdirectory.organisation", label="Organisation", model=Organisation,
        queryset=lambda: Organisation.objects.filter(kind=Organisation.Kind.ASSOCIATION), to_document=to_document,
    )]
