"""A DDETS agent in headless Chromium (chromedriver's W3C WebDriver protocol, over plain HTTP): import, fix, vet, match, allocate.

The agent downloads the import template, uploads a file whose headers differ,
maps the columns, downloads the error file, fixes it and sends it again; then
vets the new offers from the list, finds them for a household within a radius
(their commune's centre: the file has no GPS point) and allocates one.
Screenshots go to ``LOGIS_SCREENSHOTS_DIR`` (default: the test's temporary
directory). CI installs Debian's ``chromium`` and ``chromium-driver``; there the
test fails when they are missing instead of being skipped.
"""

import base64
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from logis.jobs.models import JobRecord
from plugins.offers.models import Allocation, CommuneCentre, Offer

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600", "--lang=fr-FR",
         "--accept-lang=fr-FR,fr", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def _tools():
    chromium, driver = shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("chromedriver")
    if not (chromium and driver):
        message = "Chromium ou chromedriver absent : apt-get install -y chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return chromium, driver


class Browser:
    """The few W3C WebDriver commands the journey needs."""

    def __init__(self, chromium, driver):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen([driver, f"--port={self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # wait for chromedriver to listen (a readiness poll, not a sleep)
            try:
                with urllib.request.urlopen(self.base + "/status", timeout=1) as response:
                    if json.load(response)["value"]["ready"]:
                        break
            except OSError:
                self.process.poll()
        options = {"binary": chromium, "args": FLAGS}
        self.session = self.call("POST", "/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": options}}})["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else (b"{}" if method == "POST" else None)
        request = urllib.request.Request(self.base + path, data=data, method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)["value"]

    def _s(self, path):
        return f"/session/{self.session}{path}"

    def go(self, url):
        self.call("POST", self._s("/url"), {"url": url})

    def find(self, css):
        return self.call("POST", self._s("/element"), {"using": "css selector", "value": css})[ELEMENT]

    def click(self, css):
        self.call("POST", self._s(f"/element/{self.find(css)}/click"))

    def type(self, css, text):
        self.call("POST", self._s(f"/element/{self.find(css)}/value"), {"text": text})

    def script(self, body, *args):
        return self.call("POST", self._s("/execute/sync"), {"script": body, "args": list(args)})

    def fetch_text(self, url):
        """Download ``url`` with the browser's session, as a click on the link would."""
        return self.call("POST", self._s("/execute/async"), {
            "script": "const done = arguments[1]; fetch(arguments[0]).then(r => r.text()).then(done);", "args": [url]})

    def source(self):
        return self.call("GET", self._s("/source"))

    def add_cookie(self, name, value):
        self.call("POST", self._s("/cookie"), {"cookie": {"name": name, "value": value, "path": "/"}})

    def screenshot(self, path):
        path.write_bytes(base64.b64decode(self.call("GET", self._s("/screenshot"))))
        return path

    def quit(self):
        try:
            self.call("DELETE", self._s(""))
        finally:
            self.process.terminate()
            self.process.wait(timeout=20)


def wait_for(condition, what, seconds=30):
    """Poll ``condition`` until it holds (the browser posts while the test goes on); fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"toujours pas : {what}")


def renamed(text):
    """The template's header as another department writes it: two columns under their own names."""
    header, *rest = text.lstrip("\ufeff").splitlines()
    header = header.replace("reference", "Réf. interne").replace("places_max", "Capacité totale")
    return "\r\n".join([header, *rest])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_ddets_imports_fixes_vets_matches_and_allocates_in_headless_chromium(live_server, client, roles, world, run_jobs, tmp_path):
    chromium, driver = _tools()
    shots = Path(os.environ.get("LOGIS_SCREENSHOTS_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    lyon = world.territory("FR/84/69/69123")
    CommuneCentre.objects.create(commune=lyon, latitude=45.7676, longitude=4.8344)
    client.force_login(roles["department_rhone"])
    organisation = world.organisation("Ville de Lyon")
    browser = Browser(chromium, driver)
    try:
        browser.go(live_server.url + "/admin/login/")
        browser.add_cookie(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
        browser.go(live_server.url + "/admin/offres/import/")
        browser.screenshot(shots / "offres-1-import.png")
        template = browser.fetch_text(live_server.url + "/admin/offres/import/modele.csv")
        assert template.lstrip("\ufeff").startswith("reference;type_hebergeur")
        header = renamed(template).splitlines()[0]
        rows = ["OFF-1;Particulier;Appartement;12 rue des Lilas;69003;Lyon;4;4;01/03/2026;31/12/2030;Hélène Hôte;helene@exemple.org;;crise@lyon.exemple.fr;04 72 10 00 00;oui;non;oui;",
                "OFF-2;Commune;Appartement;1 place Bellecour;69002;Atlantis;6;6;01/03/2026;31/12/2030;;;;crise@lyon.exemple.fr;04 72 10 00 00;non;oui;oui;"]
        sent = tmp_path / "offres-du-rhone.csv"
        sent.write_text("\r\n".join([header, *rows]) + "\r\n", encoding="utf-8-sig")

        def current_url():
            return browser.call("GET", browser._s("/url"))

        def run_import(submit):
            """Submit the form that queues an import, wait for the job and its status page, run it, show the report."""
            jobs, before = JobRecord.objects.count(), current_url()
            browser.click(submit)
            wait_for(lambda: JobRecord.objects.count() > jobs and current_url() != before and "/admin/offres/import/" in current_url(),
                     "l'import n'est pas en file")
            run_jobs("imports")
            browser.go(current_url())

        def upload(path):
            browser.go(live_server.url + "/admin/offres/import/")
            browser.type("#id_file", str(path))
            browser.script("document.querySelector('#id_organisation').value = arguments[0];", str(organisation.pk))
            run_import("form[enctype] button[type=submit]")
            page = browser.source()
            (shots / f"{path.stem}.html").write_text(page)
            return page

        page = upload(sent)
        assert "Réf. interne" in page and "Colonnes à faire correspondre" in page
        browser.script("""for (const select of document.querySelectorAll('select[name^="column_"]')) {
            const label = document.querySelector('label[for="' + select.id + '"]').textContent;
            select.value = label.includes('Réf') ? 'reference' : 'places_max'; }""")
        browser.screenshot(shots / "offres-2-correspondance.png")
        run_import("form[method=post] button.button")
        page = browser.source()
        assert "Atlantis" in page and "Rien n'a été enregistré" in page and Offer.objects.count() == 0  # all or nothing
        browser.screenshot(shots / "offres-3-rapport.png")
        errors = browser.fetch_text(current_url() + "?fichier=csv")
        assert "Réf. interne" in errors.splitlines()[0] and "Atlantis" in errors
        fixed = tmp_path / "offres-corrigees.csv"
        fixed.write_text(errors.lstrip("\ufeff").replace(";Atlantis;", ";Lyon;"), encoding="utf-8-sig")
        page = upload(fixed)
        assert set(Offer.objects.values_list("reference", flat=True)) == {"OFF-1", "OFF-2"}, page[-3000:]
        browser.screenshot(shots / "offres-4-renvoi.png")

        browser.go(live_server.url + "/admin/offers/")
        for offer in Offer.objects.all():
            browser.click(f'input[name="ids"][value="{offer.pk}"]')
        browser.script("document.querySelector('#offers-bulk-action').value = 'vet';")
        browser.screenshot(shots / "offres-5-liste-carte.png")
        browser.click("#offers-bulk button[type=submit]")
        wait_for(lambda: "Qualifier ces offres ?" in browser.source(), "la confirmation")
        browser.click("form[method=post] button.button")
        wait_for(lambda: "2 offres qualifiées." in browser.source(), "le message de qualification")
        assert set(Offer.objects.values_list("status", flat=True)) == {"available"}

        browser.go(f"{live_server.url}/admin/offres/attribution/?adults=2&children=1&territory={lyon.pk}&radius_km=20")
        page = browser.source()
        assert "OFF-1" in page and "centre de la commune de l'offre" in page
        browser.screenshot(shots / "offres-6-appariement.png")
        browser.click("table.listing form button")
        wait_for(lambda: "3 place(s) attribuée(s)" in browser.source(), "le message d'attribution")
        browser.screenshot(shots / "offres-7-attribution.png")
    finally:
        browser.quit()
    assert Allocation.objects.get().places == 3
    assert all((shots / f"offres-{n}").exists() for n in ("1-import.png", "6-appariement.png", "7-attribution.png"))
