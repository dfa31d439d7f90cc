"""The events app's models: Gelar Budaya Kerja / lomba, Bimtek and seminars.

Split by area: ``events`` (the event, its rounds, tracks, rubric, award tiers, participants and
schedule), ``judging`` (juries, assignments, conflicts of interest, scores and their history,
results) and ``certificates`` (certificates and Bimtek participants).
"""

from events.models.certificates import BimtekParticipant, BimtekQuota, Certificate, CertificateKind
from events.models.events import (
    Aggregation,
    AwardTier,
    Criterion,
    Event,
    EventKind,
    EventStatus,
    Participant,
    Round,
    RoundKind,
    ScheduleSlot,
    Track,
)
from events.models.judging import (
    ConflictOfInterest,
    ConflictSource,
    Jury,
    JuryAssignment,
    JuryKind,
    Result,
    Score,
    ScoreChange,
)

__all__ = [
    "Aggregation",
    "AwardTier",
    "BimtekParticipant",
    "BimtekQuota",
    "Certificate",
    "CertificateKind",
    "ConflictOfInterest",
    "ConflictSource",
    "Criterion",
    "Event",
    "EventKind",
    "EventStatus",
    "Jury",
    "JuryAssignment",
    "JuryKind",
    "Participant",
    "Result",
    "Round",
    "RoundKind",
    "ScheduleSlot",
    "Score",
    "ScoreChange",
    "Track",
]
