"""Content URLs: the headless API (Wagtail API v2 + its OpenAPI description) and the sitemap."""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from content.api import api_router
from content.openapi import openapi_view

urlpatterns = [
    path("api/v2/openapi.json", openapi_view, name="content-openapi"),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, name="sitemap"),
]
