"""In headless Chromium (Selenium, ``logis.testing.browser.chromium``): publish, find, open, contact.

A publisher publishes a draft through the API; a visitor's browser finds it on the public
search, opens it and sends a contact, which the publisher then sees. Screenshots are written
to ``LOGIS_SCREENSHOTS_DIR`` (default: the test's temporary directory). CI installs Debian's
``chromium`` and ``chromium-driver``; there the test fails when they are missing.
"""

import os
from pathlib import Path

import pytest

from logis.testing.browser import chromium
from plugins.listings.models import Contact, Listing


@pytest.fixture
def browser():
    driver = chromium("1280,1600")
    yield driver
    driver.quit()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_publish_find_open_and_contact_in_headless_chromium(live_server, client, roles, make_listing, monkeypatch, tmp_path, browser):
    from selenium.webdriver.common.by import By

    monkeypatch.setattr("plugins.listings.forms.MIN_SECONDS", 0)  # a driven browser types faster than a person
    shots = Path(os.environ.get("LOGIS_SCREENSHOTS_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    draft = make_listing(title="T3 rénové quartier Mermoz", status=Listing.Status.DRAFT, published_at=None,
                         latitude=45.7352, longitude=4.8844)
    client.force_login(roles["publisher_lyon"])
    assert client.post(f"/api/listings/manage/{draft.pk}/publish").status_code == 200

    def css(selector):
        return browser.find_element(By.CSS_SELECTOR, selector)

    def screenshot(name):
        browser.save_screenshot(str(shots / name))
        return shots / name

    browser.get(live_server.url + "/annonces/?lieu=FR/84/69&type=T3")
    assert "T3 rénové quartier Mermoz" in browser.page_source
    assert screenshot("annonces-recherche.png").stat().st_size > 5_000
    css(f'a[href="/annonces/{draft.pk}/"]').click()
    page = browser.page_source
    assert "Performance énergétique" in page and "Contacter le bailleur" in page
    screenshot("annonce-fiche.png")
    css("#id_name").send_keys("Awa Exemple")
    css("#id_email").send_keys("awa@exemple.org")
    css("#id_message").send_keys("Bonjour, puis-je visiter le logement ?")
    css("#id_consent").click()
    css(".listings-form button[type=submit]").click()
    assert "Votre message a bien été envoyé" in browser.page_source
    screenshot("annonce-contact-envoye.png")
    contact = Contact.objects.get()
    assert (contact.listing_id, contact.email) == (draft.pk, "awa@exemple.org")
    rows = client.get(f"/api/listings/manage/{draft.pk}/contacts").json()
    assert [r["message"] for r in rows] == ["Bonjour, puis-je visiter le logement ?"]
