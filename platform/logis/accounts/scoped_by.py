"""Where a model keeps its territory and organisation (its own module: the models import it)."""

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class ScopedBy:
    """Where a model keeps the territory and organisation that scoping filters on.

    ``withheld``: rows no scope below national reach ever holds, whatever their
    organisation (a role grant awaiting the person's consent: the manager who
    asked must not learn from it whether the account exists).
    """

    territory: str = ""
    organisation: str = ""
    withheld: Q | None = None

    def territory_field(self):
        return self.territory or (f"{self.organisation}__territory" if self.organisation else "")

    def federation_field(self):
        """``organisation="pk"`` scopes the Organisation model itself."""
        return "federation" if self.organisation == "pk" else f"{self.organisation}__federation"
