"""In headless Chromium (Selenium, ``logis.testing.browser.chromium``): a referent fills and transmits its sheet, its
federation validates it, then sees its members' consolidated chart but never one member's figures; by EPCI too.

Screenshots go to ``LOGIS_SCREENSHOTS_DIR`` (default: the test's temporary directory). CI installs Debian's
``chromium`` and ``chromium-driver``; there the test fails when they are missing instead of being skipped.
"""

import os
from pathlib import Path

import pytest

from logis.accounts.models import Organisation, Territory
from logis.testing.browser import chromium
from plugins.observatory.models import Sheet
from tests.plugins.observatory.conftest import operation, validated

PASSWORD = "mot-de-passe-de-test-42"  # the ``person`` fixture's
LMH_UNITS = 37  # Lyon Métropole Habitat's operation: a number no consolidated cell may show alone
CELLS = "return Array.from(document.querySelectorAll('table[data-role=figures] td')).map(td => td.innerText);"
BARS = "return Array.from(document.querySelectorAll('figure svg rect title')).map(t => t.textContent);"


@pytest.fixture
def browser():
    driver = chromium("1280,1400")
    yield driver
    driver.quit()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_referent_transmits_a_federation_validates_and_sees_only_consolidated_figures(live_server, browser, observatory,
                                                                                      person, tmp_path):
    from selenium.webdriver.common.by import By

    shots = Path(os.environ.get("LOGIS_SCREENSHOTS_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    person("ref.lmh", "observatory.organisation", observatory.landlords["Lyon Métropole Habitat"])
    person("fed.oph", "observatory.federation", Organisation.objects.get(name="Fédération des OPH"))
    for name in ("Grenoble Habitat", "Paris Habitat"):
        validated(observatory.sheet(name), [operation("A", units=11), operation("B", kind="rehabilitation", units=12)])
    sheet = observatory.sheet("Lyon Métropole Habitat")
    url = f"{live_server.url}/admin/observatoire/fiches/{sheet.pk}/"
    lyon = Territory.objects.get(path="FR/84/69/69123")

    def css(selector):
        return browser.find_element(By.CSS_SELECTOR, selector)

    def login(username):
        browser.delete_all_cookies()
        browser.get(live_server.url + "/admin/login/")
        css("input[name=username]").send_keys(username)
        css("input[name=password]").send_keys(PASSWORD)
        css("form button[type=submit], form input[type=submit]").click()

    def shot(name):
        browser.save_screenshot(str(shots / f"observatoire-{name}.png"))
        return shots / f"observatoire-{name}.png"

    login("ref.lmh")
    browser.get(url)
    css("input[name='form-0-reference']").send_keys("LMH-2026-01")
    browser.execute_script("document.querySelector(\"select[name='form-0-kind']\").value = 'new_build';")
    browser.execute_script(f"document.querySelector(\"select[name='form-0-commune']\").value = '{lyon.pk}';")
    for field, value in {"units": LMH_UNITS, "cost": 5_550_000, "subsidies": 1_000_000, "loans": 4_550_000, "equity": 0}.items():
        css(f"input[name='form-0-{field}']").clear()
        css(f"input[name='form-0-{field}']").send_keys(str(value))
    browser.execute_script("document.querySelector(\"input[name='form-0-started_on']\").value = '2026-03-02';")
    shot("1-referent-saisie")
    css("button[value=submit]").click()
    shot("2-referent-transmise")
    assert "LMH-2026-01" in browser.find_element(By.TAG_NAME, "body").text
    assert Sheet.objects.get(pk=sheet.pk).status == Sheet.Status.SUBMITTED
    assert sheet.operations.get().commune == lyon

    login("fed.oph")
    browser.get(url)
    css("button[value=validate]").click()
    shot("3-federation-validee")
    assert Sheet.objects.get(pk=sheet.pk).status == Sheet.Status.VALIDATED

    members_units = LMH_UNITS + 2 * (11 + 12)  # the three members together: published
    for level in ("national", "department", "epci"):
        browser.get(f"{live_server.url}/admin/observatoire/consolidation/?campaign=OBS-2026&stage=started&level={level}")
        shot(f"4-federation-consolidation-{level}")
        cells, bars = browser.execute_script(CELLS), browser.execute_script(BARS)
        assert str(LMH_UNITS) not in cells and not any(b.endswith(f": {LMH_UNITS}") for b in bars)
        assert "Lyon Métropole Habitat" not in browser.find_element(By.TAG_NAME, "body").text
        if level != "national":
            assert str(members_units) not in cells and "secret" in cells  # each member alone in its territory: all secret
    browser.get(f"{live_server.url}/admin/observatoire/consolidation/?campaign=OBS-2026&stage=started&level=national")
    assert str(members_units) in browser.execute_script(CELLS)
    assert any(b.endswith(f": {members_units}") for b in browser.execute_script(BARS))
    browser.get(f"{live_server.url}/admin/observatoire/national/?campaign=OBS-2026&stage=started")
    shot("5-chiffres-nationaux")
    assert str(members_units) in browser.execute_script(CELLS)  # the same three organisations: all the country has
    assert all(path.stat().st_size > 1000 for path in shots.glob("observatoire-*.png"))
