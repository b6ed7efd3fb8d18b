from django.apps import AppConfig


class EscalationConfig(AppConfig):
    name = "toegang.escalation"
    label = "escalation"
    verbose_name = "Escalatie en doorzettingsmacht"
