"""Document templates as permission-aware search documents (never an applicant: they are personal data)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from logis.search_documents import SearchDocument, SearchDocumentType

from plugins.attestations.models import DocumentTemplate


def to_document(template):
    if not template.active:
        return None
    return SearchDocument(
        id=f"attestations.template:{template.pk}", type="attestations.template", plugin="attestations",
        title=template.name, body=f"{template.slug} {template.get_kind_display()} {template.organisation.name}",
        url=reverse("attestations_templates:edit", args=[template.pk]), summary=template.get_kind_display(),
        slug=template.slug, audience="scoped", permission="attestations.templates",
        territory_path=template.organisation.territory.path, organisation_id=template.organisation_id)


def template_document_type():
    return SearchDocumentType(
        name="attestations.template", label=gettext_lazy("Modèle de document"), model=DocumentTemplate,
        queryset=lambda: DocumentTemplate.objects.filter(active=True).select_related("organisation__territory"),
        to_document=to_document, plugin="attestations")
