"""The Django admin: organisations and staff accounts only. No client data in the admin,
ever (a test fails if any other model is registered).

The admin's own login page is replaced by allauth's (``secure_admin_login``), so that
/admin/login/ cannot be used to sign in without the second factor.
"""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Organisation, User

admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("reintegra administration")
admin.site.site_title = _("reintegra administration")


def _unregister(app_label, model_name):
    from django.apps import apps

    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return
    if admin.site.is_registered(model):
        admin.site.unregister(model)


# Registered by Django, allauth and django-tasks-db. Groups are unused (roles are a field);
# e-mail addresses, authenticators and task results belong to their flows, not to hand
# edits: an authenticator edited in the admin would bypass the audit trail.
for label, name in (("auth", "Group"), ("account", "EmailAddress"),
                    ("mfa", "Authenticator"), ("django_tasks_database", "DBTaskResult")):
    _unregister(label, name)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "client_code_prefix")
    search_fields = ("name",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "organisation", "role", "is_active")
    list_filter = ("organisation", "role", "is_active", "is_staff")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Organisation"), {"fields": ("organisation", "role")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Organisation"), {"fields": ("organisation", "role")}),
    )

    def save_model(self, request, obj, form, change):
        """Role and activation changes made here are audited like any other (ids only)."""
        from reintegra.audit.models import Action
        from reintegra.audit.services import record

        changed = set(getattr(form, "changed_data", ()))
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if not change:
                record(actor=request.user, action=Action.CREATE, obj=obj,
                       organisation_id=obj.organisation_id)
                return
            if "role" in changed:
                record(actor=request.user, action=Action.ROLE_CHANGE, obj=obj,
                       organisation_id=obj.organisation_id)
            if "is_active" in changed:
                record(actor=request.user,
                       action=Action.ACTIVATE if obj.is_active else Action.DEACTIVATE,
                       obj=obj, organisation_id=obj.organisation_id)
