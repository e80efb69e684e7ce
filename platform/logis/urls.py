"""URLs: admin, APIs, plugin pages, then Wagtail's page-serving catch-all."""

from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from logis.api import api
from logis.plugin_urls import plugin_urlpatterns
from logis.security.csp import csp_report
from logis.views import healthz


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("csp-report/", csp_report, name="csp-report"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The public pages' language switch posts without a CSRF token, so that anonymous pages hold nothing
    # of one visitor and proxies may keep them (content.page_cache); a forged post only changes a language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("api/", api.urls),
    path("notifications/", include("logis.inbox.urls")),
    path("", include("content.urls")),
    path("", include("search.urls")),
    *plugin_urlpatterns(),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))

# Error pages in the site's visual theme (JSON under /api/), also with DEBUG=0.
handler403 = "content.errors.permission_denied"
handler404 = "content.errors.page_not_found"
handler500 = "content.errors.server_error"
