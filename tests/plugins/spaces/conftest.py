import datetime

import pytest
from django.utils import timezone

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Every test stores its files in its own directory, never under the worktree's var/."""
    settings.LOGIS_PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST = ""


@pytest.fixture
def people(person, demo_territories):
    """A lead and two participants in the Rhône, a participant of the Rhône who is not a member, one in Liège."""
    org = demo_territories.organisation
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return {
        "lead": person("lead", "spaces.territorial_lead", org("DDETS du Rhône")),
        "alice": person("alice", "spaces.participant", org("Lyon Métropole Habitat")),
        "bruno": person("bruno", "spaces.participant", org("Ville de Lyon")),
        "outsider": person("outsider", "spaces.participant", org("Ville de Villeurbanne")),
        "liege": person("liege", "spaces.participant", org("Ville de Liège")),
        "expired": person("expired", "spaces.participant", org("Lyon Métropole Habitat"),
                          valid_from=yesterday - datetime.timedelta(days=30), valid_until=yesterday),
        "revoked": person("revoked", "spaces.participant", org("Lyon Métropole Habitat"), revoked_at=timezone.now()),
        "nobody": person("nobody"),
    }


@pytest.fixture
def space(people, demo_territories):
    """« Équipe Rhône », private: the lead moderates; alice, bruno, expired and revoked are members."""
    from plugins.spaces.rules import add_member, create_space

    created = create_space(people["lead"], "Équipe Rhône", demo_territories.territory("FR/84/69"),
                           demo_territories.organisation("DDETS du Rhône"))
    for name in ("alice", "bruno", "expired", "revoked"):
        add_member(created, user=people[name])
    return created


@pytest.fixture
def filled(space, people):
    """The space with a thread, a document and a ticket."""
    from plugins.spaces import discussions, documents, tickets

    thread = discussions.start(space, people["alice"], "Fichier des places", "<p>Qui le met à jour ?</p>")
    version = documents.upload(space, people["alice"], "compte-rendu.pdf", PDF, title="Compte rendu")
    ticket = tickets.open_ticket(space, people["alice"], "Contacts à jour")
    return {"thread": thread, "version": version, "document": version.document, "ticket": ticket}


#: Accounts without a current role: the API refuses them before reading the request (a 403, the same for every
#: space, real or not: logis.api_auth); the pages answer 404 as for anyone outside the space.
LAPSED = ("expired", "revoked", "nobody")


def refusal(who, url):
    return 403 if who in LAPSED and url.startswith("/api/") else 404
