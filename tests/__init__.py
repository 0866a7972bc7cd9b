"""The test suite; folders mirror the package."""

from pathlib import Path

DATA = Path(__file__).parent / "data"
WEBHOOKS = DATA / "webhooks"

# Dates no time zone west of UTC (year 1) or east of it (year 9999) can always show.
YEAR_ONE_WEST = "0001-01-01T00:00:00-05:00"
YEAR_9999_WEST = "9999-12-31T23:59:59-05:00"
