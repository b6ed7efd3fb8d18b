from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "toegang.safety"
    label = "safety"
    verbose_name = "Veiligheid: meldcode en veiligheidsplan"
