"""Company numbers: French SIREN/SIRET and Belgian enterprise numbers, checked with python-stdnum.

python-stdnum knows the Luhn keys and La Poste's exception (its SIRET are
checked by the sum of their digits, not by Luhn), so nothing here computes a
key by hand. The optional Sirene look-up lives in :mod:`logis.territories.sirene`.

python-stdnum is imported on the first number checked: it loads ``pydoc``,
a tenth of a second that every ``logis`` command would pay at start-up
(models import this module) for a check only forms and imports make.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_INPUT = 40


def normalise_company_number(value, country="FR"):
    """The number without spaces or dots, validated for its country; raises ValidationError (French)."""
    value = str(value or "").strip()[:MAX_INPUT]
    if not value:
        return ""
    from stdnum import exceptions
    from stdnum.be import vat as be_enterprise
    from stdnum.fr import siren, siret

    try:
        if country == "BE":
            return be_enterprise.validate(value)
        compact = siren.compact(value)
        if len(compact) == 14:
            return siret.validate(compact)
        return siren.validate(compact)
    except exceptions.InvalidLength:
        message = (_("Un numéro d'entreprise belge a dix chiffres (ex. 0403.170.701).") if country == "BE"
                   else _("Un SIREN a 9 chiffres et un SIRET 14."))
    except exceptions.InvalidFormat:
        message = _("Le numéro ne doit contenir que des chiffres.")
    except exceptions.InvalidChecksum:
        message = _("Ce numéro n'existe pas : sa clé de contrôle est fausse (vérifiez une faute de frappe).")
    raise ValidationError(message, code="company_number")


def validate_siren(value):
    """Validator for a French SIREN field."""
    compact = normalise_company_number(value)
    if compact and len(compact) != 9:
        raise ValidationError(_("Un SIREN a 9 chiffres."), code="company_number")


def validate_siret(value):
    """Validator for a French SIRET field (La Poste's establishments included)."""
    compact = normalise_company_number(value)
    if compact and len(compact) != 14:
        raise ValidationError(_("Un SIRET a 14 chiffres."), code="company_number")
