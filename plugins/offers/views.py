"""Public pages of the offers plugin: the page a host reaches from a "still available?" e-mail.

No account: the signed link is the authority (see :mod:`plugins.offers.availability`).
A GET only shows the question, so a mail scanner following the link changes
nothing; the answer is a POST. Attempts are counted per address to slow down
anyone guessing links.
"""

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from plugins.offers import availability

MAX_ATTEMPTS_PER_HOUR = 30


def _too_many(request):
    key = "offers-availability:" + request.META.get("REMOTE_ADDR", "")
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) > MAX_ATTEMPTS_PER_HOUR
    except ValueError:  # expired between add and incr
        return False


@never_cache
@require_http_methods(["GET", "POST"])
def answer_availability(request, token):
    if _too_many(request):
        return HttpResponse(_("Trop de tentatives : réessayez dans une heure."), status=429)
    reply = request.POST.get("reponse") or request.GET.get("reponse") or availability.STILL
    context = {"reply": reply if reply in availability.ANSWERS else availability.STILL}
    try:
        if request.method == "GET":
            context["offer"], _nonce = availability.read_token(token)
            return render(request, "offers/availability.html", context)
        places = request.POST.get("places", "").strip()
        if places and not places.isdigit():
            raise availability.LinkRefused(_("Indiquez un nombre de places."))
        context["offer"] = availability.answer(token, context["reply"], int(places) if places else None)
        context["done"] = True
        return render(request, "offers/availability.html", context)
    except availability.LinkRefused as error:
        context["error"] = str(error)
        return render(request, "offers/availability.html", context, status=error.status)
