"""A DDETS agent in headless Chromium (Selenium over Debian's chromedriver): import, fix, vet, match, allocate.

The agent downloads the import template, uploads a file whose headers differ,
maps the columns, downloads the error file, fixes it and sends it again; then
vets the new offers from the list, finds them for a household within a radius
(their commune's centre: the file has no GPS point) and allocates one.
Screenshots go to ``LOGIS_SCREENSHOTS_DIR`` (default: the test's temporary
directory). CI installs Debian's ``chromium`` and ``chromium-driver``; there the
test fails when they are missing instead of being skipped.
"""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings

from logis.jobs.models import JobRecord
from logis.testing.browser import chromium
from plugins.offers.models import Allocation, CommuneCentre, Offer

FETCH = "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => r.text()).then(done);"


@pytest.fixture
def browser():
    driver = chromium("1280,1600")
    yield driver
    driver.quit()


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
def test_a_ddets_imports_fixes_vets_matches_and_allocates_in_headless_chromium(live_server, client, roles, world, run_jobs, tmp_path,
                                                                                  browser):
    from selenium.webdriver.common.by import By

    shots = Path(os.environ.get("LOGIS_SCREENSHOTS_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    lyon = world.territory("FR/84/69/69123")
    CommuneCentre.objects.create(commune=lyon, latitude=45.7676, longitude=4.8344)
    client.force_login(roles["department_rhone"])
    organisation = world.organisation("Ville de Lyon")

    def css(selector):
        return browser.find_element(By.CSS_SELECTOR, selector)

    browser.get(live_server.url + "/admin/login/")
    browser.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "path": "/"})
    browser.get(live_server.url + "/admin/offres/import/")
    browser.save_screenshot(str(shots / "offres-1-import.png"))
    template = browser.execute_async_script(FETCH, live_server.url + "/admin/offres/import/modele.csv")
    assert template.lstrip("\ufeff").startswith("reference;type_hebergeur")
    header = renamed(template).splitlines()[0]
    coordinator = "crise@lyon.exemple.fr;04 72 10 00 00"
    rows = [f"OFF-1;Particulier;Appartement;12 rue des Lilas;69003;Lyon;4;4;01/03/2026;31/12/2030;Hélène Hôte;helene@exemple.org;;{coordinator};oui;non;oui;",
            f"OFF-2;Commune;Appartement;1 place Bellecour;69002;Atlantis;6;6;01/03/2026;31/12/2030;;;;{coordinator};non;oui;oui;"]
    sent = tmp_path / "offres-du-rhone.csv"
    sent.write_text("\r\n".join([header, *rows]) + "\r\n", encoding="utf-8-sig")

    def run_import(submit):
        """Submit the form that queues an import, wait for the job and its status page, run it, show the report."""
        jobs, before = JobRecord.objects.count(), browser.current_url
        css(submit).click()
        wait_for(lambda: JobRecord.objects.count() > jobs and browser.current_url != before and "/admin/offres/import/" in browser.current_url,
                 "l'import n'est pas en file")
        run_jobs("imports")
        browser.get(browser.current_url)

    def upload(path):
        browser.get(live_server.url + "/admin/offres/import/")
        css("#id_file").send_keys(str(path))
        browser.execute_script("document.querySelector('#id_organisation').value = arguments[0];", str(organisation.pk))
        run_import("form[enctype] button[type=submit]")
        return browser.page_source

    page = upload(sent)
    assert "Réf. interne" in page and "Colonnes à faire correspondre" in page
    browser.execute_script("""for (const select of document.querySelectorAll('select[name^="column_"]')) {
        const label = document.querySelector('label[for="' + select.id + '"]').textContent;
        select.value = label.includes('Réf') ? 'reference' : 'places_max'; }""")
    browser.save_screenshot(str(shots / "offres-2-correspondance.png"))
    run_import("form[method=post] button.button")
    page = browser.page_source
    assert "Atlantis" in page and "Rien n'a été enregistré" in page and Offer.objects.count() == 0  # all or nothing
    browser.save_screenshot(str(shots / "offres-3-rapport.png"))
    errors = browser.execute_async_script(FETCH, browser.current_url + "?fichier=csv")
    assert "Réf. interne" in errors.splitlines()[0] and "Atlantis" in errors
    fixed = tmp_path / "offres-corrigees.csv"
    fixed.write_text(errors.lstrip("\ufeff").replace(";Atlantis;", ";Lyon;"), encoding="utf-8-sig")
    page = upload(fixed)
    assert set(Offer.objects.values_list("reference", flat=True)) == {"OFF-1", "OFF-2"}, page[-3000:]
    browser.save_screenshot(str(shots / "offres-4-renvoi.png"))

    browser.get(live_server.url + "/admin/offers/")
    for offer in Offer.objects.all():
        css(f'input[name="ids"][value="{offer.pk}"]').click()
    browser.execute_script("document.querySelector('#offers-bulk-action').value = 'vet';")
    browser.save_screenshot(str(shots / "offres-5-liste-carte.png"))
    css("#offers-bulk button[type=submit]").click()
    wait_for(lambda: "Qualifier ces offres ?" in browser.page_source, "la confirmation")
    css("form[method=post] button.button").click()
    wait_for(lambda: "2 offres qualifiées." in browser.page_source, "le message de qualification")
    assert set(Offer.objects.values_list("status", flat=True)) == {"available"}

    browser.get(f"{live_server.url}/admin/offres/attribution/?adults=2&children=1&territory={lyon.pk}&radius_km=20")
    page = browser.page_source
    assert "OFF-1" in page and "centre de la commune de l'offre" in page
    browser.save_screenshot(str(shots / "offres-6-appariement.png"))
    css("table.listing form button").click()
    wait_for(lambda: "3 place(s) attribuée(s)" in browser.page_source, "le message d'attribution")
    browser.save_screenshot(str(shots / "offres-7-attribution.png"))
    assert Allocation.objects.get().places == 3
    assert all((shots / f"offres-{n}").exists() for n in ("1-import.png", "6-appariement.png", "7-attribution.png"))
