from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _

from toegang.core.errors import DomainError


class VersionForm(forms.Form):
    """A form that acts on the version of the object the page shows (a hidden input the page writes): a stale form
    is refused by the action, not silently applied (STYLE.md, one POST pattern)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        # The person cannot see or fix a hidden field: say what to do instead of naming it in the error summary.
        if self._errors.pop("version", None):
            raise forms.ValidationError(_("Het formulier kwam onvolledig binnen. Laad de pagina opnieuw en probeer "
                                          "het nog eens."))
        return super().clean()


def apply_domain_error(form, exc: DomainError) -> None:
    """Show a domain error on the form: field errors at their field, the message at the top."""
    unplaced = []
    for name, reasons in exc.field_errors.items():
        for reason in reasons:
            if name in form.fields:
                form.add_error(name, reason)
            else:
                unplaced.append(reason)  # a reason about something the form has no field for: never dropped
    message = " ".join([exc.message, *unplaced]).strip()
    if message:
        form.add_error(None, message)


def report_outcome(request, error: DomainError | None = None, ok: str = "") -> None:
    """After a button without typed input that redirects: the refusal with its reasons, or the success message."""

    if error is not None:
        messages.error(request, error.message + "".join(f" {r}" for rs in error.field_errors.values() for r in rs))
    elif ok:
        messages.success(request, ok)
