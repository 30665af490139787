"""Linkworker: offline-first desktop app for social prescribing link workers and health coaches."""

__version__ = "0.1.0"
APP_NAME = "Linkworker"
