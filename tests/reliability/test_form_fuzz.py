"""Hypothesis fuzzing of every form the platform and its plugins render: never a 5xx, a refused form writes nothing.

The forms are found, not listed: every route without parameters (public
pages, admin screens, plugin screens) is opened as an administrator (and, in
full mode, as a plugin coordinator too), and every ``<form method="post">`` on it is collected with
its field names. Hypothesis then posts hostile values in every field (huge
text, NUL and control characters, numbers beyond 64 bits, impossible dates,
formulas, random bytes as files). An answer must not be a server error, and
an answer that shows form errors must leave every table of the platform as it
was (rows counted before and after): a refused form is never half-saved.

``LOGIS_FORM_SAMPLE`` forms are drawn (default 30, seed ``LOGIS_CRAWL_SEED``;
0 = all) and each gets ``LOGIS_FORM_EXAMPLES`` bodies (default 3).
"""

import os
import random
import time
import traceback
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings as hypothesis_settings, strategies as st

from logis.testing.report import record, time_budget
from logis.testing.routes import static_routes
from logis.testing.tables import changed_counts, platform_models, row_counts

SAMPLE = int(os.environ.get("LOGIS_FORM_SAMPLE", "30"))
EXAMPLES = int(os.environ.get("LOGIS_FORM_EXAMPLES", "3"))
#: Forms whose use is their own test: signing in or out (the throttling locks the address), mail sending, language.
SKIPPED = ("/admin/login/", "/admin/logout/", "/connexion/", "/deconnexion/", "/admin/password_reset/", "/i18n/")
#: Findings in code this suite does not own: problem test → reason; they make the test xfail while they last.
KNOWN = {}
ERROR_MARKERS = ("errorlist", "error-message", "fr-error-text", "w-field--error", "help-critical")
HOSTILE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "0", "-1", str(2**70), "-" + str(2**70), "1e309", "NaN", "31/02/2026", "2026-13-45", "99/99/9999",
                     "=HYPERLINK(\"http://x\")", "@SUM(A1)", "\x00", "a\x00b", "\u202e", "é" * 5000, "x" * 100_000,
                     "<script>alert(1)</script>", "' OR 1=1 --", "on", "true", "[]", "{}"]),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=5),
)


class FormParser(HTMLParser):
    """The post forms of a page: (action, {field name: kind}) with kind "file", "select" (with its options) or "text"."""

    def __init__(self):
        super().__init__()
        self.forms, self._current, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = (attrs.get("action") or "", {})
            self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "textarea", "select") and attrs.get("name"):
            name = attrs["name"]
            if name == "csrfmiddlewaretoken" or attrs.get("type") in ("submit", "button", "image"):
                return
            self._current[1][name] = ("file", []) if attrs.get("type") == "file" else ("select", []) if tag == "select" else ("text", [])
            self._select = name if tag == "select" else None
        elif tag == "option" and self._current is not None and self._select and attrs.get("value"):
            self._current[1][self._select][1].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None


def find_forms(clients):
    """(account, page URL, action URL, fields) of every post form on every route without parameters."""
    found, seen = [], set()
    for account, client in clients.items():
        for route in static_routes():
            url = route.fill({})
            if url is None or url.startswith(SKIPPED) or route.is_api:
                continue
            page = client.get(url)
            if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
                continue
            parser = FormParser()
            parser.feed(page.content.decode(errors="replace"))
            for action, fields in parser.forms:
                target = action if action.startswith("/") else url
                key = (account, target, tuple(sorted(fields)))
                if fields and not target.startswith(SKIPPED) and key not in seen:
                    seen.add(key)
                    found.append((account, url, target, fields))
    return found


