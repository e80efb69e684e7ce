"""Admin screens of the attestations plugin: declarations only (the screens are in ``screens.py``)."""


def viewsets():
    return []


def dashboard_panel(request):
    return None
