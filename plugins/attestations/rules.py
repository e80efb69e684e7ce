"""The plugin's rules as plain functions: validity by territory, the channel chain, what a minor identity change is.

The admin, the API, jobs and the command line call these; none knows of requests.
"""

import unicodedata

from logis.documents import expiry_date

from plugins.attestations.models import Delivery, DocumentTemplate, TerritoryValidity

#: A change of at most this many letters (after accents, case, spaces and hyphens are set aside) is minor.
MINOR_EDITS = 2


def validity_label(months):
    """« 1 an », « 2 ans », « 6 mois »: how the attestation states its validity."""
    if months % 12 == 0:
        years = months // 12
        return f"{years} an" if years == 1 else f"{years} ans"
    return f"{months} mois"


def validity_months(applicant, template):
    """N for ``applicant``: the nearest territory's own N for ``template`` (commune, then département…), else the template's.

    The SNE counts « dépôt + X mois (DELAI) − 1 jour » with X set by each
    département; the template's N is the default where none is set.
    """
    own = (TerritoryValidity.objects.filter(template=template, territory__in=applicant.territory.ancestors_and_self())
           .order_by("-territory__path").values_list("months", flat=True).first())
    return own or template.validity_months


def expiry_for(applicant, months):
    """Expiry of a document issued for ``applicant``: last filing (or renewal) + ``months`` months − 1 day."""
    return expiry_date(applicant.renewal_date or applicant.filing_date, months)


def reachable_by_mail(applicant):
    return bool(applicant.email) and applicant.email_bounced_at is None


def channel_chain(applicant, template, requested):
    """The channels to try, in order, for ``requested`` (the SNE rules for the attestation).

    Mail whatever the filing channel; post for applicants without an e-mail
    address or whose e-mail bounced; an accompanied applicant also gets it by
    post (handled by the caller); an SMS that fails falls back to mail, then post.
    """
    if requested == Delivery.Channel.DOWNLOAD:
        return [Delivery.Channel.DOWNLOAD]
    if requested == Delivery.Channel.SMS:
        return [Delivery.Channel.SMS, Delivery.Channel.MAIL, Delivery.Channel.POST]
    if requested == Delivery.Channel.POST:
        return [Delivery.Channel.POST]
    chain = [Delivery.Channel.MAIL]
    if template.kind != DocumentTemplate.Kind.MAIL or applicant.street:
        chain.append(Delivery.Channel.POST)
    return chain


def _folded(text):
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().casefold()
    return "".join(c for c in text if c.isalnum())


def _distance(a, b):
    """Levenshtein distance, stopping early once it exceeds :data:`MINOR_EDITS`."""
    if abs(len(a) - len(b)) > MINOR_EDITS:
        return MINOR_EDITS + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def is_minor_change(field, old, new):
    """Accents, case, spaces, hyphens, or one or two letters: minor. A birth date change never is."""
    if field == "birth_date":
        return False
    if not old:
        return False  # filling an empty contact at a counter is how a file gets diverted: checked
    return _distance(_folded(old), _folded(new)) <= MINOR_EDITS
