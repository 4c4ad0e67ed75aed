from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "reintegra.clients"
    verbose_name = _("Clients")

    def ready(self) -> None:
        from reintegra.core import home

        from .home import my_clients_block, target_block

        home.register(target_block)
        home.register(my_clients_block)
