from django.apps import AppConfig


class RisalahConfig(AppConfig):
    name = "risalah"
