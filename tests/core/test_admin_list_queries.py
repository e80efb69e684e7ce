"""The core's admin lists cost the same number of queries for 2 rows as for 20 (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from logis.accounts.models import Organisation, Territory
from logis.jobs.models import JobRecord


@pytest.fixture
def root(client, django_user_model, demo_territories):
    user = django_user_model.objects.create_superuser("racine", "r@example.org", "x")
    client.force_login(user)
    return user


def _organisations(count, start, demo):
    federation = demo.organisation("Fédération des OPH")
    for i in range(start, start + count):
        Organisation.objects.create(name=f"Bailleur {i}", kind="social_landlord", federation=federation,
                                    territory=demo.territory("FR/84/69/69123"))


def _territories(count, start, demo):
    for i in range(start, start + count):
        Territory.objects.create(kind="country", code=f"X{i:02d}", name=f"Pays d'essai {i}")


def _renames(count, start, demo):
    org = Organisation.objects.get(name__startswith="Ville de Lyon")
    for i in range(start, start + count):
        org.name = f"Ville de Lyon {i}"
        org.territory = demo.territory("FR/84/69/69123" if i % 2 else "FR/84/69")
        org.save()


def _jobs(count, start, demo, user):
    for i in range(start, start + count):
        JobRecord.objects.create(name=f"Import {i}", func="x.y", user=user,
                                 status=[s for s, _ in JobRecord.Status.choices][i % 4], result={"lignes": i})


LISTS = [
    ("/admin/logis_organisations/", _organisations, "Bailleur"),
    ("/admin/logis_territories/?kind=country", _territories, "Pays d&#x27;essai"),
    ("/admin/logis/historique/", _organisations, "Bailleur"),
    ("HISTORY_OF_LYON", _renames, "Ville de Lyon "),
    ("/admin/logis/taches/", _jobs, "Import "),
]


@pytest.mark.parametrize("url,add_rows,marker", LISTS, ids=[entry[0] for entry in LISTS])
def test_query_count_does_not_grow_with_rows(client, root, demo_territories, url, add_rows, marker):
    def add(count, start):
        extra = (root,) if add_rows is _jobs else ()
        add_rows(count, start, demo_territories, *extra)

    if url == "HISTORY_OF_LYON":
        url = f"/admin/logis/historique/logis_accounts.organisation/{demo_territories.organisation('Ville de Lyon').pk}/"

    def visit():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        return page, len(queries)

    add(2, 0)
    visit()  # the first request of a site creates its settings rows
    page, few = visit()
    assert page.count(marker) >= 2
    add(18, 2)
    visit()  # jobs lost from Redis are marked failed once, by one UPDATE whatever their number
    page, many = visit()
    assert page.count(marker) >= 20
    assert many == few


def test_a_page_reads_the_users_roles_once_whatever_it_asks(client, person, demo_territories):
    """Menu, buttons and list ask for many permissions; they share one read of the current roles."""
    client.force_login(person("gestion.lyon", "core.role_manager", demo_territories.organisation("Ville de Lyon")))
    client.get("/admin/logis_roles/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/logis_roles/").status_code == 200
    role_reads = [q["sql"] for q in queries if 'FROM "logis_accounts_roleassignment"' in q["sql"] and '"valid_from" <=' in q["sql"]]
    assert len(role_reads) == 1
