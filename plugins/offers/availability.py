""""Still available?": hosts confirm their offer by e-mail links, coordinators are reminded of unconfirmed offers.

A link is a value signed with :mod:`django.core.signing` (salt of its own,
timestamped, so it expires) carrying one offer's id and a random nonce; the
two answers of one e-mail share the nonce, and the first answer records it in
:class:`UsedAvailabilityLink`, whose unique constraint refuses any replay,
even two answers racing. The host has no account: the change is written to
the offer's history with the host as author.
"""

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from logis.audit import bulk_update
from logis.exports import display_date
from logis.notifications import Message, channels, notify
from plugins.offers.models import CLOSED, Offer, OffersSettings, UsedAvailabilityLink
from plugins.offers.rules import status_for_places

SALT = "plugins.offers.availability"
STILL, GONE = "still", "gone"
ANSWERS = (STILL, GONE)
HOST_AUTHOR = "hébergeur (lien du courriel)"


class LinkRefused(ValueError):
    """The link cannot be used; the message says why, in French; ``status`` is 410 for a link that served its time."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def make_token(offer):
    """A new signed token for ``offer`` (both answers of one e-mail share it)."""
    return signing.dumps({"o": offer.pk, "n": secrets.token_hex(16)}, salt=SALT, compress=False)


def read_token(token):
    """``(offer, nonce)`` of a valid, unexpired, unused token for an offer still open; :class:`LinkRefused` otherwise."""
    max_age = datetime.timedelta(days=OffersSettings.load().link_valid_days)
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkRefused(_("Ce lien a expiré : votre coordinateur vous en enverra un nouveau."), 410) from None
    except signing.BadSignature:
        raise LinkRefused(_("Ce lien n'est pas valide.")) from None
    offer = Offer.objects.select_related("commune").filter(pk=payload.get("o")).first()
    if offer is None or offer.status in CLOSED:
        raise LinkRefused(_("Cette offre n'est plus ouverte : le lien ne peut plus servir."), 410)
    if UsedAvailabilityLink.objects.filter(nonce=payload.get("n")).exists():
        raise LinkRefused(_("Ce lien a déjà été utilisé."), 410)
    return offer, payload["n"]


def answer(token, reply, places=None):
    """Apply the host's ``reply`` (``still`` with the places left, or ``gone``) once; return the offer."""
    if reply not in ANSWERS:
        raise LinkRefused(_("Réponse inconnue."))
    with transaction.atomic():
        offer, nonce = read_token(token)
        offer = Offer.objects.select_for_update().select_related("commune").get(pk=offer.pk)
        try:
            with transaction.atomic():
                UsedAvailabilityLink.objects.create(nonce=nonce, offer=offer, answer=reply)
        except IntegrityError:
            raise LinkRefused(_("Ce lien a déjà été utilisé."), 410) from None
        now = timezone.now()
        if reply == STILL:
            left = offer.places_available if places is None else places
            if not 0 <= left <= offer.places_max:
                raise LinkRefused(_("Indiquez entre 0 et %(max)d places.") % {"max": offer.places_max})
            values = {"places_available": left, "status": status_for_places(offer.status, left), "availability_confirmed_at": now}
        else:
            values = {"status": Offer.Status.WITHDRAWN, "withdrawn_at": now, "availability_confirmed_at": now}
        bulk_update(Offer.objects.filter(pk=offer.pk), {**values, "updated_at": now}, author=HOST_AUTHOR)
        for name, value in values.items():
            setattr(offer, name, value)
    return offer


def due_for_asking(now=None):
    """Open offers with a host e-mail that end soon or were not updated for a while, not asked recently."""
    now = now or timezone.now()
    options = OffersSettings.load()
    quiet_since = now - datetime.timedelta(days=options.ask_after_days)
    ends_by = timezone.localdate(now) + datetime.timedelta(days=options.remind_before_end_days)
    return (
        Offer.objects.exclude(status__in=CLOSED).exclude(host_email="")
        .filter(Q(available_until__lte=ends_by) | Q(updated_at__lt=quiet_since))
        .filter(Q(availability_asked_at__isnull=True) | Q(availability_asked_at__lt=quiet_since))
        .select_related("commune")
    )


