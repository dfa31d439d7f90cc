"""The admin shows methods and year rules to edit, and risalah read-only."""

from django.conf import settings
from django.test import Client
from django.urls import reverse

from risalah.models import Method


def test_admin_lists_methods_and_shows_risalah_read_only(world):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users["admin"])
    method = Method.objects.get(code="tulta-7")
    html = client.get(reverse("admin:risalah_method_change", args=[method.pk])).content.decode()
    assert "Menentukan Tema dan Judul" in html
    html = client.get(reverse("admin:risalah_risalah_changelist")).content.decode()
    assert "Pelayanan cepat" in html
    response = client.get(reverse("admin:risalah_risalah_change", args=[world.risalah_a.pk]))
    assert response.status_code == 200
    assert 'name="status"' not in response.content.decode()  # statuses change through the workflow only
    assert client.get(reverse("admin:risalah_risalah_add")).status_code == 403
