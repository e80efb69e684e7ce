"""Raw HTML in imported Markdown cannot reach a public page (issue 9.3: stored XSS)."""

import json

from django.core.management import call_command

from content.importer import import_directory
from content.models import GuidePage

HOSTILE = """---
title: Page piégée
slug: page-piegee
section: cotation
themes: [Cotation de la demande]
---

Texte **gras** et [un lien sûr](https://www.service-public.fr/).

<script>alert("xss")</script>

<img src="x" onerror="alert(1)">

Un [lien piégé](javascript:alert(2)) et un [autre](data:text/html;base64,PHNjcmlwdD4=).

<a href="JaVa&#09;ScRiPt:alert(3)" onclick="alert(4)">encodé</a>

<div onmouseover="alert(5)"><iframe src="https://example.org/"></iframe>reste du texte</div>

> **Attention :** encadré <span style="x" onclick="alert(6)">piégé</span>
> <script>alert(7)</script>
"""


def _import(tmp_path, sites):
    folder = tmp_path / "lot"
    folder.mkdir()
    (folder / "page-piegee.md").write_text(HOSTILE)
    return folder, import_directory(folder, parent=sites["sne"][1])


def test_scripts_event_handlers_and_script_links_never_reach_the_public_page(client, sites, tmp_path):
    _, report = _import(tmp_path, sites)
    assert report.count("created") == 1
    page = GuidePage.objects.get(slug="page-piegee")
    stored = json.dumps(list(page.body.raw_data)).lower()
    html = client.get(page.url).content.decode().lower()
    for text in (stored, html):
        for hostile in ("alert(", "onerror", "onclick", "onmouseover", "javascript:", "data:text", "<iframe"):
            assert hostile not in text, hostile
    # what the editor accepts is kept
    assert "<strong>gras</strong>" in html and 'href="https://www.service-public.fr/"' in html
    assert "reste du texte" in html and "piégé" in html and "encodé" in html


def test_the_report_says_what_was_removed(sites, tmp_path):
    _, report = _import(tmp_path, sites)
    removed = report.results[0].removed
    assert {"<script>", "<iframe>", "<img>", 'href="javascript:alert(2)"', 'onclick="alert(4)"',
            'onmouseover="alert(5)"', "<span>"} <= set(removed)
    assert any(item.startswith('href="data:text/html') for item in removed)
    assert removed.count("<script>") == 1  # listed once, however often it occurs


def test_command_prints_the_removals_in_french(sites, tmp_path, capsys):
    folder, _ = _import(tmp_path, sites)
    GuidePage.objects.all().delete()
    call_command("content", "import", str(folder), "--site", "localhost")
    out = capsys.readouterr().out
    assert "page-piegee.md : HTML non autorisé retiré — <script>" in out


def test_text_that_looks_like_html_is_kept_as_text(sites, tmp_path):
    folder = tmp_path / "lot"
    folder.mkdir()
    (folder / "p.md").write_text("---\ntitle: T\nslug: t\nsection: cotation\nthemes: [A]\n---\n\n"
                                 "Écrire &lt;script&gt; dans un champ ne fait rien.\n")
    report = import_directory(folder, parent=sites["sne"][1])
    assert report.results[0].removed == []
    assert "&lt;script&gt;" in GuidePage.objects.get(slug="t").body[0].value.source
