"""Content URLs: the headless API (Wagtail API v2 + its OpenAPI description), the sitemap, signing in and out."""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from content.account import SiteLoginView, SiteLogoutView
from content.api import api_router
from content.openapi import openapi_view
from content.page_cache import same_for_every_visitor

urlpatterns = [
    path("api/v2/openapi.json", openapi_view, name="content-openapi"),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", same_for_every_visitor(sitemap), name="sitemap"),
    path("connexion/", SiteLoginView.as_view(), name="content-login"),
    path("deconnexion/", SiteLogoutView.as_view(), name="content-logout"),
]
