"""Inserting many new rows at the database's speed: ``bulk_create`` without its per-value SQL building.

``bulk_create`` walks every value of every row through several layers of the
SQL compiler, and on SQLite cuts a batch into statements of 999 parameters
(24 offers each); for an import of 100,000 offers and their 100,000 history
entries that is most of the time spent writing. :func:`insert` converts each
value with its field's own conversion (skipped for a value already of the
column's plain type), then sends a whole batch at once: ``COPY`` on
PostgreSQL (the ids drawn from the table's sequence first), one multi-row
``INSERT … RETURNING`` on SQLite. Like ``bulk_create`` it sends no signal:
record the history with :func:`logis.audit.record_many`.
"""

import datetime
import decimal
import operator
import sqlite3
import time
import uuid

from django.db import connections, router
from django.db.models import DateField, Field
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

BATCH = 1000
AUTO_KEYS = ("AutoField", "BigAutoField", "SmallAutoField")
#: Internal field types whose database value is the Python value itself when it has this type.
PLAIN = {
    "CharField": str, "TextField": str, "SlugField": str, "BooleanField": bool, "IntegerField": int,
    "BigIntegerField": int, "SmallIntegerField": int, "PositiveIntegerField": int,
    "PositiveSmallIntegerField": int, "PositiveBigIntegerField": int, "AutoField": int, "BigAutoField": int,
}
#: Value types whose database form depends on the value alone: converted once per insert.
IMMUTABLE = frozenset({datetime.date, datetime.datetime, datetime.time, decimal.Decimal, uuid.UUID})


class _Columns:
    """How to read one model's rows: the attributes read at once, then the few values to convert.

    A value already of its column's plain type (a ``str`` for a ``CharField``)
    and ``None`` (NULL, for every Django field) go as they are; a value of
    an immutable type (a date) is converted once per insert and remembered,
    for a file repeats its dates; any other value goes through its field's
    ``get_db_prep_save``. A date field with ``auto_now``/``auto_now_add``
    takes its time once per batch (every row of it the same, as one
    statement would give them); any other field that sets its value when
    saved goes through its ``pre_save`` row by row.
    """

    def __init__(self, fields, connection):
        self.connection = connection
        names = [f.attname for f in fields]
        read = operator.attrgetter(*names)
        self.read = read if len(names) > 1 else lambda obj: (read(obj),)
        self.convert, self.timestamps, self.set_on_save = [], [], []
        for index, field in enumerate(fields):
            if isinstance(field, DateField) and (field.auto_now or field.auto_now_add):
                self.timestamps.append((index, field))
            elif type(field).pre_save is not Field.pre_save and not isinstance(field, DateField):
                self.set_on_save.append((index, field))
            else:  # a date without auto_now(_add): its pre_save only reads the value
                target = field.target_field if field.is_relation else field
                self.convert.append((index, PLAIN.get(target.get_internal_type(), _Never), field.get_db_prep_save, {}))

    def rows(self, objs):
        """The database values of ``objs`` in the order of the fields; the values set when saved are set on the objects too."""
        connection, now = self.connection, []
        if objs:
            for index, field in self.timestamps:
                value = field.pre_save(objs[0], True)
                now.append((index, field.attname, value, field.get_db_prep_save(value, connection)))
        rows = []
        for obj in objs:
            row = list(self.read(obj))
            for index, plain, prepare, remembered in self.convert:
                value = row[index]
                if value is None or value.__class__ is plain:
                    continue
                if value.__class__ in IMMUTABLE:
                    try:
                        row[index] = remembered[value]
                    except KeyError:
                        row[index] = remembered[value] = prepare(value, connection)
                else:
                    row[index] = prepare(value, connection)
            for index, attname, value, prepared in now:
                setattr(obj, attname, value)
                row[index] = prepared
            for index, field in self.set_on_save:
                row[index] = field.get_db_prep_save(field.pre_save(obj, True), connection)
            rows.append(row)
        return rows


class _Never:
    """The plain type of a column that has none: its values are always converted."""


