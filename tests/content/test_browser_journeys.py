"""Visitors' and editors' journeys in headless Chromium, driven through Selenium and Debian's ``chromedriver``.

A professional signs in from the public site and reads a professionals-only
page; a 403 and a 404 in each theme; the search page at 390 px (results
before the folded facets); the DSFR footer's mandatory links; the editor's
theme filter from the keyboard. One browser for the module, the session's
live server, screenshots under ``var/screenshots/browser/`` (the path is printed).
CI installs ``chromium`` and ``chromium-driver``; there a missing browser fails the test instead of skipping it.
"""

from pathlib import Path

import pytest
from django.conf import settings as django_settings

from logis.testing.browser import chromium

# The core pytest plugin loads the migrations' rows back after every transactional test (no ``serialized_rollback``).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mot-de-passe-de-test-42"
SHOTS = Path(django_settings.VAR_DIR) / "screenshots" / "browser"


@pytest.fixture(scope="module")
def browser():
    driver = chromium("1280,1000")
    SHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nCaptures d'écran : {SHOTS}")
    yield driver
    driver.quit()


@pytest.fixture
def visit(browser, live_server):
    """``visit(path, host="localhost", width=1280)`` → the browser on that page of that site (a new visitor at first)."""
    browser.delete_all_cookies()

    def go(path, host="localhost", width=1280, shot=None):
        browser.set_window_size(width, 1000)
        path = getattr(path, "get_url_parts", None) and path.get_url_parts()[2] or path   # a page: its path
        browser.get(live_server.url.replace("://localhost", f"://{host}") + path)
        if shot:
            browser.save_screenshot(str(SHOTS / f"{shot}.png"))
        return browser

    yield go
    browser.get("about:blank")   # no request of this page may reach the server while the database is reset


def _sign_in(browser, username):
    from selenium.webdriver.common.by import By

    browser.find_element(By.PARTIAL_LINK_TEXT, "Se connecter").click()
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit], main form input[type=submit]").click()


def _use_theme(site, theme):
    from content.models import SiteBranding

    branding = SiteBranding.for_site(site)
    branding.visual_theme = theme
    branding.save()


def _professional_signs_in_and_reads_a_pros_page(visit, pros_page, person, sne):
    from selenium.webdriver.common.by import By

    person("pro-navigateur", "core.professional", sne)
    browser = visit(pros_page)
    assert "/connexion/" in browser.current_url                    # a visitor is asked to sign in
    browser = visit("/", shot="accueil-visiteur")
    _sign_in(browser, "pro-navigateur")
    assert "Se déconnecter" in browser.page_source and "Mon espace" in browser.page_source
    browser = visit(pros_page, shot="page-professionnels")
    assert browser.find_element(By.TAG_NAME, "h1").text == pros_page.title
    assert "Réservé aux professionnels" in browser.page_source


