"""In headless Chromium (driven by Debian's chromedriver): a lead creates a space, adds a member, posts a thread
mentioning them and uploads a document; the member sees the notification.

CI installs ``chromium`` and ``chromium-driver``; there the test fails when they are missing instead of being skipped.
"""

import pytest

from logis.testing.browser import chromium

from .conftest import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(browser, button):
    """Click and wait, polling (no fixed sleep), until the next page has loaded: read earlier, the old page answers.

    The old page is marked in its ``window``, which a new page load replaces;
    a script run while Chromium swaps the documents may fail: it is polled again.
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    browser.execute_script("window.logisOldPage = true;")
    button.click()
    WebDriverWait(browser, 30, ignored_exceptions=(WebDriverException,)).until(
        lambda driver: driver.execute_script("return !window.logisOldPage && document.readyState === 'complete';"))


def _log_in(browser, live_server, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    browser.get(live_server.url + "/healthz")
    browser.delete_all_cookies()
    browser.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "path": "/"})


def test_a_lead_opens_a_space_and_the_member_they_mention_is_notified(live_server, person, demo_territories, tmp_path, settings):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    settings.LOGIS_PRIVATE_FILES_ROOT = tmp_path / "private"
    org = demo_territories.organisation
    lead = person("lead", "spaces.territorial_lead", org("DDETS du Rhône"))
    person("bruno", "spaces.participant", org("Ville de Lyon"))
    document = tmp_path / "compte-rendu.pdf"
    document.write_bytes(PDF)
    browser = chromium()
    try:
        _log_in(browser, live_server, lead)
        browser.get(live_server.url + "/espaces/")
        browser.find_element(By.LINK_TEXT, "Créer un espace").click()
        browser.find_element(By.NAME, "name").send_keys("Équipe Rhône")
        Select(browser.find_element(By.NAME, "territory")).select_by_visible_text("Rhône (69)")
        Select(browser.find_element(By.NAME, "organisation")).select_by_visible_text("DDETS du Rhône")
        _submit(browser, browser.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        assert browser.find_element(By.TAG_NAME, "h1").text == "Équipe Rhône"
        space_url = browser.current_url

        member_form = browser.find_element(By.CSS_SELECTOR, "form[action$='/membres/']")
        member_form.find_element(By.NAME, "username").send_keys("bruno")
        _submit(browser, member_form.find_element(By.CSS_SELECTOR, "button"))
        assert "bruno est maintenant membre" in browser.find_element(By.CLASS_NAME, "messages").text

        thread_form = browser.find_element(By.CSS_SELECTOR, "form[action$='/discussions/nouvelle/']")
        thread_form.find_element(By.NAME, "title").send_keys("Fichier des places")
        thread_form.find_element(By.NAME, "body").send_keys("@bruno peux-tu relire le compte rendu ?")
        _submit(browser, thread_form.find_element(By.CSS_SELECTOR, "button"))
        assert browser.find_element(By.TAG_NAME, "h1").text == "Fichier des places"

        browser.get(space_url)
        upload_form = browser.find_element(By.CSS_SELECTOR, "form[enctype='multipart/form-data']")
        upload_form.find_element(By.NAME, "file").send_keys(str(document))
        upload_form.find_element(By.NAME, "title").send_keys("Compte rendu")
        _submit(browser, upload_form.find_element(By.CSS_SELECTOR, "button"))
        assert browser.find_element(By.TAG_NAME, "h1").text == "Compte rendu"
        assert browser.find_element(By.LINK_TEXT, "compte-rendu.pdf")

        from django.contrib.auth import get_user_model

        _log_in(browser, live_server, get_user_model().objects.get(username="bruno"))
        browser.get(live_server.url + "/notifications/")
        notice = browser.find_element(By.CSS_SELECTOR, ".notifications li.non-lue a")
        assert notice.text == "lead vous mentionne dans « Fichier des places »"
        _submit(browser, notice)
        assert browser.find_element(By.TAG_NAME, "h1").text == "Fichier des places"
        browser.get(space_url)
        assert browser.find_element(By.LINK_TEXT, "Compte rendu")
    finally:
        browser.quit()
