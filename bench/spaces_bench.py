"""Spaces at scale: a space's pages and lists with thousands of records, search for a member, the daily digest.

Run: ``.venv/bin/python bench/spaces_bench.py [--documents 5000] [--messages 20000] [--users 10000]``.
Builds a throw-away database (SQLite in memory unless DATABASE_URL is set)
with the demo territories, then prints:

1. SQL queries and median response time (ms) of the space's page, its
   document, discussion and ticket lists (API), a discussion page and a
   member's search, at a tenth of the size and at full size: the queries must
   not grow with the rows;
2. the daily digest over ``--users`` people with three notifications each:
   mails per second and peak Python memory (tracemalloc), next to the
   reference of the same run: creating the notifications.
"""

import argparse
import time
import tracemalloc

import harness

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

BATCH = 2000


def grow(space, author, documents, messages, done):
    """Bulk rows up to ``documents`` documents and ``messages`` messages (one thread per 20 messages)."""
    from plugins.spaces.models import Document, DocumentVersion, Post, Thread

    have_docs, have_msgs = done
    new_docs = [Document(space=space, created_by=author, folder=f"Dossier {i % 40}", title=f"Compte rendu {i}")
                for i in range(have_docs, documents)]
    Document.objects.bulk_create(new_docs, batch_size=BATCH)
    DocumentVersion.objects.bulk_create(
        (DocumentVersion(document=d, number=1, file=f"spaces/bench/{d.pk}.pdf", original_name=f"{d.pk}.pdf",
                         content_type="application/pdf", size=1000, sha256="", uploaded_by=author) for d in new_docs),
        batch_size=BATCH)
    threads = [Thread(space=space, created_by=author, title=f"Sujet {i} lampadaire") for i in range(have_msgs // 20, messages // 20)]
    Thread.objects.bulk_create(threads, batch_size=BATCH)
    Post.objects.bulk_create(
        (Post(thread=t, author=author, body=f"<p>Message {j} sur le lampadaire de la cour</p>") for t in threads for j in range(20)),
        batch_size=BATCH)
    return documents, messages


def measure(client, url, repeat):
    client.get(url)
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    median, _p95 = harness.median_p95(harness.sample_ms(lambda _i: client.get(url), repeat))
    return len(executed), median


def space_pages(args):
    from logis.accounts import demo
    from plugins.spaces.models import Thread
    from plugins.spaces.rules import add_member, create_space
    from search import service

    lead = demo.demo_user("bench.lead", "Bench", "Lead", "spaces.territorial_lead", "DDETS du Rhône")
    member = demo.demo_user("bench.membre", "Bench", "Membre", "spaces.participant", "Ville de Lyon")
    space = create_space(lead, "Banc d'essai", demo.territory("FR/84/69"), demo.organisation("DDETS du Rhône"))
    add_member(space, user=member)
    client = Client()
    client.force_login(member)
    print("Un espace : requêtes SQL et médiane (ms) — doit rester constant")
    print(f"{'documents':>9} {'messages':>8} {'page':>7}" + "".join(f" {name:>22}" for name in (
        "espace", "documents (API)", "discussions (API)", "demandes (API)", "discussion", "recherche")))
    done = (0, 0)
    for documents, messages in ((args.documents // 10, args.messages // 10), (args.documents, args.messages)):
        done = grow(space, lead, documents, messages, done)
        service.reindex()
        thread = Thread.objects.filter(space=space).first()
        urls = [f"/espaces/{space.slug}/", f"/api/spaces/{space.slug}/documents", f"/api/spaces/{space.slug}/discussions",
                f"/api/spaces/{space.slug}/demandes", f"/espaces/{space.slug}/discussions/{thread.pk}/", "/api/search/?q=lampadaire"]
        cells = [measure(client, url, args.repeat) for url in urls]
        print(f"{documents:>9} {messages:>8} {'':>7}" + "".join(f" {q:>6} req. {ms:>8.1f} ms" for q, ms in cells))


def digest(args):
    from django.contrib.auth import get_user_model

    from logis.inbox.models import Frequency, Notification, NotificationPreference
    from logis.notifications import send_digests

    users = get_user_model().objects.bulk_create(
        (get_user_model()(username=f"bench.digest.{i}", email=f"d{i}@example.org") for i in range(args.users)), batch_size=BATCH)
    NotificationPreference.objects.bulk_create((NotificationPreference(user=u, frequency=Frequency.DAILY) for u in users),
                                               batch_size=BATCH)
    start = time.perf_counter()
    Notification.objects.bulk_create((Notification(user=u, source="bench", title=f"Notification {n}", url="/espaces/")
                                      for u in users for n in range(3)), batch_size=BATCH)
    reference = time.perf_counter() - start
    tracemalloc.start()
    start = time.perf_counter()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        sent = send_digests()
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"\nRésumé quotidien : {args.users} personnes, {3 * args.users} notifications")
    print(f"{'référence : créer les notifications':<40} {reference:>8.2f} s")
    print(f"{'résumé : envoyer et marquer':<40} {elapsed:>8.2f} s  {sent / elapsed:>8.0f} courriels/s  pic {peak / 2**20:.1f} Mio")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--users", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with harness.throwaway_database():
        from logis.accounts import demo

        demo.load()
        space_pages(args)
        digest(args)


if __name__ == "__main__":
    main()
