"""Merge fields and notification channels, with plugins adding their own."""

import pytest
from django.core import mail

from logis import hookimpl
from logis.documents import TemplateError, render_template, unknown_fields
from logis.notifications import Message, UnknownChannel, notify

SENT_SMS = []


class SmsAndFieldsPlugin:
    @hookimpl
    def logis_merge_fields(self):
        from logis.documents import MergeField

        return [MergeField("demande.numero_unique", "Numéro unique", lambda ctx: ctx["nud"])]

    @hookimpl
    def logis_notification_channels(self):
        from logis.notifications import Channel

        return [Channel("sms", "SMS", SENT_SMS.append)]


def test_a_template_is_filled_by_substitution_only(register_plugin):
    register_plugin(SmsAndFieldsPlugin(), name="zz_sms")
    text = "Votre demande n° {{ demande.numero_unique }} est enregistrée ({{organisation.nom}})."
    assert render_template(text, {"nud": "069123-2026-00042", "organisation": "Ville de Lyon"}) == (
        "Votre demande n° 069123-2026-00042 est enregistrée (Ville de Lyon)."
    )
    with pytest.raises(TemplateError, match="Champs de fusion inconnus : settings.SECRET_KEY"):
        render_template("{{ settings.SECRET_KEY }}", {})


def test_plugin_fields_exist_only_while_the_plugin_is_there():
    assert unknown_fields("{{ demande.numero_unique }} {{ date_du_jour }}") == ["demande.numero_unique"]


def test_mail_is_a_core_channel_and_plugins_add_others(register_plugin, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    register_plugin(SmsAndFieldsPlugin(), name="zz_sms")
    SENT_SMS.clear()
    notify("mail", Message("demandeur@example.org", "Attestation", "Votre attestation est disponible."))
    notify("sms", Message("+33612345678", "", "Un nouveau courrier est disponible."))
    assert [m.to for m in mail.outbox] == [["demandeur@example.org"]]
    assert [m.recipient for m in SENT_SMS] == ["+33612345678"]
    with pytest.raises(UnknownChannel, match="Canal de notification inconnu : fax"):
        notify("fax", Message("x", "", ""))
