import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from wagtail.models import PageViewRestriction

from content.models import GlossaryTerm, GuidePage, Theme
from content.models.pages import check_theme_count
from content.navigation import group_by_letter


def _headings(html):
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def test_theme_taxonomy_has_two_levels(db):
    parent = Theme.objects.create(name="Cotation", slug="cotation")
    child = Theme.objects.create(name="Grille", slug="grille", parent=parent)
    child.full_clean()
    grandchild = Theme(name="Trop bas", slug="trop-bas", parent=child)
    with pytest.raises(ValidationError, match="deux niveaux"):
        grandchild.full_clean()
    parent.parent = Theme.objects.create(name="Autre", slug="autre")
    with pytest.raises(ValidationError, match="sous-thèmes"):
        parent.full_clean()


@pytest.mark.parametrize("count, ok", [(0, False), (1, True), (3, True), (4, False)])
def test_one_to_three_themes(count, ok):
    if ok:
        check_theme_count(count)
    else:
        with pytest.raises(ValidationError):
            check_theme_count(count)


def test_glossary_terms_grouped_a_to_z_without_accents(db):
    terms = [GlossaryTerm.objects.create(term=t, acronym=a, expansion=e, definition="<p>d</p>")
             for t, a, e in [("Échéance", "", ""), ("Numéro unique départemental", "NUD", "Numéro unique départemental"),
                             ("Attestation", "", ""), ("Commission d'attribution", "CALEOL", "")]]
    letters = group_by_letter(terms)
    assert [letter for letter, _ in letters] == ["A", "C", "E", "N"]
    assert [t.term for t in letters[2][1]] == ["Échéance"]
    assert terms[1].slug == "nud"


