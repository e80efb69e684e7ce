import csv
import io


def test_theme_snippets_listing_filter_and_safe_export(client, django_user_model, db):
    from content.models import Theme

    parent = Theme.objects.create(name="Cotation", slug="cotation")
    trap = Theme.objects.create(name="=HYPERLINK(\"http://x\")", slug="piege", parent=parent)
    other = Theme.objects.create(name="Autre", slug="autre")
    client.force_login(django_user_model.objects.create_superuser("admin-test", password="x" * 14))
    listing = client.get("/admin/snippets/content/theme/")
    assert listing.status_code == 200 and "Cotation" in listing.content.decode()
    filtered = client.get(f"/admin/snippets/content/theme/?parent={parent.pk}").content.decode()
    assert f"/theme/edit/{trap.pk}/" in filtered and f"/theme/edit/{other.pk}/" not in filtered
    export = client.get("/admin/snippets/content/theme/?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")), delimiter=";"))
    names = [row[0] for row in rows[1:]]
    assert "'=HYPERLINK(\"http://x\")" in names and "Autre" in names


def test_site_branding_setting_explains_dsfr_restriction(client, django_user_model, sites):
    client.force_login(django_user_model.objects.create_superuser("admin-test", password="x" * 14))
    site = sites["uvcw"][0]
    html = client.get(f"/admin/settings/content/sitebranding/{site.pk}/").content.decode()
    assert "réservé aux éditeurs de l&#x27;État français" in html or "réservé aux éditeurs de l'État français" in html
    assert 'value="dsfr"' in html and 'value="neutre"' in html


def test_glossary_snippets_filter_by_theme_and_export(client, django_user_model, db):
    from content.models import GlossaryTerm, Theme

    cotation = Theme.objects.create(name="Cotation", slug="cotation")
    nud = GlossaryTerm.objects.create(term="Numéro unique départemental", acronym="NUD",
                                      expansion="Numéro unique départemental", definition="<p>d</p>")
    caleol = GlossaryTerm.objects.create(term="Commission d'attribution", acronym="CALEOL",
                                         expansion="+Commission d'attribution des logements", definition="<p>d</p>")
    caleol.themes.set([cotation])
    client.force_login(django_user_model.objects.create_superuser("admin-test", password="x" * 14))
    filtered = client.get(f"/admin/snippets/content/glossaryterm/?themes={cotation.pk}").content.decode()
    assert f"/glossaryterm/edit/{caleol.pk}/" in filtered and f"/glossaryterm/edit/{nud.pk}/" not in filtered
    export = client.get("/admin/snippets/content/glossaryterm/?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Terme", "Sigle", "Forme développée"]
    assert ["Numéro unique départemental", "NUD", "Numéro unique départemental", "nud"] in rows
    assert ["Commission d'attribution", "CALEOL", "'+Commission d'attribution des logements", "caleol"] in rows
