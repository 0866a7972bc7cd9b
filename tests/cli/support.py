"""Arguments the command-line tests share."""

from __future__ import annotations


def ids(sandbox) -> list[str]:
    return ["--client", str(sandbox.demo_client_id), "--module", sandbox.demo_module_id]
