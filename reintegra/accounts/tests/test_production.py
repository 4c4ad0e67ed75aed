"""Production loads no demo: `seed_demo` and `demo_logins` refuse under
REINTEGRA_ENV=production (a real process with production settings, not an override), and
no demo key is ever generated there."""

import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def production_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("REINTEGRA_", "DATABASE_URL", "KEYSTORE_DATABASE_URL"))}
    keys = tmp_path / "keys"
    keys.mkdir()
    for name in ("SECRET_KEY", "REINTEGRA_MASTER_KEY", "REINTEGRA_BLIND_INDEX_KEY",
                 "REINTEGRA_AUDIT_KEY", "REINTEGRA_MFA_KEY"):
        (keys / name).write_text(secrets.token_hex(32))
        env[f"{name}_FILE"] = str(keys / name)
    env.update(REINTEGRA_ENV="production", ALLOWED_HOSTS="reintegra.example.org",
               REINTEGRA_VAR_DIR=str(tmp_path / "var"),
               DATABASE_URL=f"sqlite:///{tmp_path / 'main.sqlite3'}",
               KEYSTORE_DATABASE_URL=f"sqlite:///{tmp_path / 'keys.sqlite3'}")
    return env


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """Production databases with every table: without its guard, seed_demo would run."""
    tmp_path = tmp_path_factory.mktemp("production")
    env = production_env(tmp_path)
    for args in (["migrate", "--noinput"], ["migrate", "--noinput", "--database", "keystore"]):
        assert manage(env, *args).returncode == 0
    return tmp_path, env


@pytest.mark.parametrize("command", [["seed_demo"], ["seed_demo", "--clients", "10"],
                                     ["demo_logins"]])
def test_the_demo_refuses_to_run_in_production(migrated, command):
    tmp_path, env = migrated
    result = manage(env, *command, "--no-color")
    assert result.returncode == 1
    assert result.stderr.startswith("CommandError")
    assert "production" in result.stderr.lower() or "produkcyj" in result.stderr.lower()
    assert not (tmp_path / "var" / "demo-keys").exists()
    with sqlite3.connect(tmp_path / "main.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM accounts_organisation").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM accounts_user").fetchone() == (0,)
