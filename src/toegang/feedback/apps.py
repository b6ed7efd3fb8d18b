from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "toegang.feedback"
    label = "feedback"
    verbose_name = "Klachten en tevredenheid"
