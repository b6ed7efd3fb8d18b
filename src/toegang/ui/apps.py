from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "toegang.ui"
    label = "ui"
    verbose_name = "Gebruikersinterface"
