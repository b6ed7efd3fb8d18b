from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "toegang.assessments"
    label = "assessments"
    verbose_name = "Metingen"
