"""Documents of a space: each upload is a new version, the older ones stay, who changed what is recorded."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from plugins.spaces.files import check
from plugins.spaces.models import Document, DocumentVersion


def upload(space, user, name, data, title="", folder="", document=None):
    """Check the file, then store it as the next version of ``document`` (a new document when ``None``)."""
    checked = check(name, data)
    with transaction.atomic():
        if document is None:
            document, _created = Document.objects.get_or_create(
                space=space, folder=folder.strip()[:120], title=(title.strip() or checked.name)[:200],
                defaults={"created_by": user})
        document = Document.objects.select_for_update().get(pk=document.pk)  # two uploads never share a number
        number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = DocumentVersion(document=document, number=number, original_name=checked.name,
                                  content_type=checked.content_type, size=len(checked.data), sha256=checked.sha256,
                                  uploaded_by=user)
        version.file.save(checked.name, ContentFile(checked.data), save=False)
        version.save()
        document.save(update_fields=["updated_at"])
    return version

