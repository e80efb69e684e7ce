"""Locust scenarios of Logis: who uses the platform, and how, in one realistic mix.

- ``Visitor`` (anonymous, most of the traffic): the home page and guide pages of
  the public site (read from its sitemap), searches with facets, the search API;
  plus a bare Wagtail page as baseline.
- ``Professional`` (signed in, an offers department service): reads the offers
  list and details through the API and the admin, and the allocations.
- ``Coordinator`` (signed in, a city's coordinator): lists and matches offers,
  edits the free places of one of its offers, and now and then sends an import
  file (one import running at a time in a real mix).

Every account is a demo account (``logis demo``, password ``demo-logis-2026``).
A request is a failure when it answers 5xx, or anything but what the scenario
expects (``catch_response``). Run by ``bench/load/run.py`` (full mode) or by
``tests/reliability/test_load.py`` (CI short mode).
"""

import random
import re

from locust import HttpUser, between, task

PASSWORD = "demo-logis-2026"
SEARCHES = ["logement", "hébergement d'urgence", "aide au loyer", "colocation", "droit au logement", "APL"]
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_SITEMAP_PATHS = re.compile(r"<loc>https?://[^/<]+(/[^<]*)</loc>")
_OFFER_IDS = re.compile(r'"id":\s*(\d+)')
_ORGANISATION = re.compile(r'name="organisation"[^>]*>\s*(?:<option value="">[^<]*</option>\s*)?<option value="(\d+)"')
IMPORT_COLUMNS = ["reference", "type_hebergeur", "type_logement", "adresse", "code_postal", "commune", "places_max",
                  "places_disponibles", "disponible_du", "disponible_au", "nom_contact", "email_contact", "telephone_contact"]


def behind_the_proxy(user):
    """Say what the TLS proxy in front of gunicorn says (production trusts it: LOGIS_TRUSTED_PROXY=1).

    Production sets its cookies ``Secure``; the simulated browser talks plain
    HTTP on loopback, as the proxy does, so it sends them back anyway.
    """
    user.client.headers["X-Forwarded-Proto"] = "https"


def keep_cookies(user):
    for cookie in user.client.cookies:
        cookie.secure = False


def referer(user, path):
    return user.host.replace("http://", "https://") + path


def sign_in(user, username):
    """The admin's sign-in form, as a browser fills it (CSRF token from the page)."""
    page = user.client.get("/admin/login/", name="connexion (formulaire)")
    keep_cookies(user)
    token = _CSRF.search(page.text)
    with user.client.post("/admin/login/", {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else "",
                                            "next": "/admin/"}, headers={"Referer": referer(user, "/admin/login/")},
                          name="connexion", allow_redirects=False, catch_response=True) as answer:
        if answer.status_code != 302:
            answer.failure(f"connexion refusée pour {username} : {answer.status_code}")
    keep_cookies(user)


def csrf_headers(user):
    return {"X-CSRFToken": user.client.cookies.get("csrftoken", ""), "Referer": referer(user, "/admin/")}


def expect(user, method, url, name, statuses=(200,), **kwargs):
    with user.client.request(method, url, name=name, catch_response=True, **kwargs) as answer:
        if answer.status_code not in statuses:
            answer.failure(f"{answer.status_code} au lieu de {statuses}")
        return answer


