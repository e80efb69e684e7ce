"""Fixtures of the content tests: two sites (DSFR and neutral) and a few imported pages."""

from pathlib import Path

import pytest

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
