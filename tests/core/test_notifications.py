"""The notification settings page and its list of the e-mails sent to the person."""

from django.urls import reverse

from core.models import MailKind, MailStatus, SentMail


def test_the_sent_mail_list_has_no_n_plus_one(login, world, django_assert_num_queries):
    user = world.users["operator_a"]
    client = login("operator_a")

    def send(number):
        SentMail.objects.create(
            recipient=user,
            to_email=user.email,
            kind=MailKind.STATUS_NOTICE,
            subject=f"Surat uji {number}",
            body="-",
            status=MailStatus.SENT,
        )

    send(1)
    client.get(reverse("core-notification-settings"))  # warm up (session, preferences)
    with django_assert_num_queries(8):
        page = client.get(reverse("core-notification-settings")).content.decode()
    assert page.count("Surat uji ") == 1
    send(2)
    send(3)
    with django_assert_num_queries(8):
        page = client.get(reverse("core-notification-settings")).content.decode()
    assert [f"Surat uji {number}" in page for number in (1, 2, 3)] == [True] * 3
