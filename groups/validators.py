"""NIP validation lives in core.nip (accounts need it too, and core imports no app).

Kept here because the first migrations of groups name ``groups.validators.validate_nip``.
"""

from core.nip import clean_nip, nip_problems, normalise_nip, validate_nip

__all__ = ["clean_nip", "nip_problems", "normalise_nip", "validate_nip"]
