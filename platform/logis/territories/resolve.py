"""Find the one commune a file means, from its INSEE/NIS code, its postcode and name, or its name alone.

Importers call ``Territory.objects.resolve(...)`` on the territories of the
importer's scope, so a commune out of scope is never found. A code of a
commune merged into a commune nouvelle, or of a commune déléguée, resolves to
the commune of today with a note for the report; an ambiguous postcode or name
is an error listing the candidates, so the person fixing the file knows what
to write.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from logis.territories.names import fold

MAX_LISTED = 8


class Unresolved(ValueError):
    """No single commune matches: the message (French) says why and what to write instead."""


@dataclass(frozen=True)
class Resolution:
    commune: object
    note: str = ""


def _listing(communes):
    names = [f"{c.name} ({c.code})" for c in communes[:MAX_LISTED]]
    return ", ".join(names) + (" …" if len(communes) > MAX_LISTED else "")


def _with_postcode(communes, postcode):
    return [c for c in communes.filter(postcodes__contains=postcode) if postcode in c.postcodes.split()]


def _named(communes, name):
    key = fold(name)
    return [c for c in communes if fold(c.name) == key]


def resolve(territories, code="", postcode="", name=""):
    """The commune of ``territories`` meant by ``code`` or ``postcode``/``name``; raises :class:`Unresolved`."""
    code, postcode, name = (str(v or "").strip()[:150] for v in (code, postcode, name))
    communes = territories.filter(kind="commune")
    if code:
        return _by_code(territories, communes, code.upper())
    candidates = _with_postcode(communes, postcode) if postcode else []
    # A postcode no commune has (a CEDEX, a typo) does not hide a commune named without ambiguity.
    if postcode and not candidates and not name:
        raise Unresolved(_("Aucune commune de votre territoire n'a le code postal %(postcode)s.") % {"postcode": postcode})
    if candidates:
        named = _named(candidates, name) if name else []
        if len(named) == 1 or len(candidates) == 1 and not name:
            return Resolution((named or candidates)[0])
        if name and not named:
            delegated = _named(territories.filter(kind="delegated_commune", parent__in=candidates).select_related("parent"), name)
            if len(delegated) == 1:
                return Resolution(delegated[0].parent, _("« %(name)s » est une commune déléguée de %(commune)s.") % {
                    "name": name, "commune": delegated[0].parent.name})
            raise Unresolved(_("« %(name)s » n'a pas le code postal %(postcode)s ; communes de ce code postal : %(list)s.") % {
                "name": name, "postcode": postcode, "list": _listing(candidates)})
        raise Unresolved(_("Le code postal %(postcode)s correspond à plusieurs communes : %(list)s. "
                           "Indiquez le nom de la commune ou son code INSEE.") % {"postcode": postcode, "list": _listing(candidates)})
    if name:
        named = list(communes.filter(search_text__startswith=f" {fold(name)} |")) if fold(name) else []
        if len(named) == 1:
            return Resolution(named[0])
        if named:
            raise Unresolved(_("Plusieurs communes s'appellent « %(name)s » : %(list)s. Indiquez le code postal ou le code INSEE.") % {
                "name": name, "list": _listing(named)})
        raise Unresolved(_("Aucune commune de votre territoire ne s'appelle « %(name)s ».") % {"name": name})
    raise Unresolved(_("Indiquez la commune : code INSEE, ou code postal et nom."))


def _by_code(territories, communes, code):
    found = communes.filter(code=code).first()
    if found:
        return Resolution(found)
    below = territories.filter(code=code, kind__in=["delegated_commune", "municipal_district"]).select_related("parent").first()
    if below and below.kind == "delegated_commune":
        return Resolution(below.parent, _("Le code %(code)s est celui de la commune déléguée %(name)s, rattachée à %(commune)s (%(new)s).") % {
            "code": code, "name": below.name, "commune": below.parent.name, "new": below.parent.code})
    if below:
        return Resolution(below.parent, _("Le code %(code)s est celui de l'arrondissement %(name)s de %(commune)s (%(new)s).") % {
            "code": code, "name": below.name, "commune": below.parent.name, "new": below.parent.code})
    merged = communes.filter(former_codes__code=code).first()
    if merged:
        return Resolution(merged, _("Ancien code %(code)s : commune fusionnée dans %(commune)s (%(new)s).") % {
            "code": code, "commune": merged.name, "new": merged.code})
    raise Unresolved(_("Aucune commune de votre territoire n'a le code %(code)s.") % {"code": code})
