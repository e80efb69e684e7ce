"""In headless Chromium (driven through chromedriver's W3C WebDriver protocol): publish, find, open, contact.

A publisher publishes a draft through the API; a visitor's browser finds it on the public
search, opens it and sends a contact, which the publisher then sees. Screenshots are written
to ``LOGIS_SCREENSHOTS_DIR`` (default: the test's temporary directory). CI installs Debian's
``chromium`` and ``chromium-driver``; there the test fails when they are missing.
"""

import base64
import json
import os
import shutil
import socket
import subprocess
import urllib.request
from pathlib import Path

import pytest

from plugins.listings.models import Contact, Listing

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600", "--lang=fr-FR",
         "--accept-lang=fr-FR,fr"]


def _tools():
    chromium, driver = shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("chromedriver")
    if not (chromium and driver):
        message = "Chromium ou chromedriver absent : apt-get install -y chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return chromium, driver


class WebDriver:
    """The few W3C WebDriver commands the test needs, over plain HTTP."""

    def __init__(self, chromium, driver):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen([driver, f"--port={self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        self._wait_ready()
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {"binary": chromium, "args": FLAGS}}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def _wait_ready(self):
        for _attempt in range(200):
            try:
                with urllib.request.urlopen(self.base + "/status", timeout=1) as response:
                    if json.load(response)["value"]["ready"]:
                        return
            except OSError:
                self.process.poll()
        raise RuntimeError("chromedriver ne répond pas")

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else (b"{}" if method == "POST" else None)
        request = urllib.request.Request(self.base + path, data=data, method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)["value"]

    def s(self, path):
        return f"/session/{self.session}{path}"

    def go(self, url):
        self.call("POST", self.s("/url"), {"url": url})

    def find(self, css):
        return self.call("POST", self.s("/element"), {"using": "css selector", "value": css})[ELEMENT]

    def type(self, css, text):
        self.call("POST", self.s(f"/element/{self.find(css)}/value"), {"text": text})

    def click(self, css):
        self.call("POST", self.s(f"/element/{self.find(css)}/click"))

    def source(self):
        return self.call("GET", self.s("/source"))

    def screenshot(self, path):
        path.write_bytes(base64.b64decode(self.call("GET", self.s("/screenshot"))))
        return path

    def quit(self):
        try:
            self.call("DELETE", self.s(""))
        finally:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publish_find_open_and_contact_in_headless_chromium(live_server, client, roles, make_listing, monkeypatch, tmp_path):
    chromium, driver = _tools()
    monkeypatch.setattr("plugins.listings.forms.MIN_SECONDS", 0)  # a driven browser types faster than a person
    shots = Path(os.environ.get("LOGIS_SCREENSHOTS_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    draft = make_listing(title="T3 rénové quartier Mermoz", status=Listing.Status.DRAFT, published_at=None,
                         latitude=45.7352, longitude=4.8844)
    client.force_login(roles["publisher_lyon"])
    assert client.post(f"/api/listings/manage/{draft.pk}/publish").status_code == 200

    browser = WebDriver(chromium, driver)
    try:
        browser.go(live_server.url + "/annonces/?lieu=FR/84/69&type=T3")
        assert "T3 rénové quartier Mermoz" in browser.source()
        assert browser.screenshot(shots / "annonces-recherche.png").stat().st_size > 5_000
        browser.click(f'a[href="/annonces/{draft.pk}/"]')
        page = browser.source()
        assert "Performance énergétique" in page and "Contacter le bailleur" in page
        browser.screenshot(shots / "annonce-fiche.png")
        browser.type("#id_name", "Awa Exemple")
        browser.type("#id_email", "awa@exemple.org")
        browser.type("#id_message", "Bonjour, puis-je visiter le logement ?")
        browser.click("#id_consent")
        browser.click(".listings-form button[type=submit]")
        assert "Votre message a bien été envoyé" in browser.source()
        browser.screenshot(shots / "annonce-contact-envoye.png")
    finally:
        browser.quit()
    contact = Contact.objects.get()
    assert (contact.listing_id, contact.email) == (draft.pk, "awa@exemple.org")
    rows = client.get(f"/api/listings/manage/{draft.pk}/contacts").json()
    assert [r["message"] for r in rows] == ["Bonjour, puis-je visiter le logement ?"]
