"""One workflow, one French label: « Relecture » replaces Wagtail's « Moderators approval » at the tree root.

Wagtail assigns its English default workflow to the root page, so that the
create form offered « Soumettre à Moderators approval » while guide pages went
into « Relecture ». The root now carries « Relecture » and Wagtail's default,
left without any page, is switched off.
"""

from django.db import migrations

WORKFLOW = "Relecture"
WAGTAIL_DEFAULT = "Moderators approval"


def use_relecture_at_the_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    relecture = Workflow.objects.filter(name=WORKFLOW).first()
    root = Page.objects.filter(depth=1).first()
    if relecture is None or root is None:
        return
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": relecture})
    for default in Workflow.objects.filter(name=WAGTAIL_DEFAULT, active=True):
        if not WorkflowPage.objects.filter(workflow=default).exists():
            default.active = False
            default.save(update_fields=["active"])


class Migration(migrations.Migration):
    dependencies = [("content", "0003_editorial_group_permissions")]

    operations = [migrations.RunPython(use_relecture_at_the_root, migrations.RunPython.noop)]
