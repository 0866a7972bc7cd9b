"""A local Booxi-compatible HTTP server for trying the tool without touching real data.

It speaks the client module link part of the Booxi API on 127.0.0.1 only, with demo data,
Booxi's fair-use rate limits and injectable faults. It also sends webhook events (simulated
bookings) to registered loopback endpoints, driven on sandbox-only ``/sandbox/`` paths. It
never imports Qt. Import from its modules (``sandbox.server``, ``sandbox.faults``): the
package itself imports nothing.
"""
