"""Inspect and fix Booxi client module links and webhook payloads."""

# The one place the version is written: pyproject reads it (setuptools dynamic version),
# and a frozen bundle, which has no distribution metadata, still has it.
__version__ = "0.1.0"
# Decides the settings and data folders: renaming it would lose users' settings and backups.
APP_NAME = "booxi-desktop"
# The desktop file's name, the AppStream id and the icon's name (Wayland matches on it).
APP_ID = "com.booxi.desktop.BooxiDesktop"
