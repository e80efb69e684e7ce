"""The core's template language and dates as the law counts them (generic: core fields only)."""

import datetime

import pytest

from logis.documents import (TemplateError, expiry_date, format_date, render_template, render_values, sample_values,
                             validate_template, verification_code, verified_key)

D = datetime.date


def test_an_unknown_field_is_refused_with_its_name_and_line():
    with pytest.raises(TemplateError) as error:
        validate_template("Bonjour,\n\n{{ agent.nom }} vous écrit le {{ date_du_jour }}\npour {{ demandeur.code_secret }}.")
    assert error.value.field == "demandeur.code_secret" and error.value.line == 4
    assert "demandeur.code_secret" in str(error.value) and "ligne 4" in str(error.value)


@pytest.mark.parametrize("text,line,words", [
    ("{% si agent.nom %}\nouvert", 1, "jamais fermé"),
    ("a\n{% finsi %}", 2, "inattendu"),
    ("{% si agent.nom %}{% sinon %}{% sinon %}{% finsi %}", 1, "inattendu"),
    ("{% pour x %}", 1, "inattendu"),
    ("\n\n{{ date_du_jour|iso }}", 3, "format de date inconnu"),
    ("{{ agent.nom | | }}", 1, "mal écrit"),
    ("{% si inconnu.champ %}x{% finsi %}", 1, "inconnu"),
])
def test_a_syntax_error_is_refused_with_its_line(text, line, words):
    with pytest.raises(TemplateError, match=words) as error:
        validate_template(text)
    assert error.value.line == line


def test_conditional_blocks_nest_and_negate():
    text = "{% si organisation.nom %}A{% si non agent.nom %}B{% sinon %}C{% finsi %}{% sinon %}D{% finsi %}"
    assert render_template(text, {"organisation": "Lyon"}) == "AB"
    assert render_template(text, {"organisation": ""}) == "D"


def test_values_are_escaped_in_rich_text_and_never_interpreted():
    text = "<p>{{ organisation.nom }}</p>"
    hostile = "<script>alert(1)</script>{{ agent.nom }}{% si x %}"
    assert render_template(text, {"organisation": hostile}, html=True) == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;{{ agent.nom }}{% si x %}</p>")
    assert render_template("{{ organisation.nom }}", {"organisation": hostile}) == hostile


def test_dates_are_written_as_the_template_says():
    values = {"date_du_jour": D(2026, 3, 1)}
    assert render_values("{{ date_du_jour }} / {{ date_du_jour|court }} / {{ date_du_jour|long }}", values) == (
        "01/03/2026 / 01/03/2026 / 1er mars 2026")
    assert format_date(D(2026, 3, 12), "long") == "12 mars 2026"
    assert format_date(D(2026, 8, 31), "long") == "31 août 2026"


@pytest.mark.parametrize("start,months,expected", [
    (D(2025, 3, 12), 12, D(2026, 3, 11)),     # the SNE example: filing + 1 year − 1 day
    (D(2025, 1, 31), 1, D(2025, 2, 28)),      # no 31 February: the month's last day
    (D(2024, 1, 31), 1, D(2024, 2, 29)),      # leap year
    (D(2024, 1, 30), 1, D(2024, 2, 29)),
    (D(2024, 1, 29), 1, D(2024, 2, 28)),      # 29/02 exists in 2024: the day before it
    (D(2024, 2, 29), 12, D(2025, 2, 28)),     # 29 February + 12 months
    (D(2024, 2, 29), 48, D(2028, 2, 28)),     # back on a leap year: the day before 29/02/2028
    (D(2025, 12, 31), 1, D(2026, 1, 30)),     # across the year end
    (D(2025, 12, 31), 12, D(2026, 12, 30)),
    (D(2025, 3, 1), 1, D(2025, 3, 31)),
    (D(2025, 8, 31), 6, D(2026, 2, 28)),
    (D(2025, 5, 31), 1, D(2025, 6, 30)),      # no 31 June
])
def test_expiry_is_start_plus_n_months_minus_one_day(start, months, expected):
    assert expiry_date(start, months) == expected


def test_samples_fill_a_preview_without_any_real_person():
    text = "{{ organisation.nom }} {{ date_du_jour|long }}"
    assert render_values(text, sample_values(text)) == "Ville de Lyon 12 mars 2026"


def test_a_verification_code_is_told_apart_from_a_forged_one():
    code = verification_code("a1b2c3", "essai")
    assert verified_key(code, "essai") == "a1b2c3"
    assert verified_key(code, "autre-usage") is None
    assert verified_key(code[:-1] + ("A" if code[-1] != "A" else "B"), "essai") is None
    assert verified_key("a1b2c4." + code.split(".")[1], "essai") is None
    assert verified_key("x" * 10_000, "essai") is None
