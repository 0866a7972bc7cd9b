"""The bundle's one executable: ``booxi-link`` when started under that name, else the window.

On Linux and macOS the bundle's ``booxi-link`` is a symbolic link to ``booxi-desktop``, so
both commands share one executable and one archive of Python modules.
"""

import multiprocessing
import os
import sys

# The webhook receiver's child process is this executable started again: let it become
# that child before anything else runs.
multiprocessing.freeze_support()

if os.path.basename(sys.argv[0]).startswith("booxi-link"):
    from booxi_desktop.cli.main import main
else:
    from booxi_desktop.ui.app import main

sys.exit(main())