def raised(response):
    """`` (ValueError, par wagtail/admin/widgets/chooser.py > …)``: the exception and the frames of our code and Wagtail's."""
    exc_info = getattr(response, "exc_info", None)
    if not exc_info:
        return ""
    frames = [frame.filename.split("site-packages/")[-1].split("/work/wt/")[-1] for frame in traceback.extract_tb(exc_info[2])]
    ours = [f for f in frames if f.startswith(("wagtail/", "draftjs_exporter/")) or "/platform/" in f or "/plugins/" in f
            or "/content/" in f or "/search/" in f]
    return f" ({exc_info[0].__name__}, par {' > '.join(dict.fromkeys(ours[-8:] + frames[-1:]))})"


def body(fields, data):
    values = {}
    for name, (kind, options) in fields.items():
        if kind == "file":
            values[name] = SimpleUploadedFile("fichier.csv", data.draw(st.binary(max_size=2000)))
        elif kind == "select" and options:
            values[name] = data.draw(st.one_of(st.sampled_from(options), HOSTILE))
        else:
            values[name] = data.draw(HOSTILE)
    return values


def test_hostile_form_bodies_never_give_a_server_error_and_a_refused_form_writes_nothing(demo, django_user_model):
    clients = {}
    # The administrator sees every form; the coordinator's pass (choices cut to its scope) only in full mode: it doubles the crawl.
    for username in ("admin",) if SAMPLE else ("admin", "coord.lyon"):
        client = clients[username] = Client(raise_request_exception=False)
        client.force_login(django_user_model.objects.get(username=username))
    forms = find_forms(clients)
    assert forms, "aucun formulaire trouvé : le robot ne voit plus les pages"
    seed = int(os.environ.get("LOGIS_CRAWL_SEED", "2026"))
    chosen = forms if not SAMPLE or SAMPLE >= len(forms) else random.Random(seed).sample(forms, SAMPLE)
    models = platform_models()
    problems, tried, start, budget, forms_done = [], 0, time.perf_counter(), time_budget(), 0

    for account, page, action, fields in chosen:
        if budget and time.perf_counter() - start > budget:
            break
        forms_done += 1
        client = clients[account]

        @hypothesis_settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
                             suppress_health_check=list(HealthCheck))
        @given(data=st.data())
        def post(data):
            nonlocal tried
            values = body(fields, data)
            before = row_counts(models)
            response = client.post(action, values)
            tried += 1
            where = f"{account} POST {action} (formulaire de {page}, champs {sorted(values)[:6]})"
            if response.status_code >= 500:
                problems.append(f"{where} : erreur serveur {response.status_code}{raised(response)}")
                return
            text = response.content.decode(errors="replace") if not response.streaming else ""
            if any(marker in text for marker in ERROR_MARKERS):
                if changed := changed_counts(before, row_counts(models)):
                    problems.append(f"{where} : formulaire refusé mais tables modifiées {changed}")

        post()

    known = {reason: [p for p in problems if test(p)] for test, reason in KNOWN.items()}
    unknown = [p for p in problems if not any(test(p) for test in KNOWN)]
    record("fuzzing des formulaires", formulaires_trouvés=len(forms), formulaires_tirés=len(chosen), formulaires_essayés=forms_done, envois=tried,
           problèmes=len(unknown), problèmes_connus=sum(map(len, known.values())), durée_s=round(time.perf_counter() - start, 1))
    assert not unknown, f"graine LOGIS_CRAWL_SEED={seed}\n" + "\n".join(sorted(set(unknown))[:60])
    if any(known.values()):
        pytest.xfail("; ".join(f"{reason} : {len(found)} cas" for reason, found in known.items() if found))


@pytest.mark.django_db
def test_a_parent_territory_id_beyond_64_bits_redisplays_the_form_not_a_500(admin_client):
    """The form fuzzing found it: the territory picker read the refused value back from the database (OverflowError, 500)."""
    response = admin_client.post("/admin/logis_territories/new/", {"name": "Essai", "code": "ESSAI", "kind": "region",
                                                                    "parent": str(2**70)})
    assert response.status_code == 200
    assert any(marker in response.content.decode() for marker in ERROR_MARKERS)
