"""The editor's theme picker: sub-themes grouped under their parent, with a filter box.

A flat list of some thirty checkboxes laid out in columns put a checkbox next
to another theme's label; here each theme is one row (checkbox, then its own
label), sub-themes sit in a labelled group under their parent, and a search
box (``content/theme_picker.js``) narrows the list without leaving the keyboard.
"""

from django import forms
from django.utils.translation import gettext_lazy as _


class ThemePicker(forms.CheckboxSelectMultiple):
    template_name = "content/widgets/theme_picker.html"

    class Media:
        css = {"all": ["content/theme_picker.css"]}
        js = ["content/theme_picker.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = [option for _group, group_options, _index in context["widget"]["optgroups"] for option in group_options]
        context["widget"]["groups"] = self.grouped(options)
        context["widget"]["filter_label"] = _("Filtrer les thèmes")
        return context

    @staticmethod
    def grouped(options):
        """[(parent option, [sub-theme options])], parents by name; a sub-theme whose parent is not offered stands alone."""
        themes = {option["value"].instance.pk: option for option in options if hasattr(option["value"], "instance")}
        children = {}
        for option in themes.values():
            parent_id = option["value"].instance.parent_id
            if parent_id in themes:
                children.setdefault(parent_id, []).append(option)
        tops = [option for pk, option in themes.items() if option["value"].instance.parent_id not in themes]
        return [(top, sorted(children.get(top["value"].instance.pk, []), key=lambda o: str(o["label"]).lower()))
                for top in sorted(tops, key=lambda o: str(o["label"]).lower())]
