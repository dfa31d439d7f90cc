from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from core.models import RoleAssignment, Unit, User


@admin.register(Unit)
class UnitAdmin(TreeAdmin):
    form = movenodeform_factory(Unit)
    list_display = ["name", "short_name", "kind", "code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["unit"]
    readonly_fields = ["granted_at", "granted_by"]


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "full_name", "email", "unit", "is_active"]
    search_fields = ["username", "full_name", "email", "nip"]
    list_filter = ["is_active", "is_superuser", "roles__role"]
    autocomplete_fields = ["unit"]
    inlines = [RoleInline]
    fieldsets = UserAdmin.fieldsets + ((_("Portal"), {"fields": ("full_name", "nip", "unit", "phone")}),)
