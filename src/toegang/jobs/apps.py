from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "toegang.jobs"
    label = "jobs"
    verbose_name = "Achtergrondtaken"
