"""A territory with an empty or unknown kind is refused with a French error, never a server error (found by form fuzzing)."""

import pytest
from django.core.exceptions import ValidationError

from logis.accounts.models import Territory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["", "planete"])
def test_a_territory_of_no_known_kind_is_refused_on_its_kind(kind):
    with pytest.raises(ValidationError) as refused:
        Territory(kind=kind, code="99999", name="Nulle part").full_clean()
    assert "kind" in refused.value.message_dict
