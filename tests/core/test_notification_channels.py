"""Channels with fallback, SMS counting and providers, postal address blocks: the core services, for any plugin."""

import http.server
import json
import threading

import pytest
from django.core import mail

from logis import hookimpl
from logis.notifications import Message, Status, deliver
from logis.postal import AddressError, address_block
from logis.sms import SmsError, count, send_sms


class BrokenSmsPlugin:
    @hookimpl
    def logis_notification_channels(self):
        from logis.notifications import Channel

        def fail(message):
            raise ConnectionError("fournisseur en panne")

        return [Channel("sms", "SMS", fail)]


def test_a_failed_channel_falls_back_to_the_next_and_every_attempt_is_traced(register_plugin, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    register_plugin(BrokenSmsPlugin(), name="zz_broken_sms")
    traced = []
    outcome = deliver([("sms", Message("+33612345678", "", "Bonjour")), ("mail", None),
                       ("post", Message("M DUPONT\n69002 LYON", "Objet", "Bonjour")), ("mail", Message("x@example.org", "", ""))],
                      on_attempt=lambda code, message, status, error: traced.append((code, status, error)))
    assert traced == [("sms", Status.FAILED, "fournisseur en panne"), ("mail", Status.SKIPPED, ""), ("post", Status.QUEUED, "")]
    assert outcome.channel == "post" and outcome.status == Status.QUEUED and outcome.fallback_used
    assert mail.outbox == []


def test_every_channel_failing_leaves_no_channel(settings):
    outcome = deliver([("sms", Message("pas-un-numero", "", "x")), ("post", Message("  ", "", "x"))])
    assert outcome.channel is None and [a[1] for a in outcome.attempts] == [Status.FAILED, Status.FAILED]


def test_mail_carries_its_attachments(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outcome = deliver([("mail", Message("a@example.org", "Objet", "Corps", (("doc.pdf", b"%PDF-1.7", "application/pdf"),)))])
    assert outcome.channel == "mail" and not outcome.fallback_used
    assert mail.outbox[0].attachments[0][0] == "doc.pdf"


@pytest.mark.parametrize("text,encoding,characters,segments", [
    ("", "GSM-7", 0, 0),
    ("a" * 160, "GSM-7", 160, 1),
    ("a" * 161, "GSM-7", 161, 2),
    ("a" * 306, "GSM-7", 306, 2),
    ("a" * 307, "GSM-7", 307, 3),
    ("€" * 80, "GSM-7", 160, 1),              # extension characters count twice
    ("Votre dossier est prêt", "UCS-2", 22, 1),   # ê is not GSM-7
    ("é" * 160, "GSM-7", 160, 1),            # é is
    ("œ" * 70, "UCS-2", 70, 1),
    ("œ" * 71, "UCS-2", 71, 2),
    ("🏠" * 35, "UCS-2", 70, 1),               # an emoji is two UTF-16 units
])
def test_sms_encoding_and_segments_are_counted_before_sending(text, encoding, characters, segments):
    assert tuple(count(text).__dict__.values()) == (encoding, characters, segments)


def test_the_file_backend_writes_one_line_per_sms(settings, tmp_path):
    settings.LOGIS_SMS = {**settings.LOGIS_SMS, "BACKEND": "file", "DIRECTORY": str(tmp_path)}
    send_sms("+33612345678", "Un nouveau courrier est disponible.")
    line = json.loads((tmp_path / "sms.jsonl").read_text(encoding="utf-8"))
    assert (line["to"], line["encoding"], line["segments"]) == ("+33612345678", "GSM-7", 1)
    with pytest.raises(SmsError, match="Numéro de mobile invalide"):
        send_sms("06 12 34 56 78", "x")
    with pytest.raises(SmsError, match="entre 1 et 10 segments"):
        send_sms("+33612345678", "x" * 2000)


class _Brevo(http.server.BaseHTTPRequestHandler):
    """A local stand-in answering as Brevo's ``POST /v3/transactionalSMS/send`` documents."""

    received = []
    status = 201

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append((self.path, self.headers["api-key"], body))
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"messageId": 1511882900176220}).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def brevo(settings):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Brevo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Brevo.received, _Brevo.status = [], 201
    settings.LOGIS_SMS = {**settings.LOGIS_SMS, "BACKEND": "brevo", "API_KEY": "cle-de-test", "SENDER": "LogisDemandes",
                          "URL": f"http://127.0.0.1:{server.server_port}/v3/transactionalSMS/send", "TIMEOUT": 2}
    yield _Brevo
    server.shutdown()


def test_the_brevo_provider_posts_what_its_api_documents(brevo):
    send_sms("+33612345678", "Votre dossier est prêt")
    path, key, body = brevo.received[0]
    assert (path, key) == ("/v3/transactionalSMS/send", "cle-de-test")
    assert body == {"sender": "LogisDemand", "recipient": "33612345678", "content": "Votre dossier est prêt",
                    "type": "transactional", "unicodeEnabled": True}


def test_a_brevo_refusal_or_outage_is_an_sms_error(brevo, settings):
    brevo.status = 400
    with pytest.raises(SmsError, match="HTTP 400"):
        send_sms("+33612345678", "x")
    settings.LOGIS_SMS = {**settings.LOGIS_SMS, "URL": "http://127.0.0.1:9/v3/transactionalSMS/send"}
    with pytest.raises(SmsError, match="injoignable"):
        send_sms("+33612345678", "x")


def test_an_address_block_follows_nf_z10_011():
    lines = address_block("Camille Durand", ["Bâtiment B, escalier 3", "12, rue de l'Église"], "69002", "Lyon")
    assert lines == ["CAMILLE DURAND", "BATIMENT B ESCALIER 3", "12 RUE DE L EGLISE", "69002 LYON"]
    assert all(len(line) <= 38 for line in address_block("x" * 60, ["y" * 60], "38000", "Saint-Martin-d'Hères"))
    assert address_block("A", [], "4000", "Liège", "Belgique")[-2:] == ["4000 LIEGE", "BELGIQUE"]
    with pytest.raises(AddressError):
        address_block("A", ["rue"], "", "Lyon")
    with pytest.raises(AddressError, match="six lignes"):
        address_block("A", ["1", "2", "3", "4", "5"], "69002", "Lyon")
