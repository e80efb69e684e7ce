"""Issuing attestations as one background job, against rendering the same HTML with WeasyPrint alone.

Run: ``.venv/bin/python bench/attestations_bench.py [--count 1000]``. Builds a
throw-away database with the demo territories, ``--count`` applicants in Lyon
and the SNE attestation template, then, in the same run:

1. the plugin: ``plugins.attestations.jobs.send_many`` as the job runner calls
   it (one transaction, as the counter agent), channel « mail » — for each
   applicant: merge values resolved and kept, document row, PDF rendered with
   its QR code, mail with the PDF (in-memory mail backend), history rows;
2. the baseline: WeasyPrint alone on the page of the first document,
   ``--count`` times, set up as its documentation advises for many documents:
   one ``FontConfiguration`` and the stylesheet parsed once with it
   (``CSS(string=..., font_config=...)``), one shared ``cache``.

Prints documents per second of each phase, their ratio, and the process's
peak resident memory after each (the baseline runs first, so the second
figure is the peak with the plugin's machinery on top of bare rendering).
"""

import argparse
import datetime
import resource
import time

import harness

from django.db import transaction  # noqa: E402
from django.test import override_settings  # noqa: E402


def measure(action):
    """Seconds taken by ``action`` and the process's peak resident memory afterwards (MiB)."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    count = parser.parse_args().count
    with harness.throwaway_database(), override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        import weasyprint
        from django.core import mail
        from weasyprint.text.fonts import FontConfiguration

        from logis.accounts import demo
        from logis.middleware import acting_as
        from plugins.attestations import demo as attestations_demo
        from plugins.attestations import jobs
        from plugins.attestations.issuing import document_css, document_html, rendered_text, verification_url
        from plugins.attestations.models import Applicant, DocumentTemplate, IssuedDocument

        demo.load()
        attestations_demo.load()
        agent = demo.demo_user("bench.guichet", "Banc", "Essai", "attestations.counter_agent", "Ville de Lyon")
        template = DocumentTemplate.objects.get(slug="attestation-enregistrement")
        Applicant.objects.bulk_create([Applicant(
            number=f"BENCH-{i:06d}", birth_name="MARTIN", usage_name="DURAND", first_names="Camille", email=f"c{i}@example.org",
            street="12 rue de la République", postcode="69002", town="Lyon", filing_date=datetime.date(2026, 1, 31),
            territory=demo.territory("FR/84/69/69123"), organisation=demo.organisation("Ville de Lyon")) for i in range(count)])
        ids = list(Applicant.objects.filter(number__startswith="BENCH-").values_list("pk", flat=True))

        def plugin():
            with acting_as(agent), transaction.atomic():
                result = jobs.send_many(template.pk, ids, "mail")
            assert result["by_channel"] == {"mail": count}, result

        sample = IssuedDocument.objects.select_related("version__template__organisation").first()
        html = document_html(template, rendered_text(sample)[1], verification_url(sample.key), template.organisation)
        font_config, cache = FontConfiguration(), {}
        css = weasyprint.CSS(string=document_css(), font_config=font_config)

        def baseline():
            for _ in range(count):
                weasyprint.HTML(string=html).write_pdf(stylesheets=[css], font_config=font_config, cache=cache)

        baseline_s, baseline_mb = measure(baseline)
        plugin_s, plugin_mb = measure(plugin)
        sent = len(mail.outbox)

    print(f"{count} attestations, one job (issue + PDF + QR + mail + history): {count / plugin_s:.1f} documents/s, "
          f"peak RSS {plugin_mb:.0f} MiB ({sent} mails)")
    print(f"{count} renderings of the same HTML with WeasyPrint alone: {count / baseline_s:.1f} documents/s, peak RSS {baseline_mb:.0f} MiB")
    print(f"the plugin's machinery costs {plugin_s / baseline_s:.2f}× the bare rendering time")


if __name__ == "__main__":
    main()
