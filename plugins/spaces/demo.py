"""Demo spaces (idempotent): a default space per territory (« GT national », Rhône, Liège), one account per role
in two territories, and enough discussions, documents, wiki pages, events and tickets to try every page."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from logis.accounts.demo import demo_user, organisation, territory
from plugins.spaces.agenda import PARIS
from plugins.spaces import wiki
from plugins.spaces.models import Document, DocumentVersion, Event, Membership, Post, Thread, Ticket, Visibility, WikiPage
from plugins.spaces.rules import add_member, default_space

# (username, first name, last name, role, organisation, territory path)
ACCOUNTS = [
    ("espaces.national", "Alix", "Animation", "spaces.national_lead", "GIP SNE", None),
    ("espaces.rhone", "Camille", "Animation", "spaces.territorial_lead", "DDETS du Rhône", None),
    ("espaces.liege", "Lou", "Animation", "spaces.territorial_lead", "Ville de Liège", None),
    ("membre.lyon", "Noor", "Partage", "spaces.participant", "Lyon Métropole Habitat", None),
    ("membre.liege", "Robin", "Partage", "spaces.participant", "Ville de Seraing", None),
    ("membre.grenoble", "Sam", "Partage", "spaces.participant", "Grenoble Habitat", None),
]
# (territory path, managing organisation, default space name, moderator, members)
DEFAULT_SPACES = [
    ("FR", "GIP SNE", "GT national", "espaces.national", ["espaces.rhone", "membre.lyon", "membre.grenoble"]),
    ("FR/84/69", "DDETS du Rhône", "Équipe du Rhône", "espaces.rhone", ["membre.lyon"]),
    ("BE/03000/60000", "Ville de Liège", "Équipe de la province de Liège", "espaces.liege", ["membre.liege"]),
]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def load(stdout=None):
    users = {username: demo_user(username, first, last, role, org, path) for username, first, last, role, org, path in ACCOUNTS}
    for path, org_name, name, moderator, members in DEFAULT_SPACES:
        space = default_space(territory(path), organisation(org_name), name)
        if not space.memberships.exists():  # else filled on an earlier run
            add_member(space, user=users[moderator], moderator=True)
            for username in members:
                add_member(space, user=users[username])
            _fill(space, users[moderator], [users[u] for u in members])
        if not WikiPage.objects.filter(space=space).exists():
            _wiki(space, users[moderator], users[members[0]])
    private = default_space(territory("FR/84/38"), organisation("Grenoble Habitat"), "Gestionnaires des fichiers partagés")
    private.visibility = Visibility.LISTED
    private.save(update_fields=["visibility"])
    if not Membership.objects.filter(space=private).exists():
        add_member(private, user=users["membre.grenoble"], moderator=True)
    if stdout is not None:
        stdout.write("Espaces collaboratifs : " + ", ".join(sorted(users)))


def _fill(space, moderator, members):
    """A thread with a mention, an announcement, a resolved thread, a document in two versions, an event, tickets."""
    author = members[0] if members else moderator
    thread = Thread.objects.create(space=space, created_by=author, title="Fichier partagé des places disponibles")
    Post.objects.create(thread=thread, author=author, body=f"<p>Qui met à jour le fichier cette semaine ? @{moderator.username}</p>")
    Post.objects.create(thread=thread, author=moderator, body="<p>Je m'en charge jeudi.</p>")
    resolved = Thread.objects.create(space=space, created_by=author, title="Accès au tableau de bord",
                                     resolved_at=timezone.now(), resolved_by=moderator)
    Post.objects.create(thread=resolved, author=author, body="<p>Je n'ai plus accès au tableau de bord.</p>")
    announcement = Thread.objects.create(space=space, created_by=moderator, title="Réunion mensuelle", kind=Thread.Kind.ANNOUNCEMENT)
    Post.objects.create(thread=announcement, author=moderator, body="<p>La réunion mensuelle a lieu le premier mardi.</p>")
    document = Document.objects.create(space=space, created_by=moderator, folder="Comptes rendus", title=f"Compte rendu de lancement — {space.name}")  # one title per space: a title names one record
    for number in (1, 2):
        version = DocumentVersion(document=document, number=number, original_name=f"compte-rendu-v{number}.pdf",
                                  content_type="application/pdf", size=len(PDF), sha256="", uploaded_by=moderator)
        version.file.save(version.original_name, ContentFile(PDF), save=False)
        version.save()
    start = datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=7), datetime.time(10), tzinfo=PARIS)
    Event.objects.create(space=space, created_by=moderator, title="Réunion mensuelle", location="Visioconférence",
                         starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    Ticket.objects.create(space=space, number=1, created_by=author, title="Mettre à jour la liste des contacts", assignee=moderator,
                          status="in_progress")
    Ticket.objects.create(space=space, number=2, created_by=author, title="Corriger le modèle de courrier", status="resolved",
                          resolved_at=timezone.now())


def _wiki(space, moderator, member):
    """Two pages: a guide written then completed by the moderator (two revisions), a contact list a member wrote."""
    guide = wiki.create_page(space, moderator, "Bien démarrer dans l'espace",
                             "<h2>À quoi sert l'espace</h2><p>Partager les documents et les demandes de l'équipe.</p>")
    wiki.edit_page(guide, moderator, guide.title,
                   "<h2>À quoi sert l'espace</h2><p>Partager les documents et les demandes de l'équipe.</p>"
                   "<h2>Règles communes</h2><ul><li>Un document par sujet, mis à jour en nouvelle version.</li>"
                   "<li>Une demande par besoin, close quand elle est traitée.</li></ul>")
    wiki.create_page(space, member, "Contacts utiles", "<h2>Permanences</h2><p>Du lundi au vendredi, de 9 h à 17 h.</p>")