def _sqlite_batch(connection, fields):
    """Rows per statement within SQLite's own limit of parameters (32,766 since 3.32, not Django's prudent 999)."""
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(BATCH, limit // len(fields)))


def instances(model, rows, **common):
    """New ``model`` instances from ``rows`` (dicts of field values by name, a foreign key as its object or its ``_id``) and ``common``.

    Values are set as given, as ``Model(**values)`` would set them, with the
    defaults computed once (a callable default is called for each instance).
    ``Model.__init__`` goes through every column's descriptor one ``setattr``
    at a time: for an offer and its history entry, a tenth of an import's time.
    When nothing can tell the difference — no ``pre_init``/``post_init``
    receiver for the model, every column read and written through Django's
    plain attribute — an instance is its state and its values set at once;
    otherwise the values go to ``Model.__init__`` in column order.
    """
    fields = model._meta.concrete_fields
    relations = {f.name: f for f in fields if f.is_relation}
    called = [(f.attname, f) for f in fields if f.has_default() and callable(f.default)]
    template = {f.attname: None if f.has_default() and callable(f.default) else f.get_default() for f in fields}
    shared = []
    _set(template, shared, relations, common)
    direct = not (pre_init.has_listeners(model) or post_init.has_listeners(model)) and all(
        type(getattr(model, f.attname, None)) in _PLAIN_ATTRIBUTES for f in fields)
    new, built = model.__new__, []
    for row in rows:
        values, related = template.copy(), shared.copy()
        for attname, field in called:
            values[attname] = field.get_default()
        _set(values, related, relations, row)
        if direct:
            obj = new(model)
            obj._state = ModelState()
            obj.__dict__.update(values)
        else:
            obj = model(*values.values())
        for field, value in related:
            field.set_cached_value(obj, value)
        built.append(obj)
    return built


#: How Django reads and writes a column's value on an instance (a foreign key's ``_id`` too) when no field changes it.
_PLAIN_ATTRIBUTES = (DeferredAttribute, ForeignKeyDeferredAttribute)


def _set(values, related, relations, row):
    """``row`` set in ``values`` (by column, in the model's order): a related object gives its key, kept in ``related`` to be cached."""
    size = len(values)
    values.update(row)  # a plain field's name is its column's
    for name, field in relations.items():
        if name in values:
            value = values.pop(name)
            values[field.attname] = None if value is None else value.pk
            if value is not None:
                related.append((field, value))
    if len(values) != size:
        raise TypeError(f"{', '.join(list(values)[size:])}: not fields of this model")


def insert(objs, batch_size=BATCH):
    """Insert the new model instances ``objs`` (all of one model, no pk yet); set their pk and return them.

    Inside the caller's transaction; a failure leaves the batch unwritten
    with the rest of that transaction. A model whose key the database does
    not number (a UUID) goes through ``bulk_create``.
    """
    objs = list(objs)
    if not objs:
        return objs
    model = type(objs[0])
    meta, using = model._meta, router.db_for_write(model)
    connection = connections[using]
    if meta.pk.get_internal_type() not in AUTO_KEYS or connection.vendor not in ("postgresql", "sqlite"):
        return model._default_manager.bulk_create(objs, batch_size=batch_size)
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    reader = _Columns(fields, connection)
    quote = connection.ops.quote_name
    table, columns = quote(meta.db_table), ", ".join(quote(f.column) for f in fields)
    if connection.vendor == "sqlite":
        batch_size = min(batch_size, _sqlite_batch(connection, fields))
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            batch = objs[start:start + batch_size]
            rows = reader.rows(batch)
            insert_rows = _copy if connection.vendor == "postgresql" else _insert_returning
            ids = insert_rows(cursor, table, meta.pk.column, columns, rows)
            for obj, pk in zip(batch, ids, strict=True):
                obj.pk = pk
                obj._state.adding, obj._state.db = False, using
    return objs


def _copy(cursor, table, pk, columns, rows):
    """PostgreSQL: ids from the table's sequence, then the rows through ``COPY`` (values adapted by psycopg, in C)."""
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, len(rows)])
    ids = [row[0] for row in cursor.fetchall()]
    sql, started = f"COPY {table} ({cursor.db.ops.quote_name(pk)}, {columns}) FROM STDIN", time.monotonic()
    with cursor.cursor.copy(sql) as copy:
        for pk_value, row in zip(ids, rows):
            copy.write_row((pk_value, *row))
    _logged(cursor, sql, started)
    return ids


def _insert_returning(cursor, table, pk, columns, rows):
    """One ``INSERT … VALUES (…), (…) RETURNING id``; the ids come in the order of the rows, as ``bulk_create`` relies on too.

    Written with SQLite's own ``?`` marks and sent to its cursor: Django's
    wrapper would rewrite every ``%s`` of a statement of thousands of values
    (a tenth of an import's time). Errors still come out as Django's.
    """
    placeholder = "(" + ", ".join(["?"] * len(rows[0])) + ")"
    sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholder] * len(rows))} RETURNING {cursor.db.ops.quote_name(pk)}"
    started = time.monotonic()
    with cursor.db.wrap_database_errors:
        ids = [row[0] for row in sqlite3.Cursor.execute(cursor.cursor, sql, [value for row in rows for value in row]).fetchall()]
    _logged(cursor, sql, started)
    return ids


def _logged(cursor, sql, started):
    """A statement sent past Django's cursor, logged as Django logs its own (with DEBUG, in tests counting queries,
    for the debug toolbar): an import's writes stay visible where its queries are counted."""
    if cursor.db.queries_logged:
        cursor.db.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
