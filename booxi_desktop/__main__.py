"""``python -m booxi_desktop`` opens the window."""

import sys

from booxi_desktop.ui.app import main

sys.exit(main())
