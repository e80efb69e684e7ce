"""Search finds a space's records for its members only; lists run a constant number of SQL queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plugins.spaces import discussions, documents, tickets, wiki
from plugins.spaces.models import Thread, Ticket, WikiPage

from .conftest import PDF

pytestmark = pytest.mark.django_db


def search_titles(client):
    response = client.get("/api/search/?q=lampadaire")
    assert response.status_code == 200, response.content
    return sorted(hit["title"] for hit in response.json()["results"])


def test_only_members_find_the_spaces_records(client, space, people, run_jobs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        discussions.start(space, people["alice"], "Lampadaire cassé", "<p>Le lampadaire de la cour</p>")
        documents.upload(space, people["alice"], "lampadaire.pdf", PDF, title="Devis lampadaire")
    run_jobs()
    client.force_login(people["bruno"])
    assert search_titles(client) == ["Devis lampadaire", "Lampadaire cassé"]
    for who in ("outsider", "liege", "expired", "revoked", "nobody"):
        client.force_login(people[who])
        assert search_titles(client) == [], who
    client.logout()
    assert search_titles(client) == []


def test_a_new_member_finds_the_records_and_a_removed_one_no_longer(client, space, people, run_jobs, django_capture_on_commit_callbacks):
    from plugins.spaces.rules import add_member, remove_member

    with django_capture_on_commit_callbacks(execute=True):
        discussions.start(space, people["alice"], "Lampadaire", "x")
    run_jobs()
    client.force_login(people["outsider"])
    assert search_titles(client) == []
    with django_capture_on_commit_callbacks(execute=True):
        membership = add_member(space, user=people["outsider"])
    run_jobs()
    assert search_titles(client) == ["Lampadaire"]
    with django_capture_on_commit_callbacks(execute=True):
        remove_member(membership)
    run_jobs()
    assert search_titles(client) == []


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def fill(space, people, n):
    for index in range(n):
        thread = discussions.start(space, people["alice"], f"Sujet {index}", f"message {index}")
        discussions.reply(thread, people["bruno"], "réponse")
        documents.upload(space, people["alice"], f"doc{index}.pdf", PDF + str(index).encode(), title=f"Doc {index}")
        tickets.open_ticket(space, people["alice"], f"Demande {index}")
        wiki.create_page(space, people["alice"], f"Page {WikiPage.objects.count()}", f"<h2>Titre {index}</h2><p>texte</p>")
        wiki.edit_page(WikiPage.objects.get(space=space, title="Page 0"), people["alice"], "Page 0", f"<p>version {index}</p>")
        tickets.set_status(Ticket.objects.get(space=space, number=1), people["bruno"], ["open", "in_progress"][index % 2])
        tickets.assign(Ticket.objects.get(space=space, number=1), people["alice"], people[["alice", "bruno"][index % 2]])


@pytest.mark.parametrize("suffix", ["/espaces/{slug}/", "/api/spaces/{slug}/documents", "/api/spaces/{slug}/discussions",
                                    "/api/spaces/{slug}/demandes", "/espaces/", "/api/spaces/",
                                    "/api/spaces/{slug}/discussions/{thread}", "/espaces/{slug}/discussions/{thread}/",
                                    "/api/spaces/{slug}/pages", "/api/spaces/{slug}/pages/{page}/revisions",
                                    "/espaces/{slug}/pages/{page}/revisions/", "/espaces/{slug}/demandes/",
                                    "/espaces/{slug}/demandes/1/", "/api/spaces/{slug}/demandes/1/historique"])
def test_query_count_does_not_grow_with_rows(client, space, people, suffix):
    fill(space, people, 2)
    thread = Thread.objects.filter(space=space).first()
    url = suffix.format(slug=space.slug, thread=thread.pk, page=WikiPage.objects.get(space=space, title="Page 0").pk)
    client.force_login(people["alice"])
    queries(client, url)
    few = queries(client, url)
    fill(space, people, 12)
    for _ in range(12):
        discussions.reply(thread, people["bruno"], "encore")
    assert queries(client, url) == few