def test_guide_page_renders_breadcrumbs_date_related_and_neighbours(client, guide):
    response = client.get(guide.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert _headings(html).count(1) == 1
    levels = _headings(html)
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    assert 'lang="fr"' in html
    assert re.search(r"Mis à jour le <time datetime=\"\d{4}-\d\d-\d\d\">\d\d/\d\d/\d{4}</time>", html)
    crumbs = re.search(r'<nav role="navigation" class="fr-breadcrumb".*?</nav>', html, re.S).group(0)
    assert "/cotation/" in crumbs and "La cotation : principes" in crumbs
    related = response.context["related_pages"]
    assert [p.slug for p in related] == ["grille-de-cotation"]  # shares a theme; the pros page does not
    assert response.context["previous_page"] is None
    assert response.context["next_page"].slug == "grille-de-cotation"
    assert 'class="fr-callout' in html and 'class="fr-alert fr-alert--warning' in html and "<table>" in html


def test_visual_theme_follows_the_site(client, sites, imported):
    sne = client.get("/").content.decode()
    assert "fr-header" in sne and "République<br>Française" in sne and 'data-fr-scheme="system"' in sne
    assert 'href="#contenu"' in sne and 'id="contenu"' in sne and 'action="/recherche/"' in sne
    assert "Cotation" in re.search(r'id="navigation-principale".*?</nav>', sne, re.S).group(0)
    uvcw = client.get("/", HTTP_HOST="uvcw.localhost").content.decode()
    assert "content/neutre.css" in uvcw and "fr-header" not in uvcw and "République" not in uvcw
    assert 'href="#contenu"' in uvcw and 'action="/recherche/"' in uvcw and "Outils" in uvcw
    for html in (sne, uvcw):
        assert _headings(html).count(1) == 1
        assert "http://" not in re.sub(r'href="https?://[^"]*"', "", html).split("<body")[0]  # no external asset
    neutral_css = Path(finders.find("content/neutre.css")).read_text()
    assert re.search(r":focus-visible \{ outline: 3px solid", neutral_css)  # RGAA 10.7: focus visible


def test_glossary_page_anchors_and_acronyms(client, sites):
    from content.models import GlossaryPage

    home = sites["sne"][1]
    home.add_child(instance=GlossaryPage(title="Glossaire", slug="glossaire"))
    GlossaryTerm.objects.create(term="Numéro unique départemental", acronym="NUD",
                                expansion="Numéro unique départemental", definition="<p>Le numéro de la demande.</p>")
    html = client.get("/glossaire/").content.decode()
    assert 'id="nud"' in html and '<abbr title="Numéro unique départemental">NUD</abbr>' in html
    assert 'href="#lettre-n"' in html and 'id="lettre-n"' in html


def test_pros_audience_adds_and_removes_login_restriction(pros_page, guide):
    assert pros_page.get_view_restrictions().filter(restriction_type=PageViewRestriction.LOGIN).exists()
    assert not guide.get_view_restrictions().exists()
    pros_page.audience = "public"
    pros_page.save_revision().publish()
    assert not GuidePage.objects.get(pk=pros_page.pk).get_view_restrictions().exists()


def test_pros_page_needs_login_and_a_professional_role(client, pros_page, person, demo_territories):
    from logis.accounts.models import Organisation

    response = client.get(pros_page.url)
    assert response.status_code == 302 and response["Location"].startswith("/connexion/?next=")
    client.force_login(person("sans-role"))
    assert client.get(pros_page.url).status_code == 403
    organisation = Organisation.objects.get(name="GIP SNE")
    client.force_login(person("pro", "core.professional", organisation))
    response = client.get(pros_page.url)
    assert response.status_code == 200 and "Réservé aux professionnels" in response.content.decode()


def test_pros_pages_absent_from_lists_and_sitemap_for_anonymous(client, pros_page):
    section = client.get("/documentation/")
    assert "procedure-interne" not in section.content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/cotation/cotation-principes/" in sitemap and "procedure-interne" not in sitemap


def test_search_documents_carry_audience_themes_and_section(guide, pros_page):
    from content.search import indexed_pages, page_document_type

    doc_type = page_document_type()
    assert doc_type.name == "content.page"
    docs = {d.slug: d for d in map(doc_type.to_document, doc_type.queryset())}
    assert set(docs) == {p.slug for p in indexed_pages()} == {
        "cotation-principes", "grille-de-cotation", "procedure-interne", "actualite-webinaire"}
    assert docs["procedure-interne"].audience == "pros" and docs["cotation-principes"].audience == "public"
    assert docs["cotation-principes"].section == "cotation"
    assert "Cotation de la demande" in docs["cotation-principes"].themes
    assert "aide à la décision" in docs["cotation-principes"].body and "<" not in docs["cotation-principes"].body
    guide.unpublish()
    assert doc_type.to_document(GuidePage.objects.get(pk=guide.pk)) is None


def test_branding_notice_and_menus_per_site(client, sites, imported):
    from content.models import Menu, MenuItem, NewsIndexPage, SiteBranding

    site, home = sites["uvcw"]
    news_index = home.add_child(instance=NewsIndexPage(title="Actualités", slug="actualites"))
    menu = Menu.objects.create(name="Pied UVCW")
    MenuItem.objects.create(menu=menu, label="Mentions légales", link_url="/mentions-legales/")
    MenuItem.objects.create(menu=menu, label="Les actualités", link_page=news_index, sort_order=1)
    branding = SiteBranding.for_site(site)
    branding.notice, branding.footer_menu = "Maintenance prévue le 12/05", menu
    branding.save()
    html = client.get("/", HTTP_HOST="uvcw.localhost").content.decode()
    footer = re.search(r'<footer id="pied-de-page".*?</footer>', html, re.S).group(0)
    assert "Maintenance prévue le 12/05" in html
    assert 'href="/mentions-legales/">Mentions légales' in footer and 'href="/actualites/">Les actualités' in footer
    assert "Maintenance" not in client.get("/").content.decode()  # the SNE site keeps its own settings


def test_operator_logo_in_the_dsfr_brand_block(client, sites, make_image):
    from content.models import SiteBranding

    branding = SiteBranding.for_site(sites["sne"][0])
    branding.operator_logo = make_image("Logo GIP SNE", (200, 80))
    branding.save()
    html = client.get("/").content.decode()
    operator = re.search(r'<div class="fr-header__operator">.*?</div>', html, re.S).group(0)
    assert "<img" in operator and 'alt="Groupement d&#x27;intérêt public\nSystème national d&#x27;enregistrement"' in operator


def test_news_index_and_theme_page_list_live_public_pages(client, sites, imported, pros_page):
    from content.models import NewsIndexPage, ThemePage

    home = sites["sne"][1]
    home.add_child(instance=NewsIndexPage(title="Actualités", slug="actualites"))
    parent = Theme.objects.get(name="Cotation de la demande")
    Theme.objects.filter(name="Grille et critères de cotation").update(parent=parent)
    home.add_child(instance=ThemePage(title="Cotation de la demande", slug="theme-cotation", theme=parent))
    news = client.get("/actualites/")
    assert [p.slug for p in news.context["news_page"]] == ["actualite-webinaire"]
    assert "18/03/2025" in news.content.decode()
    theme = client.get("/theme-cotation/")
    assert [p.slug for p in theme.context["guides"]] == ["grille-de-cotation", "cotation-principes"]
    assert [t.name for t in theme.context["sub_themes"]] == ["Grille et critères de cotation"]


def test_pros_pages_absent_from_site_search_without_a_professional_role(client, pros_page, guide, person,
                                                                         demo_territories):
    from logis.accounts.models import Organisation
    from search.service import reindex

    reindex()
    assert "Procédure interne de contrôle" not in client.get("/recherche/?q=confidentielle").content.decode()
    assert "La cotation : principes" in client.get("/recherche/?q=cotation").content.decode()
    client.force_login(person("pro-recherche", "core.professional", Organisation.objects.get(name="GIP SNE")))
    assert "Procédure interne de contrôle" in client.get("/recherche/?q=confidentielle").content.decode()


@pytest.mark.parametrize("host, css_class", [("localhost", "fr-responsive-img"), ("uvcw.localhost", "")])
def test_image_block_renders_its_alt_text_in_both_themes(client, sites, make_image, host, css_class):
    from content.blocks import BodyBlock

    image = make_image("capture", (60, 40))
    section = sites["sne" if host == "localhost" else "uvcw"][1].get_children().first().specific
    page = GuidePage(title="Fiche illustrée", slug="fiche-illustree", body=BodyBlock().to_python(
        [{"type": "image", "value": {"image": image.pk, "alt_text": "Écran de saisie de la demande", "decorative": False}}]))
    page.themes = [Theme.objects.create(name="Saisie", slug="saisie")]
    section.add_child(instance=page)
    page.save_revision().publish()
    html = client.get(page.url, HTTP_HOST=host).content.decode()
    img = re.search(r"<img [^>]*>", html.split('id="contenu"')[1]).group(0)
    assert 'alt="Écran de saisie de la demande"' in img and css_class in img


@pytest.mark.parametrize("host, markers", [
    ("localhost", ["fr-accordion__btn", "fr-download__link", "fr-card__title", "fr-table"]),
    ("uvcw.localhost", ["<details", "<summary>", 'class="download"', 'class="link-card"']),
])
def test_every_body_block_renders_in_both_themes(client, sites, make_image, host, markers):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from content.blocks import BodyBlock

    document = Document.objects.create(title="Formulaire CERFA 14069", file=ContentFile(b"%PDF-1.4 cerfa", "cerfa.pdf"))
    key = "sne" if host == "localhost" else "uvcw"
    section = sites[key][1].get_children().first().specific
    body = BodyBlock().to_python([
        {"type": "text", "value": "<h2>Démarche</h2><p>Les étapes.</p>"},
        {"type": "callout", "value": {"kind": "info", "title": "", "text": "<p>Bon à savoir.</p>"}},
        {"type": "faq", "value": {"title": "", "items": [
            {"question": "Qui saisit la demande ?", "answer": "<p>Le guichet enregistreur.</p>"},
            {"question": "Quel délai ?", "answer": "<p>Un mois.</p>"}]}},
        {"type": "table", "value": {"data": [["Pièce", "Obligatoire"], ["Identité", "oui"]],
                                    "first_row_is_table_header": True, "first_col_is_header": False}},
        {"type": "document", "value": {"document": document.pk, "title": ""}},
        {"type": "image", "value": {"image": make_image("schéma").pk, "alt_text": "Schéma du parcours", "decorative": False}},
        {"type": "link_card", "value": {"title": "La rubrique", "text": "Tout sur le sujet", "page": section.pk, "url": ""}},
        {"type": "link_card", "value": {"title": "Service-public.fr", "text": "", "page": None,
                                        "url": "https://www.service-public.fr/"}},
    ])
    page = GuidePage(title="Fiche complète", slug="fiche-complete", body=body)
    page.themes = [Theme.objects.create(name="Démarches", slug="demarches")]
    section.add_child(instance=page)
    page.save_revision().publish()
    html = client.get(page.url, HTTP_HOST=host).content.decode()
    main = html.split('id="contenu"')[1].split("</main>")[0]
    for marker in markers:
        assert marker in main, marker
    assert "Questions fréquentes" in main and "Qui saisit la demande ?" in main and "Le guichet enregistreur." in main
    assert "Télécharger « Formulaire CERFA 14069 »" in main and "PDF" in main and document.url in main
    assert f'href="{section.get_url(None, current_site=sites[key][0])}"' in main and 'href="https://www.service-public.fr/"' in main
    assert 'alt="Schéma du parcours"' in main and "<th" in main and "Identité" in main
    levels = _headings(main)
    assert levels.count(1) == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels

    served = client.get(f"/api/v2/pages/{page.pk}/", HTTP_HOST=host).json()["body"]
    assert [block["type"] for block in served] == ["text", "callout", "faq", "table", "document", "image",
                                                  "link_card", "link_card"]
    assert served[2]["value"]["items"][0] == {"question": "Qui saisit la demande ?",
                                              "answer": "<p>Le guichet enregistreur.</p>"}
    assert served[4]["value"]["document"] == document.pk and served[6]["value"]["page"] == section.pk


def test_link_card_needs_a_page_or_an_address_not_both(sites):
    from wagtail.blocks import StructBlockValidationError

    from content.blocks import LinkCardBlock

    block = LinkCardBlock()
    section = sites["sne"][1].get_children().first()
    for page, url in ((None, ""), (section, "https://exemple.fr/")):
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python({"title": "Lien", "text": "", "page": page.pk if page else None, "url": url}))
    block.clean(block.to_python({"title": "Lien", "text": "", "page": None, "url": "https://exemple.fr/"}))


@pytest.mark.parametrize("host, button_class", [("localhost", "fr-btn fr-icon-translate-2"), ("uvcw.localhost", "language-button")])
def test_both_themes_offer_the_language_switch(client, sites, host, button_class):
    html = client.get("/", HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    form = html.split('class="logis-language-switch"', 1)[1].split("</form>", 1)[0]
    assert 'action="/i18n/setlang/"' in form and 'name="csrfmiddlewaretoken"' not in form  # see content.page_cache
    assert f'class="{button_class}"' in form and 'lang="en"' in form
