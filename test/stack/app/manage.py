#!/usr/bin/env python
"""Django's command-line entry point for the wagtail-probe test stack."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stackapp.settings.build")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
