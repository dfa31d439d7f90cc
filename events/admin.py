"""The events in the admin: setting up rounds, tracks, rubrics and award tiers by hand.

Scores, their history, results and certificates are read-only here: they change only through
events.services (idempotency keys, the round lock, the history), never by an edit in the admin.
"""

from django.contrib import admin

from events.models import (
    AwardTier,
    BimtekParticipant,
    BimtekQuota,
    Certificate,
    ConflictOfInterest,
    Criterion,
    Event,
    Jury,
    JuryAssignment,
    Participant,
    Result,
    Round,
    ScheduleSlot,
    Score,
    ScoreChange,
    Track,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    fields = ["order", "name", "kind", "advance_count", "locked_at"]
    readonly_fields = ["locked_at"]


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0
    fields = ["order", "code", "name", "requires_verified_risalah", "aggregation", "normalise", "tie_breaks"]


class AwardTierInline(admin.TabularInline):
    model = AwardTier
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "programme_year", "starts_on", "status"]
    list_filter = ["kind", "status", "programme_year"]
    search_fields = ["title", "venue"]
    autocomplete_fields = ["organiser", "scope"]
    readonly_fields = ["status", "lottery_seed", "lottery_drawn_at", "lottery_drawn_by"]
    inlines = [RoundInline, TrackInline, AwardTierInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "track", "round", "max_points", "weight", "order"]
    list_filter = ["track__event"]
    list_select_related = ["track", "round__event"]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["group", "event", "track", "current_round", "lottery_order"]
    list_filter = ["event"]
    search_fields = ["group__name"]
    list_select_related = ["group", "event", "track", "current_round__event"]


@admin.register(ScheduleSlot)
class ScheduleSlotAdmin(ReadOnlyAdmin):
    list_display = ["participant", "round", "starts_at", "ends_at"]
    list_select_related = ["participant__group", "participant__track", "round__event"]


@admin.register(Jury)
class JuryAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "kind", "affiliation", "is_active"]
    list_filter = ["event", "kind"]
    fields = ["is_active", "affiliation"]
    list_select_related = ["user", "event"]

    def has_add_permission(self, request) -> bool:
        return False  # through events.services.jury_add / jury_invite_guest (conflicts, invitation)


@admin.register(JuryAssignment)
class JuryAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["jury", "participant", "round"]
    list_select_related = ["jury__user", "participant__group", "participant__track", "round__event"]


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ReadOnlyAdmin):
    list_display = ["jury", "participant", "source", "reason"]
    list_select_related = ["jury__user", "participant__group", "participant__track"]


class ScoreChangeInline(admin.TabularInline):
    model = ScoreChange
    extra = 0
    can_delete = False
    fields = ["at", "old_points", "new_points", "new_comment", "by", "entered_by", "idempotency_key"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ["participant", "jury", "round", "criterion", "points", "entered_by", "updated_at"]
    list_filter = ["round__event"]
    list_select_related = [
        "participant__group",
        "participant__track",
        "jury__user",
        "round__event",
        "criterion",
    ]
    inlines = [ScoreChangeInline]


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ["rank", "participant", "track", "round", "total", "award_tier", "advanced"]
    list_filter = ["round__event", "track"]
    list_select_related = ["participant__group", "participant__track", "track", "round__event", "award_tier"]


@admin.register(BimtekQuota)
class BimtekQuotaAdmin(admin.ModelAdmin):
    list_display = ["event", "unit", "seats"]
    autocomplete_fields = ["unit"]


@admin.register(BimtekParticipant)
class BimtekParticipantAdmin(ReadOnlyAdmin):
    list_display = ["name", "nip", "unit", "event", "attended", "attended_at"]
    list_filter = ["event", "attended"]
    search_fields = ["name", "nip"]
    list_select_related = ["unit", "event"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "recipient_name", "event", "issued_at", "revoked_at"]
    list_filter = ["event", "kind"]
    search_fields = ["number", "verification_code", "recipient_name"]
    list_select_related = ["event"]
