from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "toegang.intake"
    label = "intake"
    verbose_name = "Meldingen en aanvragen"
