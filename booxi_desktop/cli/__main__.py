"""``python -m booxi_desktop.cli`` is ``booxi-link`` (and the bundle's entry point for it)."""

import sys

from booxi_desktop.cli.main import main

sys.exit(main())
