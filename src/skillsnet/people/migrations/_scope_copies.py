"""The steps shared by the migrations that add copies of a participation's scope (people/scope.py): 0006 (the
countries) and 0008 (the organisations). Each is written to be run again after an interruption (columns and
indexes only where missing), as those migrations are not atomic. Not a migration itself (the loader skips names
starting with "_")."""


def add_columns(apps, schema_editor, columns, column):
    """The `columns` (each made by `column()`), unless an interrupted earlier run added them already."""
    Participation = apps.get_model("people", "Participation")
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        present = {c.name for c in connection.introspection.get_table_description(cursor,
                                                                                   Participation._meta.db_table)}
    for name in columns:
        if name not in present:
            schema_editor.add_field(Participation, _field(Participation, name, column))


def drop_columns(apps, schema_editor, columns, column):
    Participation = apps.get_model("people", "Participation")
    for name in columns:
        schema_editor.remove_field(Participation, _field(Participation, name, column))


def _field(model, name, column):
    field = column()
    field.set_attributes_from_name(name)
    field.model = model
    return field


def add_indexes(apps, schema_editor, indexes):
    """The `indexes` ({name: columns}), unless there already."""
    table = schema_editor.quote_name(apps.get_model("people", "Participation")._meta.db_table)
    for name, columns in indexes.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(name)} ON {table} "
                              f"({', '.join(schema_editor.quote_name(c) for c in columns)})")


def drop_indexes(apps, schema_editor, indexes):
    for name in indexes:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def steps(columns, column, indexes):
    """(add_columns, drop_columns, add_indexes, drop_indexes) of one migration, as RunPython takes them."""
    return (lambda apps, editor: add_columns(apps, editor, columns, column),
            lambda apps, editor: drop_columns(apps, editor, columns, column),
            lambda apps, editor: add_indexes(apps, editor, indexes),
            lambda apps, editor: drop_indexes(apps, editor, indexes))
