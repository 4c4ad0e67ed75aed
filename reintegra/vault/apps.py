from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "reintegra.vault"
    verbose_name = "Vault"
