"""The /recherche/ page on a phone and in each theme: results before the facets, the facets in a collapsible panel.

At 390 px a visitor reads the page in source order: the first result must
come before « Affiner les résultats », which folds behind a button (DSFR side
menu) or a native disclosure (neutral theme), and the neutral theme styles
the page as it styles its content pages.
"""

import re

from bs4 import BeautifulSoup


def _page(client, host, **params):
    response = client.get("/recherche/", {"q": "logement", **params}, HTTP_HOST=host)
    assert response.status_code == 200
    html = response.content.decode()
    return html, BeautifulSoup(html, "html.parser")


def test_dsfr_results_come_first_and_facets_fold_in_the_side_menu(demo_corpus, client):
    html, soup = _page(client, "localhost")
    assert soup.select(".search-hits > li") and soup.select(".facet-list")
    assert html.index('class="fr-raw-list search-hits"') < html.index("Affiner les résultats")
    menu = soup.select_one("nav.fr-sidemenu")
    button = menu.select_one("button.fr-sidemenu__btn")
    panel = soup.find(id=button["aria-controls"])
    assert button["aria-expanded"] == "false" and "fr-collapse" in panel["class"] and panel.select(".facet-list")
    assert menu["aria-labelledby"] == "facets-title" and soup.find(id="facets-title")


def test_neutral_results_come_first_facets_in_a_disclosure_and_the_page_is_styled(demo_corpus, client):
    html, soup = _page(client, "uvcw.localhost", q="")
    assert soup.find(class_="fr-header") is None and "neutre.css" in html      # the neutral theme's chrome
    assert soup.select(".search-hits > li")
    panel = soup.select_one("details.facets-panel")
    assert panel is not None and panel.summary.get_text(strip=True) == "Affiner les résultats"
    assert html.index("search-hits") < html.index("facets-panel")
    assert "/static/search/facets.js" in html
    css = open(_neutral_css(), encoding="utf-8").read()
    for selector in (".search-layout", ".search-hits", ".facets-panel", ".facet-list", ".pagination", ".fr-sr-only"):
        assert re.search(re.escape(selector) + r"[ ,{:>]", css), selector   # each part of the page has its style


def _neutral_css():
    from django.contrib.staticfiles import finders

    return finders.find("content/neutre.css")
