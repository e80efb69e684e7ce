import django.core.serializers.json
from django.db import migrations, models


class Migration(migrations.Migration):
    """Keep each job's call so that one made while Redis was away is sent once it is back (issue 15)."""

    dependencies = [("logis_jobs", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="jobrecord",
            name="call",
            field=models.JSONField(blank=True, editable=False, encoder=django.core.serializers.json.DjangoJSONEncoder, null=True),
        ),
        # Records written before this change all reached Redis.
        migrations.AddField(
            model_name="jobrecord", name="dispatched", field=models.BooleanField(default=True, editable=False), preserve_default=False,
        ),
        migrations.AlterField(model_name="jobrecord", name="dispatched", field=models.BooleanField(default=False, editable=False)),
    ]
