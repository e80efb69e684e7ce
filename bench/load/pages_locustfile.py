"""Locust scenario of issue 13's page throughput: anonymous readers of guide pages against a bare Wagtail page.

Each user asks without pause (a closed loop: throughput is what the server
gives) for the guide pages of the public site, read from its sitemap, or for
Wagtail's own welcome page on a site of its own (``baseline.localhost``); the
user class is chosen on the command line, one per phase (``bench/load/run.py --pages``).
Readers keep no cookie, as anonymous visitors behind a cache. The bare page is
read twice over: through Logis's page cache like any Wagtail page of the
instance, and as Wagtail alone serves it (an ``Authorization`` header keeps a
request out of the page cache), which is the issue's « bare Wagtail page ».
"""

import re

from locust import HttpUser, constant, task

_SITEMAP_PATHS = re.compile(r"<loc>https?://[^/<]+(/[^<]*)</loc>")
HEADERS = {"X-Forwarded-Proto": "https"}  # what the TLS proxy says (production trusts it: LOGIS_TRUSTED_PROXY=1)


def expect_ok(user, path, name, **headers):
    with user.client.get(path, name=name, headers={**HEADERS, **headers}, catch_response=True) as answer:
        if answer.status_code != 200:
            answer.failure(f"{answer.status_code} au lieu de 200")
    user.client.cookies.clear()


class GuideReader(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        sitemap = self.client.get("/sitemap.xml", headers=HEADERS, name="plan du site").text
        # pages two levels down (``/rubrique/fiche/``): the guide pages professionals read all day
        self.guides = [path for path in _SITEMAP_PATHS.findall(sitemap) if path.count("/") >= 3]
        self.turn = 0

    @task
    def guide_page(self):
        self.turn += 1
        expect_ok(self, self.guides[self.turn % len(self.guides)], "fiche guide (cache des pages)")


class BarePageReader(HttpUser):
    wait_time = constant(0)

    @task
    def bare_page(self):
        expect_ok(self, "/", "page Wagtail nue, via le cache des pages", Host="baseline.localhost")


class UncachedBarePageReader(HttpUser):
    wait_time = constant(0)

    @task
    def bare_page(self):
        expect_ok(self, "/", "page Wagtail nue, servie par Wagtail", Host="baseline.localhost", Authorization="Bearer lecteur")
