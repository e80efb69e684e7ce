"""The observatory's rules: which sheets a campaign opens, what an operation must satisfy, the sheet workflow.

draft → submitted → validated, or submitted → returned (with a comment) → submitted again;
an organisation may reopen a validated sheet to update it (it leaves the
consolidation until validated again). Every transition locks the sheet and is
saved through ``save()``, so the core audit records it with its author.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from logis.accounts.models import Territory
from logis.audit import record_many
from plugins.observatory.models import MAX_COMMENT, Operation, Sheet


class WorkflowRefused(Exception):
    """A transition the sheet's current status does not allow; the message is French."""


def department_of(territory):
    """The department holding ``territory`` (itself when it is one), from its path; ``None`` above a department."""
    parts = territory.path.split("/")
    paths = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return Territory.objects.filter(path__in=paths, kind=Territory.Kind.DEPARTMENT).first()


def open_sheets(campaign):
    """One draft sheet per organisation concerned, lodged in the department of its seat; returns how many were created."""
    existing = set(campaign.sheets.values_list("organisation_id", flat=True))
    created = 0
    for organisation in campaign.organisations.select_related("territory").exclude(pk__in=existing):
        department = department_of(organisation.territory)
        if department is not None:
            Sheet.objects.create(campaign=campaign, organisation=organisation, department=department)
            created += 1
    return created


def communes_of(department):
    """The communes an operation of a sheet lodged in ``department`` may lie in."""
    return Territory.objects.within(department).filter(kind=Territory.Kind.COMMUNE)


def check_operation(operation, sheet, communes=None):
    """The operation's problems as ``{field: [French messages]}`` (empty when it is valid in ``sheet``).

    Its commune, when given, lies in the sheet's department (the "lieu de
    dépôt" is where the operation is): the EPCI figures roll up into it.
    ``communes``: the ids of the department's communes, when already read.
    """
    problems = {}
    try:
        operation.full_clean(exclude=["sheet", "commune"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems.update(error.message_dict)
    dates = [d for d in (operation.started_on, operation.finished_on) if d is not None]
    if not dates:
        problems.setdefault("started_on", []).append(_("Indiquez la date de mise en chantier ou celle de livraison."))
    for name in ("started_on", "finished_on"):
        day = getattr(operation, name)
        if day is not None and day.year != sheet.campaign.year:
            problems.setdefault(name, []).append(
                _("La date doit tomber dans l'année de la campagne (%(year)s).") % {"year": sheet.campaign.year})
    if communes is None and operation.commune_id is not None:
        communes = set(communes_of(sheet.department).filter(pk=operation.commune_id).values_list("pk", flat=True))
    if operation.commune_id is not None and operation.commune_id not in communes:
        problems.setdefault("commune", []).append(
            _("La commune doit se trouver dans le département de la fiche (%(department)s).") % {"department": sheet.department.name})
    if operation.started_on and operation.finished_on and operation.finished_on < operation.started_on:
        problems.setdefault("finished_on", []).append(_("La livraison précède la mise en chantier."))
    if not problems and operation.subsidies + operation.loans + operation.equity != operation.cost:
        problems.setdefault("cost", []).append(_("Le plan de financement (subventions + prêts + fonds propres) doit égaler le coût total."))
    return problems


def replace_operations(sheet, operations):
    """Replace the operations of an editable sheet by ``operations`` (unsaved :class:`Operation`s), all or nothing.

    Raises ValidationError with one French message per problem, naming the
    operation's reference and field; nothing is written when any is refused.
    """
    if sheet.status not in Sheet.EDITABLE:
        raise WorkflowRefused(_("Cette fiche n'est plus modifiable : elle est %(status)s.") % {"status": sheet.get_status_display().lower()})
    messages, seen = [], set()
    named = {o.commune_id for o in operations if o.commune_id}
    communes = set(communes_of(sheet.department).filter(pk__in=named).values_list("pk", flat=True)) if named else set()
    for operation in operations:
        operation.sheet = sheet
        if operation.reference in seen:
            messages.append(_("%(ref)s : référence en double.") % {"ref": operation.reference})
        seen.add(operation.reference)
        for field, problems in check_operation(operation, sheet, communes).items():
            label = Operation._meta.get_field(field).verbose_name if field != "__all__" else ""
            messages.extend(f"{operation.reference or '?'} — {label} : {p}" for p in problems)
    if messages:
        raise ValidationError(messages)
    with transaction.atomic():
        sheet.operations.all().delete()  # a queryset deletion still sends each row's signal: the history records it
        created = Operation.objects.bulk_create(operations)
        record_many([(operation, None) for operation in created], "create")
        sheet.save(update_fields=["updated_at"])
    return created


def _transition(sheet, allowed, refusal, **changes):
    with transaction.atomic():
        locked = Sheet.objects.select_for_update().get(pk=sheet.pk)
        if locked.status not in allowed:
            raise WorkflowRefused(refusal % {"status": locked.get_status_display().lower()})
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save()
    return locked


def submit(sheet, user):
    return _transition(sheet, Sheet.EDITABLE, _("Seule une fiche en brouillon ou renvoyée peut être transmise (elle est %(status)s)."),
                       status=Sheet.Status.SUBMITTED, submitted_at=timezone.now(), submitted_by=user)


def validate(sheet, user):
    return _transition(sheet, (Sheet.Status.SUBMITTED,), _("Seule une fiche transmise peut être validée (elle est %(status)s)."),
                       status=Sheet.Status.VALIDATED, reviewed_at=timezone.now(), reviewed_by=user, review_comment="")


def send_back(sheet, user, comment):
    comment = (comment or "").strip()
    if not comment or len(comment) > MAX_COMMENT:
        raise ValidationError(_("Dites en %(max)s caractères au plus ce qui est à corriger.") % {"max": MAX_COMMENT})
    return _transition(sheet, (Sheet.Status.SUBMITTED,), _("Seule une fiche transmise peut être renvoyée (elle est %(status)s)."),
                       status=Sheet.Status.RETURNED, reviewed_at=timezone.now(), reviewed_by=user, review_comment=comment)


def reopen(sheet, user):
    """The organisation updates a transmitted or validated sheet: back to draft, out of the consolidation."""
    return _transition(sheet, (Sheet.Status.SUBMITTED, Sheet.Status.VALIDATED),
                       _("Seule une fiche transmise ou validée peut être rouverte (elle est %(status)s)."), status=Sheet.Status.DRAFT)
