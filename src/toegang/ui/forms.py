from toegang.core.errors import DomainError


def apply_domain_error(form, exc: DomainError) -> None:
    """Show a domain error on the form: field errors at their field, the message at the top."""
    placed = False
    for name, reasons in exc.field_errors.items():
        for reason in reasons:
            if name in form.fields:
                form.add_error(name, reason)
                placed = True
    if not placed or exc.message:
        form.add_error(None, exc.message)
