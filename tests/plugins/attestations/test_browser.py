"""In headless Chromium: an editor writes a template with the field picker and previews it, a counter agent issues it
and downloads the PDF, the verification page opens from the URL its QR code carries.

Driven through chromedriver's W3C WebDriver HTTP API with ``requests`` (no extra library). CI installs Debian's
``chromium`` and ``chromium-driver``; there a missing browser fails the test instead of skipping it.
"""

import os
import shutil
import socket
import subprocess
import time

import pypdfium2
import pytest
import requests
import zxingcpp

from plugins.attestations.models import DocumentTemplate, IssuedDocument

PASSWORD = "mot-de-passe-de-test-42"


class Browser:
    """The few WebDriver commands the test needs; every wait polls with a deadline (no fixed sleep)."""

    def __init__(self, downloads):
        driver = shutil.which("chromedriver")
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if not driver or not chromium:
            message = "Chromium ou chromedriver absent : apt-get install -y chromium chromium-driver"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = subprocess.Popen([driver, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{port}"
        options = {"binary": chromium, "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1600", "--accept-lang=fr", "--lang=fr"],
                   "prefs": {"download.default_directory": str(downloads), "download.prompt_for_download": False,
                             "intl.accept_languages": "fr-FR,fr"}}
        session = self._call("POST", "/session", {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options}}},
                             session=False)
        self.session = session["sessionId"]
        self._call("POST", "/chromium/send_command", {"cmd": "Page.setDownloadBehavior",
                                                       "params": {"behavior": "allow", "downloadPath": str(downloads)}})

    def _call(self, method, path, body=None, session=True):
        url = self.base + (f"/session/{self.session}" if session else "") + path
        deadline = time.monotonic() + 20
        while True:
            try:
                response = requests.request(method, url, json=body, timeout=120)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)  # chromedriver still starting: poll
        value = response.json()["value"]
        if response.status_code >= 400:
            raise AssertionError(f"WebDriver {path}: {value}")
        return value

    def go(self, url):
        self._call("POST", "/url", {"url": url})

    def find(self, css):
        found = self._call("POST", "/element", {"using": "css selector", "value": css})
        return next(iter(found.values()))

    def type(self, css, text, clear=True):
        element = self.find(css)
        if clear:
            self._call("POST", f"/element/{element}/clear", {})
        self._call("POST", f"/element/{element}/value", {"text": text})

    def click(self, css):
        self._call("POST", f"/element/{self.find(css)}/click", {})

    def script(self, source, *args):
        return self._call("POST", "/execute/sync", {"script": source, "args": list(args)})

    def text(self, css="body"):
        return self._call("GET", f"/element/{self.find(css)}/text")

    def wait(self, condition, what, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.1)
        raise AssertionError(f"délai dépassé : {what}")

    def login(self, server, username):
        self._call("DELETE", "/cookie")
        self.go(server + "/admin/login/")
        self.type("input[name=username]", username)
        self.type("input[name=password]", PASSWORD)
        self.click("form button[type=submit]")
        self.wait(lambda: "/admin/login/" not in self._call("GET", "/url"), "connexion")

    def quit(self):
        try:
            self._call("DELETE", "")
        finally:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_editor_writes_an_agent_issues_and_the_qr_leads_to_the_verification_page(
        live_server, settings, roles, make_template, make_applicant, tmp_path):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    template = make_template(body="<p>Ancien texte</p>")
    applicant = make_applicant(number="LYON-0001")
    for user in (roles["editor_sne"], roles["agent_lyon"]):
        user.set_password(PASSWORD)
        user.save()
    browser = Browser(tmp_path)
    try:
        browser.go(live_server.url + "/admin/login/")
        browser.login(live_server.url, "modeles.sne")
        browser.go(f"{live_server.url}/admin/attestations/modeles/version/{template.pk}/")
        browser.type("textarea[name=body]", "<p>Attestation pour ")
        browser.script("const s = document.querySelector('[name=field_picker]'); s.value = 'demandeur.prenoms';")
        browser.click("[data-role=insert]")
        browser.wait(lambda: "Camille Louise" in browser.text("[data-role=preview]"), "aperçu avec les données d'exemple")
        browser.click("#template-editor button[type=submit]")
        browser.wait(lambda: DocumentTemplate.objects.get().versions.count() == 2, "nouvelle version enregistrée")
        assert "{{ demandeur.prenoms }}" in DocumentTemplate.objects.get().versions.first().body

        browser.login(live_server.url, "guichet.lyon")
        browser.go(f"{live_server.url}/admin/attestations/demandeurs/inspect/{applicant.pk}/")
        browser.script("document.querySelector('[data-role=issue] [name=template]').value = arguments[0];"
                       "document.querySelector('[data-role=issue] [name=channel]').value = 'download';", str(template.pk))
        browser.click("[data-role=issue] button[type=submit]")
        browser.wait(lambda: any(p.suffix == ".pdf" for p in tmp_path.iterdir()), "PDF téléchargé")
        pdf = next(p for p in tmp_path.iterdir() if p.suffix == ".pdf").read_bytes()
        page = pypdfium2.PdfDocument(pdf)[0]
        assert "Attestation pour Camille Louise" in page.get_textpage().get_text_range()
        url = next(b.text for b in zxingcpp.read_barcodes(page.render(scale=3).to_pil()) if b.format == zxingcpp.BarcodeFormat.QRCode)
        assert url.startswith(live_server.url + "/verifier/")
        browser.go(url)
        assert "Document valide" in browser.text("main") and "C.M." in browser.text("main")
        assert IssuedDocument.objects.get().version.number == 2
    finally:
        browser.quit()
