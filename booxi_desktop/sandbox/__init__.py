"""A local Booxi-compatible HTTP server for trying the tool without touching real data.

It speaks the client module link part of the Booxi API on 127.0.0.1 only, with demo data,
Booxi's fair-use rate limits and injectable faults. It never imports Qt.
"""

from booxi_desktop.sandbox.faults import Faults
from booxi_desktop.sandbox.server import SandboxServer

__all__ = ["Faults", "SandboxServer"]
