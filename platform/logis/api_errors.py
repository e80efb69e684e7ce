"""French answers for invalid API input: django-ninja's 422 keeps its shape, its messages become French; so do its 400s.

Pydantic writes its messages in English; every API caller of Logis reads
French. Each error keeps ``loc`` and ``type`` (what clients match on) and
gets a French ``msg`` chosen by its pydantic type.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: pydantic error type → French message (``%(...)s`` filled from the error's ``ctx``).
MESSAGES = {
    "missing": gettext_lazy("Ce champ est obligatoire."),
    "int_parsing": gettext_lazy("Un nombre entier est attendu."),
    "int_type": gettext_lazy("Un nombre entier est attendu."),
    "int_from_float": gettext_lazy("Un nombre entier est attendu."),
    "float_parsing": gettext_lazy("Un nombre est attendu."),
    "float_type": gettext_lazy("Un nombre est attendu."),
    "bool_parsing": gettext_lazy("Un booléen (true ou false) est attendu."),
    "bool_type": gettext_lazy("Un booléen (true ou false) est attendu."),
    "string_type": gettext_lazy("Un texte est attendu."),
    "string_too_long": gettext_lazy("Au plus %(max_length)s caractères."),
    "string_too_short": gettext_lazy("Au moins %(min_length)s caractères."),
    "greater_than_equal": gettext_lazy("La valeur doit être supérieure ou égale à %(ge)s."),
    "greater_than": gettext_lazy("La valeur doit être supérieure à %(gt)s."),
    "less_than_equal": gettext_lazy("La valeur doit être inférieure ou égale à %(le)s."),
    "less_than": gettext_lazy("La valeur doit être inférieure à %(lt)s."),
    "enum": gettext_lazy("Valeur inconnue ; valeurs admises : %(expected)s."),
    "literal_error": gettext_lazy("Valeur inconnue ; valeurs admises : %(expected)s."),
    "date_parsing": gettext_lazy("Une date au format AAAA-MM-JJ est attendue."),
    "date_from_datetime_parsing": gettext_lazy("Une date au format AAAA-MM-JJ est attendue."),
    "date_type": gettext_lazy("Une date au format AAAA-MM-JJ est attendue."),
    "datetime_parsing": gettext_lazy("Une date et heure ISO 8601 est attendue."),
    "datetime_from_date_parsing": gettext_lazy("Une date et heure ISO 8601 est attendue."),
    "uuid_parsing": gettext_lazy("Un identifiant UUID est attendu."),
    "uuid_type": gettext_lazy("Un identifiant UUID est attendu."),
    "list_type": gettext_lazy("Une liste est attendue."),
    "dict_type": gettext_lazy("Un objet JSON est attendu."),
    "model_attributes_type": gettext_lazy("Un objet JSON est attendu."),
    "json_invalid": gettext_lazy("Le corps de la requête n'est pas du JSON valide."),
    "extra_forbidden": gettext_lazy("Champ inconnu."),
}


def french_message(error):
    template = MESSAGES.get(error.get("type"))
    if template is None:
        return _("Valeur invalide.")
    try:
        return str(template) % {key: value for key, value in (error.get("ctx") or {}).items()}
    except (KeyError, TypeError, ValueError):
        return _("Valeur invalide.")


def french_validation_error(request, exc, api):
    detail = [{"loc": error.get("loc", []), "type": error.get("type", ""), "msg": french_message(error)} for error in exc.errors]
    return api.create_response(request, {"detail": detail}, status=422)


#: django-ninja's own English answers for a refused request → their French text.
NINJA_MESSAGES = {
    "Cannot parse request body": gettext_lazy("Le corps de la requête n'est pas du JSON valide."),
    "Unauthorized": gettext_lazy("Authentification requise : connectez-vous."),
}


def french_http_error(request, exc, api):
    """An ``HttpError``: ours already speak French; django-ninja's own (an unreadable body, a missing login) are translated."""
    message = str(exc.message)
    for english, french in NINJA_MESSAGES.items():
        if message.startswith(english):
            message = str(french)
    return api.create_response(request, {"detail": message}, status=exc.status_code)
