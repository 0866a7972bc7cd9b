"""``booxi-link`` run in-process against the sandbox, with the demo key in the environment."""

from __future__ import annotations

import pytest

from booxi_desktop.cli.main import main


@pytest.fixture
def cli(sandbox, monkeypatch, capsys):
    """Run ``booxi-link ARGS --base-url SANDBOX``; returns (exit code, stdout, stderr).

    Whatever a command prints, the key never appears in it and no traceback does.
    """
    monkeypatch.setenv("BOOXI_PARTNER_KEY", sandbox.demo_key)

    def run_cli(*args: str, target: bool = True) -> tuple[int, str, str]:
        extra = ["--base-url", sandbox.base_url] if target else []
        code = main([*args, *extra])
        out, err = capsys.readouterr()
        assert sandbox.demo_key not in out + err
        assert "Traceback" not in err
        return code, out, err

    return run_cli
