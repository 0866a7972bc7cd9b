"""Inspect and fix Booxi client module links and webhook payloads."""

__version__ = "0.1.0"
APP_NAME = "booxi-desktop"
