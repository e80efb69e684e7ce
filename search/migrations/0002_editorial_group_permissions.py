"""Editors and Moderators extend the synonym list professionals search with."""

from django.db import migrations

from logis.accounts.groups import grant_in_migration

EDIT = ["add_synonym", "change_synonym", "view_synonym"]


def grant(apps, schema_editor):
    grant_in_migration(apps, "search", {"Editors": EDIT, "Moderators": [*EDIT, "delete_synonym"]})


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
