"""Django's minimum-length password validator with its message in Dutch (Django's own Dutch catalogue lacks it);
settings AUTH_PASSWORD_VALIDATORS. The other three validators speak Dutch already."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(self.get_help_text(), code="password_too_short",
                                  params={"min_length": self.min_length})

    def get_help_text(self):
        return ngettext("Het wachtwoord moet minimaal %(min_length)d teken lang zijn.",
                        "Het wachtwoord moet minimaal %(min_length)d tekens lang zijn.",
                        self.min_length) % {"min_length": self.min_length}
