"""The SNE site in headless Chromium: home, a rubrique, a guide page and the glossary (and the neutral site's home).

CI installs Debian's ``chromium`` package (``apt-get install -y chromium``);
there the test fails when the browser is missing instead of being skipped.
"""

import os
import shutil
import subprocess
import urllib.error
import urllib.request
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]


def _chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        message = "Chromium absent : installez-le avec « apt-get install -y chromium »"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _run(chromium, profile, *args):
    result = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                            capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _status(url):
    request = urllib.request.Request(url, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_in_headless_chromium(live_server, sites, imported, tmp_path):
    from content.models import GlossaryPage, GlossaryTerm

    chromium = _chromium()
    sites["sne"][1].add_child(instance=GlossaryPage(title="Glossaire", slug="glossaire"))
    GlossaryTerm.objects.create(term="Numéro unique départemental", acronym="NUD", definition="<p>Numéro.</p>")
    neutral = live_server.url.replace("://localhost", "://uvcw.localhost")  # Chromium resolves *.localhost itself
    pages = {"accueil": live_server.url + "/", "rubrique": live_server.url + "/cotation/",
             "fiche": live_server.url + "/cotation/cotation-principes/", "glossaire": live_server.url + "/glossaire/",
             "accueil-neutre": neutral + "/"}
    titles = {"accueil": "Le site des professionnels du SNE", "rubrique": "Cotation", "fiche": "La cotation : principes",
              "glossaire": "Glossaire", "accueil-neutre": "Hébergement de crise — l'espace des communes"}
    checked_links = set()
    for name, url in pages.items():
        shot = tmp_path / f"{name}.png"
        language = "en" if name == "accueil-neutre" else "fr"  # an English browser gets the interface in English
        dom = _run(chromium, tmp_path / "profil", "--window-size=1280,1600", "--virtual-time-budget=3000",
                   f"--accept-lang={language}", f"--screenshot={shot}", "--dump-dom", url)
        soup = BeautifulSoup(dom, "html.parser")
        assert soup.html.get("lang") == language, name
        assert soup.find(id="contenu").get("lang", language) == "fr", name  # the French content says so
        levels = [int(tag.name[1]) for tag in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
        assert levels.count(1) == 1 and levels[0] == 1, (name, levels)
        assert soup.h1.get_text(strip=True) == titles[name]
        assert (soup.find(class_="fr-header") is None) == (name == "accueil-neutre"), name  # the site's own theme
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (name, levels)
        assert soup.find(id="contenu") is not None and soup.select_one('a[href="#contenu"]') is not None
        assert all(img.has_attr("alt") for img in soup.find_all("img")), name
        for link in soup.find_all("a", href=True):
            target = urljoin(url, link["href"])
            if urlparse(target).netloc == urlparse(live_server.url).netloc and "#" not in link["href"]:
                if target not in checked_links:
                    checked_links.add(target)
                    assert _status(target) in (200, 302), target
        assert shot.stat().st_size > 10_000, name
    assert len(checked_links) >= 6
