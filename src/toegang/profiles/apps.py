from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "toegang.profiles"
    label = "profiles"
    verbose_name = "Profielen"
