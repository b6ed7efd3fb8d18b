from django.shortcuts import render

from toegang.core.errors import NotAllowed, NotFound


class DomainErrorMiddleware:
    """Pages answer a NotFound with 404 and a NotAllowed with 403, in Dutch, never with a stack trace."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, NotFound):
            return render(request, "ui/error.html", {"title": "Niet gevonden", "message": exception.message}, status=404)
        if isinstance(exception, NotAllowed):
            return render(request, "ui/error.html", {"title": "Geen toegang", "message": exception.message}, status=403)
        return None
