"""In headless Chromium: an editor writes a template in Draftail with the field picker and previews it, a counter agent
issues it and downloads the PDF, the verification page opens from the URL its QR code carries.

Driven through Selenium with the core's :func:`logis.testing.browser.chromium` (Debian's ``chromium`` and
``chromium-driver``); every wait is Selenium's own, with a deadline.
"""

import pypdfium2
import pytest
import zxingcpp

from logis.testing.browser import chromium

from plugins.attestations.models import DocumentTemplate, IssuedDocument

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mot-de-passe-de-test-42"
WAIT = 30


@pytest.fixture
def browser(tmp_path):
    driver = chromium("1280,1600")
    # Downloads land in the test's folder, without a prompt (Chromium's DevTools command, as headless needs).
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    yield driver
    driver.get("about:blank")   # nothing of the page may reach the server while the database is reset
    driver.quit()


def sign_in(browser, server, username):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.delete_all_cookies()
    browser.get(server + "/admin/login/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(browser, WAIT).until(lambda b: "/admin/login/" not in b.current_url, "connexion")


def test_an_editor_writes_an_agent_issues_and_the_qr_leads_to_the_verification_page(
        live_server, settings, roles, make_template, make_applicant, tmp_path, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait

    settings.WAGTAILADMIN_BASE_URL = live_server.url
    template = make_template(body="<p>Ancien texte</p>")
    applicant = make_applicant(number="LYON-0001")
    for user in (roles["editor_sne"], roles["agent_lyon"]):
        user.set_password(PASSWORD)
        user.save()
    wait = WebDriverWait(browser, WAIT)

    sign_in(browser, live_server.url, "modeles.sne")
    browser.get(f"{live_server.url}/admin/attestations/modeles/version/{template.pk}/")
    editor = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, ".public-DraftEditor-content")))
    wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-role=preview]"), "Ancien texte"))
    editor.click()
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys("Attestation pour ")
    Select(browser.find_element(By.NAME, "field_picker")).select_by_value("demandeur.prenoms")
    browser.find_element(By.CSS_SELECTOR, "[data-role=insert]").click()
    wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-role=preview]"), "Attestation pour Camille Louise"),
               "aperçu avec les données d'exemple")
    browser.find_element(By.CSS_SELECTOR, "#template-editor button[type=submit]").click()
    wait.until(lambda _: DocumentTemplate.objects.get().versions.count() == 2, "nouvelle version enregistrée")
    assert DocumentTemplate.objects.get().versions.first().body == "<p>Attestation pour {{ demandeur.prenoms }}</p>"

    sign_in(browser, live_server.url, "guichet.lyon")
    browser.get(f"{live_server.url}/admin/attestations/demandeurs/inspect/{applicant.pk}/")
    Select(browser.find_element(By.CSS_SELECTOR, "[data-role=issue] [name=template]")).select_by_value(str(template.pk))
    Select(browser.find_element(By.CSS_SELECTOR, "[data-role=issue] [name=channel]")).select_by_value("download")
    browser.find_element(By.CSS_SELECTOR, "[data-role=issue] button[type=submit]").click()
    wait.until(lambda _: any(p.suffix == ".pdf" for p in tmp_path.iterdir()), "PDF téléchargé")
    page = pypdfium2.PdfDocument(next(p for p in tmp_path.iterdir() if p.suffix == ".pdf").read_bytes())[0]
    assert "Attestation pour Camille Louise" in page.get_textpage().get_text_range()
    url = next(b.text for b in zxingcpp.read_barcodes(page.render(scale=3).to_pil()) if b.format == zxingcpp.BarcodeFormat.QRCode)
    assert url.startswith(live_server.url + "/verifier/")
    browser.get(url)
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Document valide" in main and "C.M." in main
    assert IssuedDocument.objects.get().version.number == 2
