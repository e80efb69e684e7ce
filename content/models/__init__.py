from content.models.branding import Menu, MenuItem, SiteBranding
from content.models.glossary import GlossaryTerm
from content.models.legal import AccessibilityStatementPage, LegalPage, SitemapPage
from content.models.pages import (
    AUDIENCE_PROS,
    AUDIENCE_PUBLIC,
    GlossaryPage,
    GuidePage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    SectionPage,
    ThemePage,
)
from content.models.taxonomy import Theme

__all__ = [
    "AUDIENCE_PROS", "AUDIENCE_PUBLIC", "AccessibilityStatementPage", "GlossaryPage", "GlossaryTerm", "GuidePage", "HomePage", "LegalPage", "Menu", "MenuItem",
    "NewsIndexPage", "NewsPage", "SectionPage", "SiteBranding", "SitemapPage", "Theme", "ThemePage",
]
