"""The test suite; folders mirror the package."""

from pathlib import Path

DATA = Path(__file__).parent / "data"
WEBHOOKS = DATA / "webhooks"
