"""make bench compares the client list with a Django admin changelist of the same rows: that
admin exists only inside the bench process (bench/run.py, bench_urlconf), never in the
product's URLs."""

import importlib.util
import sys
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from reintegra.clients.models import Client

BENCH = Path(__file__).resolve().parent.parent / "bench" / "run.py"


def _bench_module():
    spec = importlib.util.spec_from_file_location("reintegra_bench_run", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _product_has_no_client_admin():
    for name in ("admin:clients_client_changelist", "benchadmin:clients_client_changelist"):
        with pytest.raises(NoReverseMatch):
            reverse(name)
    with pytest.raises(Resolver404):
        resolve("/bench-admin/clients/client/")
    # The product's admin answers every path under /admin/ (its catch-all), never with a
    # changelist of clients.
    assert resolve("/admin/clients/client/").url_name != "clients_client_changelist"
    assert not admin.site.is_registered(Client)


def test_the_products_urls_have_no_client_admin():
    _product_has_no_client_admin()


def test_the_bench_admin_lives_in_its_own_urlconf_only():
    bench = _bench_module()
    name = bench.bench_urlconf(25)
    try:
        assert resolve("/bench-admin/clients/client/", urlconf=name).url_name == \
            "clients_client_changelist"
        _product_has_no_client_admin()  # building it changed nothing in the product
    finally:
        sys.modules.pop(name, None)
