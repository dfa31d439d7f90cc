"""Score forms: the whole sheet of one group (the no-JavaScript path, paper entry) and one entry
(the save endpoint behind the phone's autosave)."""

import hashlib
import uuid
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Criterion


def clean_points(text: str, criterion: Criterion) -> Decimal:
    """Points as typed (a comma is a decimal separator too) -> Decimal, or a clerk's message."""
    text = (text or "").strip().replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise forms.ValidationError(_("Enter a number, e.g. 25 or 22.5."), code="not_a_number")
    if value < 0:
        raise forms.ValidationError(_("Points cannot be negative."), code="negative")
    if value > criterion.max_points:
        raise forms.ValidationError(
            _("At most %(max)s points for this criterion.") % {"max": criterion.max_points}, code="over_max"
        )
    if value.as_tuple().exponent < -2:
        raise forms.ValidationError(_("At most two decimals, e.g. 22.25."), code="too_many_decimals")
    return value


class PointsField(forms.CharField):
    """Text input (a phone's decimal keypad) checked against one criterion."""

    def __init__(self, *, criterion: Criterion, **kwargs):
        self.criterion = criterion
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "autocomplete": "off", "class": "form-control form-control-lg"})
        return attrs

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        return clean_points(value, self.criterion)


class ScoreSheetForm(forms.Form):
    """Every criterion of the group's rubric in the round: points, comment and an entry key.

    The keys are made when the form is shown, so submitting the same page twice counts once;
    the key sent to the service also carries a digest of the entry, so a page sent again with a
    corrected value (after an error) is a new change, not a replay of the first.
    """

    def __init__(self, *args, criteria: list[Criterion], scores: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            score = scores.get(criterion.pk)
            self.fields[f"points_{criterion.pk}"] = PointsField(
                criterion=criterion,
                required=False,
                label=criterion.name,
                initial=score.points.normalize() if score else None,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                required=False,
                label=_("Comment on %(criterion)s (optional)") % {"criterion": criterion.name},
                initial=score.comment if score else "",
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                max_length=2000,
            )
            self.fields[f"key_{criterion.pk}"] = forms.CharField(
                widget=forms.HiddenInput, initial=uuid.uuid4().hex, max_length=64
            )

    def rows(self):
        """(criterion, points field, comment field, key field) for the template."""
        for criterion in self.criteria:
            yield (
                criterion,
                self[f"points_{criterion.pk}"],
                self[f"comment_{criterion.pk}"],
                self[f"key_{criterion.pk}"],
            )

    def entries(self):
        """(criterion, points, comment, key) of every criterion with points."""
        for criterion in self.criteria:
            points = self.cleaned_data.get(f"points_{criterion.pk}")
            if points is not None:
                comment = self.cleaned_data.get(f"comment_{criterion.pk}", "")
                digest = hashlib.sha256(f"{points}\n{comment.strip()}".encode()).hexdigest()[:16]
                yield criterion, points, comment, f"{self.cleaned_data[f'key_{criterion.pk}']}-{digest}"


class ScoreEntryForm(forms.Form):
    """One criterion's entry sent by the phone's autosave."""

    criterion = forms.IntegerField()
    points = forms.CharField(max_length=20, required=False)
    comment = forms.CharField(max_length=2000, required=False)
    key = forms.CharField(max_length=64)

    error_messages = {"criterion": gettext_lazy("That criterion is not on this sheet.")}

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = {criterion.pk: criterion for criterion in criteria}

    def clean_criterion(self):
        criterion = self.criteria.get(self.cleaned_data["criterion"])
        if criterion is None:
            raise forms.ValidationError(self.error_messages["criterion"], code="foreign_criterion")
        return criterion

    def clean(self):
        data = super().clean()
        criterion = data.get("criterion")
        if criterion is not None and "points" in data:
            try:
                data["points"] = clean_points(data["points"], criterion)
            except forms.ValidationError as error:
                self.add_error("points", error)
        return data
