"""core.forms.QuickSelect: the HTML of Django's own Select, written without a template per option."""

import pytest
from django import forms

from core.forms import QuickSelect
from core.models import Unit

CHOICES = [
    ("", "---------"),
    ("a", 'Dinas <Kesehatan> & "RSUD"'),
    ("Kecamatan", [("k1", "— Kelurahan 'Satu'"), ("k2", "— Desa Dua")]),
    (3, "Angka"),
    ("a", "the same value again: only its first option is selected"),
    (None, "no value"),
]


@pytest.mark.parametrize("value", [None, "", "a", "k2", 3, "not a choice"])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_unit", "class": "form-select", "required": True, "disabled": False, "title": 'a "b"'}],
)
def test_renders_what_djangos_select_renders(value, attrs):
    ours = QuickSelect(choices=CHOICES, attrs={"data-x": "<y>"}).render("unit", value, attrs)
    django = forms.Select(choices=CHOICES, attrs={"data-x": "<y>"}).render("unit", value, attrs)
    assert ours == django
    assert "&lt;Kesehatan&gt; &amp; &quot;RSUD&quot;" in ours  # labels escaped, not passed through


def test_a_model_choice_field_of_units_selects_the_bound_unit(world):
    class Form(forms.Form):
        unit = forms.ModelChoiceField(
            queryset=Unit.objects.order_by("path"), to_field_name="uuid", widget=QuickSelect, required=False
        )

    form = Form({"unit": str(world.unit_a.uuid)})
    assert form.is_valid(), form.errors
    html = str(form["unit"])
    assert f'<option value="{world.unit_a.uuid}" selected>{world.unit_a}</option>' in html
    assert html.count("<option") == Unit.objects.count() + 1
    assert html == forms.Select(choices=form.fields["unit"].choices).render(
        "unit", str(world.unit_a.uuid), {"id": "id_unit"}
    )