def _403_404_and_search_at_390px(visit, sites, pros_page, person, theme):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from search.service import reindex

    _use_theme(sites["sne"][0], theme)
    reindex()
    browser = visit("/")
    browser.delete_all_cookies()
    browser = visit("/")
    _sign_in(browser, "sans-role-navigateur")
    browser = visit(pros_page, shot=f"403-{theme}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Accès refusé" and "aucun rôle" in browser.page_source
    assert (browser.find_elements(By.CLASS_NAME, "fr-header") != []) == (theme == "dsfr")   # in the site's theme
    browser = visit("/cette-page-n-existe-pas/", shot=f"404-{theme}")
    assert "introuvable" in browser.find_element(By.TAG_NAME, "h1").text.lower()
    assert browser.find_elements(By.CSS_SELECTOR, "main form[role=search], main input[type=search]")
    browser = visit("/recherche/?q=cotation", width=390, shot=f"recherche-390px-{theme}")
    first_hit = browser.find_element(By.CSS_SELECTOR, ".search-hits > li")
    toggle = browser.find_element(By.CSS_SELECTOR, "button.fr-sidemenu__btn" if theme == "dsfr" else "details.facets-panel summary")
    assert first_hit.location["y"] < toggle.location["y"]                 # results first on a phone
    assert toggle.is_displayed() and not browser.find_element(By.CSS_SELECTOR, ".facet-list").is_displayed()  # folded
    browser.execute_script("arguments[0].scrollIntoView()", toggle)
    toggle.click()
    facets = browser.find_element(By.CSS_SELECTOR, ".facet-list")
    WebDriverWait(browser, 5).until(lambda _: facets.is_displayed())   # the DSFR collapse opens with a transition
    browser = visit("/recherche/?q=cotation", width=1280)
    assert browser.find_element(By.CSS_SELECTOR, ".facet-list").is_displayed()   # open beside the results when wide


def _dsfr_footer_links_its_mandatory_pages(visit, sites):
    from selenium.webdriver.common.by import By

    from content import demo

    demo.create_footer_pages(sites["sne"][1], "GIP SNE")
    browser = visit("/", shot="pied-de-page-dsfr")
    links = {a.get_attribute("data-obligation"): a.get_attribute("href")
             for a in browser.find_elements(By.CSS_SELECTOR, "footer [data-obligation]")}
    assert set(links) == {"accessibilite", "mentions-legales", "donnees-personnelles", "cookies", "plan-du-site"}
    assert "partiellement conforme" in browser.find_element(By.TAG_NAME, "footer").text
    for key, href in links.items():
        browser.get(href)
        assert browser.find_elements(By.CLASS_NAME, "fr-header") and browser.find_element(By.TAG_NAME, "h1").text, key
        assert "introuvable" not in browser.find_element(By.TAG_NAME, "h1").text.lower(), key


def _theme_filter_answers_the_keyboard(visit, guide, django_user_model):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from content.models import Theme

    parent = Theme.objects.create(name="Accueil d'urgence", slug="accueil-urgence-navigateur")
    Theme.objects.create(name="Hébergement d'urgence", slug="hebergement-urgence-navigateur", parent=parent)
    django_user_model.objects.create_superuser("admin-navigateur", password=PASSWORD)
    browser = visit("/admin/login/")
    browser.delete_all_cookies()
    browser = visit("/admin/login/")
    browser.find_element(By.NAME, "username").send_keys("admin-navigateur")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    browser = visit(f"/admin/pages/{guide.pk}/edit/")
    edit_url = browser.current_url
    box = browser.find_element(By.CSS_SELECTOR, "[data-theme-filter]")
    browser.execute_script("arguments[0].scrollIntoView()", box)
    box.send_keys("hebergement" + Keys.ENTER)                              # accents optional; Enter submits nothing
    browser.save_screenshot(str(SHOTS / "filtre-des-themes.png"))
    shown = [label.text for label in browser.find_elements(By.CSS_SELECTOR, "[data-theme-option] label") if label.is_displayed()]
    checked = [t.name for t in guide.themes.all()]
    assert "Hébergement d'urgence" in shown and "Accueil d'urgence" in shown   # the parent stays, for context
    assert set(shown) <= {"Hébergement d'urgence", "Accueil d'urgence", *checked}
    assert browser.current_url == edit_url and "thème" in browser.find_element(By.CSS_SELECTOR, "[data-theme-count]").text


def test_journeys_in_headless_chromium(visit, sites, pros_page, guide, person, sne, django_user_model):
    """One database set-up for every journey: a transactional test restores the migrations' rows, once is enough."""
    person("sans-role-navigateur")
    _professional_signs_in_and_reads_a_pros_page(visit, pros_page, person, sne)
    _dsfr_footer_links_its_mandatory_pages(visit, sites)
    _theme_filter_answers_the_keyboard(visit, guide, django_user_model)
    for theme in ("dsfr", "neutre"):
        _403_404_and_search_at_390px(visit, sites, pros_page, person, theme)
