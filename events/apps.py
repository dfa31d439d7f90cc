from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from core import audit
        from events.history import STEPS
        from events.jury_pages import remember_jury_on_login
        from events.models import EventStatus

        # Labels of the details the events services write to the audit log.
        audit.describe_detail("event_step", _("step"), STEPS)
        audit.describe_detail("from_event_status", _("previous status"), EventStatus.choices)
        audit.describe_detail("to_event_status", _("new status"), EventStatus.choices)
        audit.describe_detail("seed", _("lottery seed"))
        audit.describe_detail("groups", _("groups"))
        audit.describe_detail("count", _("how many"))
        audit.describe_detail("reason", _("reason"))
        audit.describe_detail("jury", _("jury member"))
        audit.describe_detail("fields", _("fields changed"))
        audit.describe_detail("position", _("position"))
        audit.describe_detail("order", _("order"))
        audit.describe_detail("from_event", _("from the event"))
        # The menu's "Scoring" item reads a flag kept in the session (events.jury_pages).
        user_logged_in.connect(remember_jury_on_login, dispatch_uid="events-jury-flag")