class Visitor(HttpUser):
    weight = 6
    wait_time = between(0.5, 2)

    def on_start(self):
        behind_the_proxy(self)
        sitemap = expect(self, "GET", "/sitemap.xml", "plan du site")
        # pages two levels down (``/rubrique/fiche/``): the guide and news pages professionals read all day
        self.guides = [path for path in _SITEMAP_PATHS.findall(sitemap.text) if path.count("/") >= 3]

    @task(4)
    def home_and_guides(self):
        expect(self, "GET", "/", "accueil")
        if self.guides:
            expect(self, "GET", random.choice(self.guides), "fiche guide")

    @task(3)
    def search_with_facets(self):
        query = random.choice(SEARCHES)
        expect(self, "GET", f"/recherche/?q={query}", "recherche")
        expect(self, "GET", f"/recherche/?q={query}&sections=guides&page=2", "recherche (facette, page 2)")

    @task(2)
    def search_api(self):
        expect(self, "GET", f"/api/search/?q={random.choice(SEARCHES)}", "API recherche")

    @task(1)
    def content_api(self):
        expect(self, "GET", "/api/v2/pages/?limit=10", "API pages (Wagtail v2)")

    @task(1)
    def bare_wagtail_page(self):
        """Baseline: the same server serving Wagtail's own welcome page on its own site (no plugin, no theme, no search)."""
        expect(self, "GET", "/", "référence : page Wagtail nue", headers={"Host": "baseline.localhost"})
        expect(self, "GET", "/healthz", "référence : /healthz")


class Professional(HttpUser):
    weight = 2
    wait_time = between(1, 3)
    username = "ddets.rhone"

    def on_start(self):
        behind_the_proxy(self)
        sign_in(self, self.username)
        self.offer_ids = [int(i) for i in _OFFER_IDS.findall(expect(self, "GET", "/api/offers/?limit=50", "API offres (liste)").text)][:50]

    @task(4)
    def list_offers(self):
        expect(self, "GET", "/api/offers/?limit=20", "API offres (liste)")

    @task(3)
    def offer_detail(self):
        if self.offer_ids:
            expect(self, "GET", f"/api/offers/{random.choice(self.offer_ids)}", "API offre (détail)")

    @task(1)
    def allocations(self):
        expect(self, "GET", "/api/offers/allocations/current", "API attributions en cours")

    @task(1)
    def stats(self):
        expect(self, "GET", "/api/offers/stats", "API statistiques")


class Coordinator(Professional):
    weight = 2
    username = "coord.lyon"
    household = {"adults": 2, "children": 1}

    @task(2)
    def match(self):
        expect(self, "POST", "/api/offers/match", "API appariement", json=self.household, headers=csrf_headers(self))

    @task(1)
    def edit_places(self):
        if not self.offer_ids:
            return
        offer_id = random.choice(self.offer_ids)
        current = expect(self, "GET", f"/api/offers/{offer_id}", "API offre (détail)")
        if current.status_code == 200:
            places = current.json().get("places_available", 0)
            expect(self, "PATCH", f"/api/offers/{offer_id}", "API offre (modification)", statuses=(200, 409, 422),
                   json={"places_available": places}, headers=csrf_headers(self))

    @task(1)
    def import_file(self):
        """A small file through the upload screen: stored, queued for the worker (``imports`` queue), status page."""
        page = expect(self, "GET", "/admin/offres/import/", "import (formulaire)")
        token, organisation = _CSRF.search(page.text), _ORGANISATION.search(page.text)
        if not (token and organisation):
            page.failure("formulaire d'import sans jeton ou sans organisation")
            return
        reference = f"CHARGE-{random.randrange(10**9)}"
        row = [reference, "Particulier", "Appartement", "12 rue des Lilas", "69003", "Lyon", "3", "3", "01/03/2026", "30/06/2099",
               "Hélène Hôte", "helene@exemple.org", "04 65 71 00 12"]
        data = (";".join(IMPORT_COLUMNS) + "\r\n" + ";".join(row) + "\r\n").encode("utf-8-sig")
        answer = expect(self, "POST", "/admin/offres/import/", "import (envoi)", statuses=(302,), allow_redirects=False,
                        data={"csrfmiddlewaretoken": token.group(1), "organisation": organisation.group(1), "mode": "valid_rows"},
                        files={"file": ("offres.csv", data, "text/csv")}, headers={"Referer": referer(self, "/admin/offres/import/")})
        if answer.status_code == 302:
            expect(self, "GET", answer.headers["Location"], "import (suivi)")

    @task(1)
    def admin_screens(self):
        expect(self, "GET", "/admin/", "administration (tableau de bord)")
        expect(self, "GET", "/admin/logis/taches/", "administration (mes tâches)")
