from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "toegang.messaging"
    verbose_name = "berichtenverkeer iJw/iWmo"

    def ready(self):
        from . import (
            receivers,  # noqa: F401 (a granted decision assigns care: receivers.assign_on_decision)
            requests,
        )
        requests.register()  # JW315/JW317 in actions.HANDLERS (requests.py: not importable from actions/receive.py)
