from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Site des professionnels")

    def ready(self):
        from content import cache_signals  # noqa: F401  (connects the page cache's invalidation)
