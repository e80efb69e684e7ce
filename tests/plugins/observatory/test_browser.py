"""In headless Chromium (driven through chromedriver's W3C WebDriver API, plain HTTP): a referent fills and transmits
its sheet, its federation validates it, then sees its members' consolidated chart but never one member's figures.

Screenshots are written at each step (``tmp_path``). CI installs Debian's ``chromium`` and ``chromium-driver``;
there the test fails when they are missing instead of being skipped.
"""

import base64
import json
import os
import shutil
import subprocess
import urllib.request

import pytest

from logis.accounts.models import Organisation
from plugins.observatory.models import Sheet
from tests.plugins.observatory.conftest import operation, validated

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
PASSWORD = "mot-de-passe-de-test-42"  # the ``person`` fixture's
LMH_UNITS = 37  # Lyon Métropole Habitat's operation: a number no consolidated cell may show alone


class Browser:
    """The few WebDriver commands the test needs."""

    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        options = {"binary": shutil.which("chromium") or "/usr/bin/chromium",
                   "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1400", "--lang=fr"],
                   "prefs": {"intl.accept_languages": "fr-FR,fr"}}  # the screens in French, as the users see them
        self.session = self._call("POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options}}})["sessionId"]

    def _call(self, method, path, payload=None):
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())["value"]

    def do(self, method, path, payload=None):
        return self._call(method, f"/session/{self.session}{path}", payload)

    def go(self, url):
        self.do("POST", "/url", {"url": url})

    def find(self, css):
        return self.do("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def type(self, css, text):
        self.do("POST", f"/element/{self.find(css)}/value", {"text": text})

    def click(self, css):
        self.do("POST", f"/element/{self.find(css)}/click", {})

    def script(self, code, *args):
        return self.do("POST", "/execute/sync", {"script": code, "args": list(args)})

    def text(self):
        return self.script("return document.body.innerText;")

    def shot(self, path):
        path.write_bytes(base64.b64decode(self.do("GET", "/screenshot")))

    def login(self, live_url, username):
        self.do("DELETE", "/cookie")
        self.go(live_url + "/admin/login/")
        self.type("input[name=username]", username)
        self.type("input[name=password]", PASSWORD)
        self.click("form button[type=submit], form input[type=submit]")

    def quit(self):
        self.do("DELETE", "")


@pytest.fixture
def browser():
    driver = shutil.which("chromedriver")
    if driver is None or not (shutil.which("chromium") or os.path.exists("/usr/bin/chromium")):
        message = "Chromium ou chromedriver absent : apt-get install -y chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    process = subprocess.Popen([driver, "--port=0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    port = None
    for line in process.stdout:  # "ChromeDriver was started successfully on port 12345."
        if "started successfully" in line:
            port = int(line.rstrip(". \n").rsplit(" ", 1)[-1])
            break
    assert port, "chromedriver n'a pas démarré"
    browser = Browser(port)
    yield browser
    browser.quit()
    process.terminate()
    process.wait(timeout=30)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_referent_transmits_a_federation_validates_and_sees_only_consolidated_figures(live_server, browser, observatory,
                                                                                      person, tmp_path):
    person("ref.lmh", "observatory.organisation", observatory.landlords["Lyon Métropole Habitat"])
    person("fed.oph", "observatory.federation", Organisation.objects.get(name="Fédération des OPH"))
    for name in ("Grenoble Habitat", "Paris Habitat"):
        validated(observatory.sheet(name), [operation("A", units=11), operation("B", kind="rehabilitation", units=12)])
    sheet = observatory.sheet("Lyon Métropole Habitat")
    url = f"{live_server.url}/admin/observatoire/fiches/{sheet.pk}/"

    browser.login(live_server.url, "ref.lmh")
    browser.go(url)
    browser.type("input[name='form-0-reference']", "LMH-2026-01")
    browser.script("document.querySelector(\"select[name='form-0-kind']\").value = 'new_build';")
    for field, value in {"units": LMH_UNITS, "cost": 5_550_000, "subsidies": 1_000_000, "loans": 4_550_000, "equity": 0}.items():
        browser.script(f"document.querySelector(\"input[name='form-0-{field}']\").value = '';")
        browser.type(f"input[name='form-0-{field}']", str(value))
    browser.script("document.querySelector(\"input[name='form-0-started_on']\").value = '2026-03-02';")
    browser.shot(tmp_path / "1-referent-saisie.png")
    browser.click("button[value=submit]")
    browser.shot(tmp_path / "2-referent-transmise.png")
    assert "LMH-2026-01" in browser.text()
    assert Sheet.objects.get(pk=sheet.pk).status == Sheet.Status.SUBMITTED

    browser.login(live_server.url, "fed.oph")
    browser.go(url)
    browser.click("button[value=validate]")
    browser.shot(tmp_path / "3-federation-validee.png")
    assert Sheet.objects.get(pk=sheet.pk).status == Sheet.Status.VALIDATED

    members_units = LMH_UNITS + 2 * (11 + 12)  # the three members together: published
    for level in ("national", "department"):
        browser.go(f"{live_server.url}/admin/observatoire/consolidation/?campaign=OBS-2026&stage=started&level={level}")
        browser.shot(tmp_path / f"4-federation-consolidation-{level}.png")
        cells = browser.script("return Array.from(document.querySelectorAll('table[data-role=figures] td')).map(td => td.innerText);")
        bars = browser.script("return Array.from(document.querySelectorAll('figure svg rect title')).map(t => t.textContent);")
        assert str(LMH_UNITS) not in cells and not any(b.endswith(f": {LMH_UNITS}") for b in bars)
        assert "Lyon Métropole Habitat" not in browser.text()
    assert str(members_units) not in cells and "secret" in cells  # by department, each member is alone: all secret
    browser.go(f"{live_server.url}/admin/observatoire/consolidation/?campaign=OBS-2026&stage=started&level=national")
    assert str(members_units) in browser.script(
        "return Array.from(document.querySelectorAll('table[data-role=figures] td')).map(td => td.innerText);")
    assert any(b.endswith(f": {members_units}") for b in browser.script(
        "return Array.from(document.querySelectorAll('figure svg rect title')).map(t => t.textContent);"))
    assert all((tmp_path / name).stat().st_size > 1000 for name in os.listdir(tmp_path) if name.endswith(".png"))
