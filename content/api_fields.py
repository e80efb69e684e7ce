"""Serializer fields for the Wagtail API v2 representation of pages."""

from rest_framework import serializers


class ThemesField(serializers.Field):
    """A page's themes as ``[{name, slug, parent}]`` (parent: the parent theme's slug or null)."""

    def get_attribute(self, instance):
        return instance.themes.select_related("parent").order_by("name")

    def to_representation(self, themes):
        return [{"name": t.name, "slug": t.slug, "parent": t.parent.slug if t.parent_id else None} for t in themes]
