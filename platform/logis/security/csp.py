"""Content-Security-Policy on every response (django-csp), and the endpoint that logs violations.

Public pages and the API get the strict policy of ``settings.CONTENT_SECURITY_POLICY``:
scripts only from our own origin or carrying the request's nonce, nothing
from a CDN. Wagtail's admin still writes inline scripts of its own (date
pickers, inline panels: wagtail/wagtail#1288), so under ``/admin/`` scripts
and styles may also be inline, and no nonce is sent there (a nonce would
make browsers ignore ``'unsafe-inline'``).
"""

import json
import logging

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("logis.csp")

ADMIN_PREFIX = "/admin/"
ADMIN_RELAXED = {"script-src": [SELF, UNSAFE_INLINE], "style-src": [SELF, UNSAFE_INLINE]}
MAX_REPORT_BYTES = 16 * 1024
MAX_FIELDS, MAX_VALUE = 20, 300


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**ADMIN_RELAXED, **(parts.replace or {})}
            parts.nonce = None
        return parts


def _reports(body):
    """The violation reports of a ``report-uri`` (one object) or ``report-to`` (a list) request body."""
    data = json.loads(body)
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        return [data["csp-report"]]
    if isinstance(data, list):
        return [item.get("body") for item in data if isinstance(item, dict) and isinstance(item.get("body"), dict)]
    raise ValueError("not a CSP report")


@csrf_exempt  # browsers send reports without a CSRF token
@require_POST
def csp_report(request):
    """Log each violation the browser reports (logger ``logis.csp``); 204, or 400 for what is not a report."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REPORT_BYTES:
        return HttpResponseBadRequest("Rapport trop volumineux.")
    try:
        reports = _reports(request.body[:MAX_REPORT_BYTES])
    except (ValueError, UnicodeDecodeError):
        return HttpResponseBadRequest("Rapport CSP illisible.")
    for report in reports:
        details = {str(key)[:40]: str(value)[:MAX_VALUE] for key, value in list(report.items())[:MAX_FIELDS]}
        logger.warning("CSP violation: %s", json.dumps(details, ensure_ascii=False))
    return HttpResponse(status=204)
