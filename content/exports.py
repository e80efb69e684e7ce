"""Spreadsheet exports of the admin listings, through the core's formula neutralisation."""

from wagtail.snippets.views.snippets import IndexView

from logis.exports import neutralise


class SafeExportIndexView(IndexView):
    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise(value) if isinstance(value, str) else value
