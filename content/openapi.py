"""An OpenAPI 3.1 description of the Wagtail API v2 endpoints, built from the code.

Wagtail's API v2 has no schema generator of its own and its field set depends
on each page model's ``api_fields``, so the description is derived from the
registered endpoints and those declarations rather than written by hand:
adding an ``APIField`` updates the description. ``tests/content`` checks that
every path answers and that documented page fields appear in real responses.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import JsonResponse
from django.utils.translation import gettext
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models

from content.api_fields import ThemesField

SCALARS = [
    (models.BooleanField, {"type": "boolean"}),
    (models.DateTimeField, {"type": "string", "format": "date-time"}),
    (models.DateField, {"type": "string", "format": "date"}),
    (models.IntegerField, {"type": "integer"}),
    (RichTextField, {"type": "string", "contentMediaType": "text/html"}),
]
LISTING = {"type": "object", "properties": {
    "meta": {"type": "object", "properties": {"total_count": {"type": "integer"}}},
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/ContentItem"}},
}}
PARAMS = {
    "pages": ["type", "fields", "child_of", "descendant_of", "search", "order", "limit", "offset", "site"],
    "images": ["fields", "search", "order", "limit", "offset"],
    "documents": ["fields", "search", "order", "limit", "offset"],
}


def _field_schema(model, api_field):
    if isinstance(api_field.serializer, ThemesField):
        return {"type": "array", "items": {"$ref": "#/components/schemas/ContentTheme"}}
    try:
        field = model._meta.get_field(api_field.name)
    except FieldDoesNotExist:  # a property (e.g. ``section``): the API renders its string value
        return {"type": "string"}
    if isinstance(field, StreamField):
        return {"type": "array", "items": {"$ref": "#/components/schemas/StreamBlock"}}
    for field_class, schema in SCALARS:
        if isinstance(field, field_class):
            return dict(schema)
    schema = {"type": "string"}
    if field.choices:
        schema["enum"] = [value for value, _label in field.choices]
    return schema


def _page_schemas():
    schemas = {}
    for model in get_page_models():
        if model._meta.abstract or model is Page:  # Wagtail's root page is never served
            continue
        # A page type without ``api_fields`` (legal notice, sitemap…) is still served: its schema holds the common part.
        fields = getattr(model, "api_fields", None) or []
        name = f"{model._meta.app_label}.{model.__name__}"
        # ``meta.type`` names the model: a page matches its own schema only (the detail answer is ``oneOf`` them).
        meta = {"type": "object", "required": ["type"], "properties": {"type": {"const": name}}}
        schemas[name] = {
            "allOf": [{"$ref": "#/components/schemas/ContentItem"}, {
                "type": "object",
                "description": str(model._meta.verbose_name),
                "required": ["meta"],
                "properties": {"meta": meta, **{f.name: _field_schema(model, f) for f in fields}},
            }],
        }
    return schemas


def _operation(endpoint, detail):
    params = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}] if detail else [
        {"name": name, "in": "query", "required": False, "schema": {"type": "string"}} for name in PARAMS[endpoint]
    ]
    schema = {"$ref": "#/components/schemas/ContentItem"} if detail else LISTING
    if endpoint == "pages" and detail:
        schema = {"oneOf": [{"$ref": f"#/components/schemas/{name}"} for name in _page_schemas()]}
    return {"get": {
        "tags": [endpoint],
        "operationId": f"{endpoint}_{'detail' if detail else 'listing'}",
        "parameters": params,
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
                      **({"404": {"description": gettext("Introuvable ou non public")}} if detail else {})},
    }}


def build_schema(base_path="/api/v2"):
    from content.api import api_router

    paths = {}
    for endpoint in api_router._endpoints:
        paths[f"{base_path}/{endpoint}/"] = _operation(endpoint, detail=False)
        paths[f"{base_path}/{endpoint}/{{id}}/"] = _operation(endpoint, detail=True)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": gettext("Logis — API des contenus (Wagtail API v2)"),
            "version": "2",
            "description": gettext("Pages publiées et publiques (les pages réservées aux professionnels n'y figurent "
                                   "jamais), images et documents des sites éditoriaux."),
        },
        "paths": paths,
        "components": {"schemas": {
            "ContentItem": {"type": "object", "required": ["id", "meta"], "properties": {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "meta": {"type": "object", "additionalProperties": True},
            }},
            "ContentTheme": {"type": "object", "properties": {
                "name": {"type": "string"}, "slug": {"type": "string"}, "parent": {"type": ["string", "null"]},
            }},
            "StreamBlock": {"type": "object", "required": ["type", "value"], "properties": {
                "type": {"type": "string", "enum": _block_types()},
                "value": {},
                "id": {"type": "string"},
            }},
            **_page_schemas(),
        }},
    }


def _block_types():
    from content.blocks import BodyBlock

    return list(BodyBlock.base_blocks)


def merge_into(schema):
    """Add the pages API's paths and schemas to another description (the core's ``/api/openapi.json``)."""
    pages = build_schema()
    schema.setdefault("paths", {}).update(pages["paths"])
    schema.setdefault("components", {}).setdefault("schemas", {}).update(pages["components"]["schemas"])
    schema.setdefault("tags", []).extend({"name": tag, "description": gettext("API des contenus (Wagtail API v2)")}
                                         for tag in ("pages", "images", "documents"))
    return schema


def openapi_view(request):
    return JsonResponse(build_schema())
