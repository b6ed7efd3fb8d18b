from django.contrib import messages

from toegang.core.errors import DomainError, ValidationFailed


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


def invalid_form(form) -> DomainError:
    """A form that failed its shape checks, as a domain error with the field errors (for report_outcome)."""

    return ValidationFailed("Controleer de invoer.",
                            field_errors={k: [str(e) for e in v] for k, v in form.errors.items()})


def report_outcome(request, error: DomainError | None = None, ok: str = "") -> None:
    """After a POST that redirects: the domain error with its field reasons, or the success message."""

    if error is not None:
        messages.error(request, error.message + "".join(f" {r}" for rs in error.field_errors.values() for r in rs))
    elif ok:
        messages.success(request, ok)
