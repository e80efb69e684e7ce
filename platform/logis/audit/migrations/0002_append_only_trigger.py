"""PostgreSQL refuses UPDATE and DELETE on the audit table, whatever the client.

Only one UPDATE passes: clearing the author id when the account is deleted
(``on_delete=SET_NULL``), every other column unchanged; the author's name
stays in ``user_repr``. TRUNCATE is left alone so test databases can be
flushed. SQLite is skipped: its test flush deletes rows one by one.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION logis_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.user_id IS NULL
       AND (to_jsonb(NEW) - 'user_id') = (to_jsonb(OLD) - 'user_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'L''historique des modifications ne peut être ni modifié ni supprimé.'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS logis_audit_append_only ON logis_audit_auditentry;
CREATE TRIGGER logis_audit_append_only BEFORE UPDATE OR DELETE ON logis_audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION logis_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS logis_audit_append_only ON logis_audit_auditentry;
DROP FUNCTION IF EXISTS logis_audit_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("logis_audit", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
