"""Where a model keeps its territory and organisation (its own module: the models import it)."""

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class ScopedBy:
    """Where a model keeps the territory and organisation that scoping filters on.

    ``withheld``: rows no scope below national reach ever holds, whatever their
    organisation (a role grant awaiting the person's consent: the manager who
    asked must not learn from it whether the account exists).

    ``members``: rows read by membership beyond the territorial scope (a
    collaborative space's records, read by its members wherever they work).
    The path leads from a row to its membership rows, each naming a ``user`` or
    an ``organisation``; a person reads the row when they hold a current role
    granting ``member_permission`` and are a member themselves or through an
    organisation they hold such a role in. ``open_to_all``: rows every holder of
    ``member_permission`` reads (an open space). The plugin enforces its rule
    in its own code; this declaration is what the access-control crawler's
    oracle checks that code against (:mod:`logis.testing.crawler`).
    """

    territory: str = ""
    organisation: str = ""
    withheld: Q | None = None
    members: str = ""
    member_permission: str = ""
    open_to_all: Q | None = None

    def territory_field(self):
        return self.territory or (f"{self.organisation}__territory" if self.organisation else "")

    def federation_field(self):
        """``organisation="pk"`` scopes the Organisation model itself."""
        return "federation" if self.organisation == "pk" else f"{self.organisation}__federation"
