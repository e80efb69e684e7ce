"""Editors and Moderators (the groups the editorial roles join) manage themes, glossary and menus."""

from django.db import migrations

from logis.accounts.groups import grant_in_migration

EDIT = ["add_theme", "change_theme", "view_theme", "add_glossaryterm", "change_glossaryterm", "view_glossaryterm"]
GRANTS = {
    "Editors": EDIT,
    "Moderators": [*EDIT, "delete_theme", "delete_glossaryterm", "add_menu", "change_menu", "view_menu", "delete_menu"],
}


def grant(apps, schema_editor):
    grant_in_migration(apps, "content", GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_review_workflow"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
