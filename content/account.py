"""The professionals' way in: a login page in the site's visual theme, and the way out.

Wagtail sends a visitor of a professionals-only page here
(``WAGTAIL_FRONTEND_LOGIN_URL``) with the page in ``next``; after signing in
they land back on it. Signing out is a POST (a link would let any page sign
the visitor out) and returns to the home page.
"""

from django.contrib.auth import views as auth_views
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from content import navigation
from content.models import SiteBranding


def _theme(request):
    site = Site.find_for_request(request)
    return SiteBranding.for_site(site).theme if site is not None else None


class SiteLoginView(auth_views.LoginView):
    next_page = "/"  # without a (safe) page to return to: the site's home, not Django's /accounts/profile/
    redirect_authenticated_user = True

    def get_template_names(self):
        theme = _theme(self.request)
        return theme.templates("pages/login.html") if theme else ["content/themes/neutre/pages/login.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(navigation.view_chrome(self.request, _("Se connecter")))
        context["account"] = {}  # no « Se connecter » link on the login page itself
        return context


class SiteLogoutView(auth_views.LogoutView):
    next_page = "/"
