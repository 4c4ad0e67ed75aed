"""The append-only triggers' migration holds its SQL literally.

A migration must do tomorrow what it did the day it was written: if it imported the SQL
from reintegra/audit/guards.py, a later change there would silently change what an old
migration installs on a fresh database. The migration is frozen; guards.py (used by
``flush`` to lift and restore the guard) must agree with it, or a new migration is due.
"""

import ast
import importlib
from pathlib import Path

from reintegra.audit import guards

MIGRATION = "reintegra.audit.migrations.0003_append_only_triggers"


def test_the_migration_imports_nothing_of_the_project():
    source = Path(importlib.import_module(MIGRATION).__file__).read_text()
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert not [name for name in imported if name and name.startswith("reintegra")], imported


def test_the_frozen_sql_is_what_guards_installs_today():
    migration = importlib.import_module(MIGRATION)
    for vendor, (install, remove) in guards._STATEMENTS.items():
        assert migration.INSTALL[vendor] == install(), vendor
        assert migration.REMOVE[vendor] == remove(), vendor
