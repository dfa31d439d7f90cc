from django.contrib import admin

from groups.models import Group, GroupYear, Person, ProgrammeYear, RosterMember


@admin.register(ProgrammeYear)
class ProgrammeYearAdmin(admin.ModelAdmin):
    list_display = ["year", "is_current", "sk_deadline", "risalah_deadline", "gelar_date"]


class RosterInline(admin.TabularInline):
    model = RosterMember
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(GroupYear)
class GroupYearAdmin(admin.ModelAdmin):
    list_display = ["group", "programme_year", "sk_number", "status"]
    list_filter = ["programme_year", "status"]
    search_fields = ["group__name", "sk_number"]
    inlines = [RosterInline]
    readonly_fields = ["status", "problems"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "is_active", "formed_on"]
    list_filter = ["is_active"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "nip", "jabatan", "unit"]
    search_fields = ["name", "nip"]
    autocomplete_fields = ["unit", "user"]
