"""Where a model keeps its territory and organisation (its own module: the models import it)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ScopedBy:
    """Where a model keeps the territory and organisation that scoping filters on."""

    territory: str = ""
    organisation: str = ""

    def territory_field(self):
        return self.territory or (f"{self.organisation}__territory" if self.organisation else "")

    def federation_field(self):
        """``organisation="pk"`` scopes the Organisation model itself."""
        return "federation" if self.organisation == "pk" else f"{self.organisation}__federation"
