"""Address suggestions from a Base Adresse Nationale-style API, falling back to the local communes.

The API (``api-adresse.data.gouv.fr/search/`` or a self-hosted copy, set in
``LOGIS_ADDRESS_API``) is asked with a short timeout, its answers cached and
its calls rate-limited; when it is not configured, unreachable, slow, over the
rate limit or answering nonsense, the suggestions come from the local
reference data at commune level, so a form never blocks on a third party.
"""

import hashlib
import logging
import time

import requests
from django.conf import settings
from django.core.cache import cache

from logis.accounts.models import Territory
from logis.territories.names import fold

logger = logging.getLogger(__name__)
MIN_QUERY = 3
MAX_QUERY = 200
MAX_LIMIT = 15


def _config():
    return {"URL": "", "TIMEOUT": 2.0, "CACHE_SECONDS": 86400, "RATE_PER_SECOND": 40, **getattr(settings, "LOGIS_ADDRESS_API", {})}


def suggest(query, limit=5):
    """Up to ``limit`` suggestions ``{label, street, postcode, city, citycode, latitude, longitude, source}``."""
    query = " ".join(str(query or "").split())[:MAX_QUERY]
    limit = max(1, min(int(limit or 5), MAX_LIMIT))
    if len(query) < MIN_QUERY:
        return []
    config = _config()
    if config["URL"]:
        key = "logis:address:" + hashlib.sha256(f"{config['URL']}|{limit}|{query}".encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            return cached
        if _take_rate_slot(config):
            try:
                found = _ask_api(config, query, limit)
            except (requests.RequestException, ValueError, KeyError, TypeError, AttributeError) as error:
                logger.warning("Adresse : API indisponible (%s), repli sur les communes locales", error.__class__.__name__)
            else:
                cache.set(key, found, config["CACHE_SECONDS"])
                return found
    return local_suggestions(query, limit)


def _take_rate_slot(config):
    """At most RATE_PER_SECOND calls per second across processes sharing the cache (the BAN allows 50/s/IP)."""
    key = f"logis:address:rate:{int(time.time())}"
    cache.add(key, 0, timeout=2)
    try:
        return cache.incr(key) <= config["RATE_PER_SECOND"]
    except ValueError:  # the counter expired between add and incr
        return True


def _ask_api(config, query, limit):
    response = requests.get(config["URL"], params={"q": query, "limit": limit, "autocomplete": 1}, timeout=config["TIMEOUT"])
    response.raise_for_status()
    suggestions = []
    for feature in response.json()["features"][:limit]:
        props = feature["properties"]
        longitude, latitude = (feature.get("geometry") or {}).get("coordinates") or (None, None)
        suggestions.append({
            "label": str(props["label"])[:MAX_QUERY],
            "street": str(props.get("name", "") if props.get("type") in ("housenumber", "street") else "")[:MAX_QUERY],
            "postcode": str(props.get("postcode", ""))[:10],
            "city": str(props.get("city", ""))[:150],
            "citycode": str(props.get("citycode", ""))[:10],
            "latitude": float(latitude) if latitude is not None else None,
            "longitude": float(longitude) if longitude is not None else None,
            "source": "ban",
        })
    return suggestions


def local_suggestions(query, limit=5):
    """Commune-level suggestions from the reference data: the commune is usually the end of what was typed."""
    words = fold(query).split()
    postcode = next((w for w in words if len(w) == 5 and w.isdigit()), "")
    communes = Territory.objects.filter(kind=Territory.Kind.COMMUNE)
    found = []
    # "12 rue des Lilas 35000 Rennes": try the whole text, then ever shorter endings, then the postcode.
    attempts = [" ".join(words[-n:]) for n in range(min(len(words), 4), 0, -1)] + ([postcode] if postcode else [])
    for attempt in attempts:
        if len(attempt) < MIN_QUERY and not attempt.isdigit():
            continue
        found = list(communes.search(attempt)[:limit])
        if found:
            break
    return [{
        "label": f"{c.name} ({(c.postcodes.split() or [''])[0]})".replace(" ()", ""),
        "street": "", "postcode": postcode if postcode in c.postcodes.split() else (c.postcodes.split() or [""])[0],
        "city": c.name, "citycode": c.code, "latitude": None, "longitude": None, "source": "local",
    } for c in found]
