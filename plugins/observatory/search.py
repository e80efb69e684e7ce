"""Sheets as permission-aware search documents: who filed for which campaign and where, never a figure."""

from django.utils.translation import gettext as _, gettext_lazy

from logis.search_documents import SearchDocument, SearchDocumentType
from plugins.observatory.models import Sheet


def to_document(sheet):
    title = _("Fiche %(campaign)s — %(organisation)s (%(department)s)") % {
        "campaign": sheet.campaign.code, "organisation": sheet.organisation.name, "department": sheet.department.name}
    return SearchDocument(
        id=f"observatory.sheet:{sheet.pk}", type="observatory.sheet", plugin="observatory", title=title,
        body=" ".join([sheet.campaign.title, sheet.organisation.name, sheet.department.name, sheet.get_status_display()]),
        url=f"/admin/observatory/sheets/{sheet.pk}/", summary=sheet.get_status_display(), slug=sheet.campaign.code,
        audience="scoped", permission="observatory.view", territory_path=sheet.department.path,
        organisation_id=sheet.organisation_id, updated_at=sheet.updated_at,
    )


def sheet_document_type():
    return SearchDocumentType(
        name="observatory.sheet", label=gettext_lazy("Fiche de l'observatoire"), model=Sheet,
        queryset=lambda: Sheet.objects.select_related("campaign", "organisation", "department"),
        to_document=to_document, plugin="observatory",
    )
