"""Master data of the risalah in the admin: the methods and the yearly rules.

Risalah themselves are written on the portal's own pages (with versions, the checker and the
status workflow); the admin shows them read-only so that nobody bypasses those.
"""

from django.contrib import admin

from risalah.models import Method, MethodStep, Risalah, Transition, YearRules


class MethodStepInline(admin.StackedInline):
    model = MethodStep
    extra = 0
    fields = ["number", "code", "name", "pdca", "explanation", "tools", "evidence"]


@admin.register(Method)
class MethodAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_default"]
    inlines = [MethodStepInline]


@admin.register(YearRules)
class YearRulesAdmin(admin.ModelAdmin):
    list_display = ["programme_year", "method", "min_meetings", "min_attendance_pct"]


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Risalah)
class RisalahAdmin(admin.ModelAdmin):
    list_display = ["group", "programme_year", "theme", "status", "updated_at"]
    list_filter = ["programme_year", "status", "method"]
    search_fields = ["title", "theme", "group__name"]
    list_select_related = ["group", "programme_year"]
    inlines = [TransitionInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
