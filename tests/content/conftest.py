"""Fixtures of the content tests: two sites (DSFR and neutral) and a few imported pages."""

from pathlib import Path

import pytest
from django.utils.text import slugify

FIXTURES = Path(__file__).parent / "fixtures"
SECTIONS = [
    {"slug": "cotation", "title": "Cotation", "intro": "La cotation de la demande."},
    {"slug": "documentation", "title": "Documentation", "intro": "Guides et procédures."},
]


@pytest.fixture
def sites(db):
    """The SNE site (DSFR, default site) and the Belgian publisher's site (neutral theme), with rubriques."""
    from content import demo

    sne_site, sne_home = demo.create_site("sne", demo.SITES["sne"])
    uvcw_site, uvcw_home = demo.create_site("uvcw", demo.SITES["uvcw"])
    demo.create_sections(sne_home, SECTIONS)
    demo.create_sections(uvcw_home, [{"slug": "outils", "title": "Outils", "intro": ""}])
    return {"sne": (sne_site, sne_home), "uvcw": (uvcw_site, uvcw_home)}


@pytest.fixture
def imported(sites):
    """The fixture pages imported into the SNE site; returns the import report."""
    from content.importer import import_directory

    report = import_directory(FIXTURES / "sne", parent=sites["sne"][1])
    assert not report.failed, report.as_dict()
    return report


@pytest.fixture
def guide(imported):
    from content.models import GuidePage

    return GuidePage.objects.get(slug="cotation-principes")


@pytest.fixture
def pros_page(imported):
    from content.models import GuidePage

    return GuidePage.objects.get(slug="procedure-interne")


@pytest.fixture
def make_image(settings, tmp_path):
    """Create a real Wagtail image (a PNG drawn with Pillow) stored under the test's own media folder."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    settings.MEDIA_ROOT = tmp_path / "media"

    def make(title, size=(40, 30)):
        buffer = io.BytesIO()
        PILImage.new("RGB", size, "navy").save(buffer, "PNG")
        return Image.objects.create(title=title, file=ContentFile(buffer.getvalue(), f"{slugify(title)}.png"))

    return make


@pytest.fixture
def sne(demo_territories):
    """The GIP SNE, the organisation the editorial roles are held in."""
    from logis.accounts.models import Organisation

    return Organisation.objects.get(name="GIP SNE")
