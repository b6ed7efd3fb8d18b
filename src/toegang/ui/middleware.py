from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext

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
            return render(request, "ui/error.html", {"title": gettext("Niet gevonden"), "message": exception.message}, status=404)
        if isinstance(exception, NotAllowed):
            return render(request, "ui/error.html", {"title": gettext("Geen toegang"), "message": exception.message}, status=403)
        return None


class DutchUnlessChosen(LocaleMiddleware):
    """The page language: Dutch, unless the user chose another in the language selector (its cookie). The browser's
    Accept-Language is not asked: the staff are Dutch municipal professionals whose browsers are often set to English
    (issue 11, point 12). Replaces Django's LocaleMiddleware (its response handling is kept).

    The API answers in Dutch whatever cookie the caller sends: its messages are part of the contract (openapi.yaml)
    and a program does not choose a language in a selector."""

    def process_request(self, request):
        chosen = None if request.path.startswith("/api/") else request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        translation.activate(chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        translation.activate(settings.LANGUAGE_CODE)  # what runs next on this thread (a job, a test) is Dutch again
        return response