def link(token):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("offers_availability", args=[token])


def host_message(offer, token):
    """The e-mail asking the host; both links lead to a page that asks to confirm (a mail scanner's visit changes nothing)."""
    body = _(
        "Bonjour,\n\nVotre offre d'hébergement %(ref)s à %(commune)s est-elle toujours disponible ?\n\n"
        "Toujours disponible (indiquez les places restantes) : %(still)s\n\nPlus disponible : %(gone)s\n\n"
        "Ces liens servent une seule fois et expirent le %(expires)s. Merci de votre aide."
    ) % {
        "ref": offer.reference, "commune": offer.commune.name, "still": link(token) + "?reponse=" + STILL,
        "gone": link(token) + "?reponse=" + GONE,
        "expires": display_date(timezone.localdate() + datetime.timedelta(days=OffersSettings.load().link_valid_days)),
    }
    return Message(offer.host_email, _("Votre offre d'hébergement est-elle toujours disponible ?"), body)


def ask_hosts(now=None):
    """Send each due host one e-mail (and an SMS where that channel exists); return how many offers were asked."""
    now = now or timezone.now()
    asked = []
    for offer in due_for_asking(now):
        token = make_token(offer)
        notify("mail", host_message(offer, token))
        if offer.host_phone and "sms" in channels():
            notify("sms", Message(offer.host_phone, "", _("Offre %(ref)s toujours disponible ? %(url)s") % {
                "ref": offer.reference, "url": link(token) + "?reponse=" + STILL}))
        asked.append(offer)
    bulk_update(Offer.objects.filter(pk__in=[o.pk for o in asked]), {"availability_asked_at": now})
    return len(asked)


def unconfirmed(now=None):
    """Open offers asked more than ``ask_after_days`` ago (or ending soon) and not confirmed since: the coordinator's list."""
    now = now or timezone.now()
    options = OffersSettings.load()
    ends_by = timezone.localdate(now) + datetime.timedelta(days=options.remind_before_end_days)
    not_confirmed = Q(availability_confirmed_at__isnull=True) | Q(availability_confirmed_at__lt=F("availability_asked_at"))
    return (
        Offer.objects.exclude(status__in=CLOSED).filter(not_confirmed)
        .filter(Q(availability_asked_at__lt=now - datetime.timedelta(days=options.ask_after_days)) | Q(available_until__lte=ends_by))
        .annotate(running=Count("allocations", filter=Q(allocations__ended_at__isnull=True)))
        .select_related("commune").order_by("coordinator_email", "available_until", "reference")
    )


def remind_coordinators(now=None):
    """One e-mail per coordinator mailbox listing its offers ending soon or not confirmed; return how many were sent."""
    by_mailbox = {}
    for offer in unconfirmed(now):
        by_mailbox.setdefault(offer.coordinator_email, []).append(offer)
    for mailbox, offers in by_mailbox.items():
        # An offer ending with households still in it: the coordinator decides what becomes of them before it expires.
        lines = [_("- %(ref)s à %(commune)s, disponible jusqu'au %(until)s, %(places)d place(s), "
                   "%(running)d attribution(s) en cours") % {
            "ref": o.reference, "commune": o.commune.name, "until": display_date(o.available_until) or "—",
            "places": o.places_available, "running": o.running} for o in offers]
        body = _("Ces offres prennent fin bientôt ou n'ont pas été confirmées par leur hébergeur :\n\n%(lines)s") % {
            "lines": "\n".join(lines)}
        notify("mail", Message(mailbox, _("Offres d'hébergement à confirmer (%(count)d)") % {"count": len(offers)}, body))
    return len(by_mailbox)
