"""The theme picker of the page editor: sub-themes under their parent, each checkbox beside its own label, a filter box."""

import pytest
from bs4 import BeautifulSoup

from content.models import GuidePage, Theme


@pytest.fixture
def editor_html(client, django_user_model, guide):
    parent = Theme.objects.create(name="Accueil d'urgence", slug="accueil-urgence")
    for name in ("Hébergement d'urgence", "Accueil de jour"):
        Theme.objects.create(name=name, slug=f"sous-theme-{len(name)}", parent=parent)
    client.force_login(django_user_model.objects.create_superuser("admin-picker", password="x" * 14))
    return BeautifulSoup(client.get(f"/admin/pages/{guide.pk}/edit/").content, "html.parser")


def test_sub_themes_sit_under_their_parent_each_box_beside_its_label(editor_html, guide):
    picker = editor_html.select_one("[data-theme-picker]")
    assert picker is not None
    boxes = picker.select('input[type="checkbox"][name="themes"]')
    assert len(boxes) == Theme.objects.count()
    for box in boxes:
        label = box.find_next_sibling("label")
        theme = Theme.objects.get(pk=box["value"])
        assert label["for"] == box["id"] and label.get_text(strip=True) == theme.name   # its own label, right after it
        group = box.find_parent("li", attrs={"data-theme-group": True})
        top = group.select_one("[data-theme-option] input")
        assert top["value"] == str(theme.parent_id or theme.pk)                          # in its parent's group
    urgence = Theme.objects.get(slug="accueil-urgence")
    sub = picker.find("ul", attrs={"aria-label": "Sous-thèmes de Accueil d'urgence"})
    assert [li.get_text(strip=True) for li in sub.find_all("li")] == ["Accueil de jour", "Hébergement d'urgence"]
    assert sub.find_parent("li")["data-theme-group"] is not None and urgence.children.count() == 2
    assert {box["value"] for box in boxes if box.has_attr("checked")} == {str(t.pk) for t in guide.themes.all()}


def test_the_filter_box_is_labelled_and_its_script_loaded(editor_html):
    box = editor_html.select_one("[data-theme-filter]")
    assert box["type"] == "search" and not box.has_attr("name")          # never submitted with the page
    assert editor_html.find("label", attrs={"for": box["id"]}).get_text(strip=True) == "Filtrer les thèmes"
    assert editor_html.find(id=box["aria-describedby"])["role"] == "status"
    assert editor_html.find("script", src=lambda src: src and src.endswith("content/theme_picker.js"))


def test_the_picker_saves_what_is_ticked(client, editor_html, guide):
    sub = Theme.objects.get(name="Hébergement d'urgence")
    data = {"title": guide.title, "slug": guide.slug, "summary": "", "audience": "public", "themes": [sub.pk], "body-count": "0"}
    client.post(f"/admin/pages/{guide.pk}/edit/", data)
    assert list(GuidePage.objects.get(pk=guide.pk).get_latest_revision_as_object().themes.all()) == [sub]
