"""The `toegang` command: Django's command line with Toegang's settings."""

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toegang.settings.base")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
