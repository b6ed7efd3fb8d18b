from django.contrib import messages

from toegang.core.errors import DomainError


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
