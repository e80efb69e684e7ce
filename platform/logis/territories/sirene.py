"""Optional look-up of an organisation's name and address by its SIREN, off unless configured.

Asks a Sirene-backed search API (``recherche-entreprises.api.gouv.fr/search``
style, set in ``LOGIS_SIRENE_API``) with a short timeout and caches answers;
any failure returns ``None`` and the form stays usable: the number itself is
validated offline by :mod:`logis.accounts.company_numbers`.
"""

import logging

import requests
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def lookup(siren):
    """``{"siren", "name", "address"}`` for a valid SIREN, or ``None`` (not configured, unknown, unreachable)."""
    config = {"URL": "", "TIMEOUT": 3.0, "CACHE_SECONDS": 86400, **getattr(settings, "LOGIS_SIRENE_API", {})}
    if not config["URL"] or not (isinstance(siren, str) and len(siren) == 9 and siren.isdigit()):
        return None
    key = f"logis:sirene:{siren}"
    if (cached := cache.get(key)) is not None:
        return cached or None
    try:
        response = requests.get(config["URL"], params={"q": siren, "per_page": 1}, timeout=config["TIMEOUT"])
        response.raise_for_status()
        match = next((r for r in response.json()["results"] if r.get("siren") == siren), None)
    except (requests.RequestException, ValueError, KeyError, TypeError, AttributeError) as error:
        logger.warning("Sirene : API indisponible (%s)", error.__class__.__name__)
        return None
    found = {"siren": siren, "name": str(match.get("nom_complet", ""))[:200],
             "address": str((match.get("siege") or {}).get("adresse", ""))[:300]} if match else {}
    cache.set(key, found, config["CACHE_SECONDS"])
    return found or None
