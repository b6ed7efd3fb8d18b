"""One AccessLog row per request: the reads a page or API response makes are buffered and written once at the end.

A household page that reads the household, its members and their relations used to append a row per read; now it
appends one row with every subject shown (STYLE.md: "a page that shows personal data logs one access row per
request"). The row is written even when the view fails after reading: data that was read is logged.
"""

from .log import AccessBuffer, current_buffer, flush_access_buffer


class OneAccessLogPerRequest:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        buffer = AccessBuffer()
        token = current_buffer.set(buffer)
        try:
            return self.get_response(request)
        finally:
            current_buffer.reset(token)
            flush_access_buffer(buffer)
