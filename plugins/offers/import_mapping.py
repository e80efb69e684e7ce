"""An organisation's column mapping: its own headers read as the import's columns, remembered for its next files."""

from plugins.offers.models import ImportMapping


def remember_mapping(organisation, columns):
    """Add ``columns`` (``{normalised header: column}``) to the organisation's mapping; return the whole mapping."""
    mapping, _created = ImportMapping.objects.get_or_create(organisation=organisation)
    mapping.columns = {**mapping.columns, **columns}
    mapping.save()
    return mapping.columns
