"""Load and save through the window's code path against the sandbox, next to bare httpx.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_load_save.py [RUNS]

Reports medians of RUNS requests for the demo link (3 keys) and a 500-key link:
the window's load vs one bare ``httpx`` GET, and the window's save (GET, durable
backup, PUT) vs bare GET + PUT. Targets: the window adds at most 5 ms to a load;
the UI thread never stalls more than 50 ms (lateness of a repeating 5 ms QTimer).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import qasync
from measure import StallMeter
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

BIG_KEYS = 500
HUGE_KEYS = 10_000


async def idle(window) -> float:
    """Wait for the window's request to finish; returns when it did (perf_counter).

    That moment is when the result is in the editor and the window is idle again, before
    Qt repaints it; the repaint shows up in the stall meter instead.
    """
    done = asyncio.get_running_loop().create_future()

    def changed(busy: bool) -> None:
        if not busy and not done.done():
            done.set_result(time.perf_counter())

    window.session.busyChanged.connect(changed)
    try:
        return await done
    finally:
        window.session.busyChanged.disconnect(changed)


def build(sandbox, scratch: Path):
    from keyring.backends.fail import Keyring as FailKeyring

    from booxi_desktop.core.regions import sandbox_region
    from booxi_desktop.core.remote.keychain import PartnerKeyStore
    from booxi_desktop.core.storage.backups import BackupStore
    from booxi_desktop.core.storage.drafts import DraftJournal
    from booxi_desktop.ui.main_window import MainWindow
    from booxi_desktop.ui.save.unsaved_prompt import Choice
    from booxi_desktop.ui.session import Session
    from booxi_desktop.ui.settings import AppSettings

    region = sandbox_region(sandbox.base_url)
    session = Session(
        [region],
        lambda: PartnerKeyStore(backend=FailKeyring()),
        session_keys={region.code: sandbox.demo_key},
    )
    settings = AppSettings(QSettings(str(scratch / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(
        session,
        settings,
        backups=lambda: BackupStore(scratch / "backups"),
        ask=lambda *_: Choice.DISCARD,
        # The human review step is not timed: confirm at once, as a user's click would.
        review=lambda _parent, _request, _target, proceed, _abandon: proceed(),
        drafts=lambda: DraftJournal(scratch / "drafts"),
        region=region.code,
    )
    window.show()
    return window


async def measure(sandbox, window, client_id: int, module_id: str, runs: int) -> dict:
    import httpx

    headers = {"Booxi-PartnerKey": sandbox.demo_key, "Accept": "application/json"}
    path = f"/client/{client_id}/moduleLink/{module_id}"
    meter = StallMeter()
    bare_get, bare_put, win_load, win_save, stalls = [], [], [], [], []
    async with httpx.AsyncClient(base_url=sandbox.base_url, trust_env=False) as http:
        for i in range(runs + 1):  # the first round warms both paths up
            started = time.perf_counter()
            body = (await http.get(path, headers=headers)).json()
            got = (time.perf_counter() - started) * 1000
            link = body["link"]
            put_body = {"externalId": link["externalId"], "metadata": link["metadata"]}
            started = time.perf_counter()
            (await http.put(path, json=put_body, headers=headers)).json()
            put = (time.perf_counter() - started) * 1000

            meter.start()
            started = time.perf_counter()
            window.open_link(client_id, module_id)
            load = (await idle(window) - started) * 1000
            assert window.editor.loaded is not None
            assert window.banner.notice is None

            model = window.editor.model
            model.setData(model.index(0, 1), f"run-{i}")
            started = time.perf_counter()
            window.saves.save()
            save = (await idle(window) - started) * 1000
            assert window.banner.notice is None, window.banner.text
            assert not window.isWindowModified()
            stall = meter.stop()
            if i:
                bare_get.append(got)
                bare_put.append(put)
                win_load.append(load)
                win_save.append(save)
                stalls.append(stall)
    med = statistics.median
    return {
        "bare GET": med(bare_get),
        "bare GET+PUT": med(bare_get) + med(bare_put),
        "window load": med(win_load),
        "window save": med(win_save),
        "max stall": max(stalls),
    }


async def main_async(runs: int) -> int:
    from booxi_desktop.sandbox.server import SandboxServer

    failed = False
    with tempfile.TemporaryDirectory() as tmp, SandboxServer(port=0, rate_limit=False) as sb:
        big = {f"key{n:03d}": f"value {n} " + "x" * 40 for n in range(BIG_KEYS)}
        sb.put_link_direct(sb.demo_client_id, "acme_crm", "BIG-1", big)
        huge = {f"key{n:05d}": f"value {n}" for n in range(HUGE_KEYS)}
        huge_client = next(c.id for c in sb.store.clients() if c.id != sb.demo_client_id)
        sb.put_link_direct(huge_client, "acme_crm", "HUGE-1", huge)
        window = build(sb, Path(tmp))
        cases = (
            ("demo link, 3 keys", sb.demo_client_id, sb.demo_module_id, runs),
            (f"{BIG_KEYS} keys", sb.demo_client_id, "acme_crm", runs),
            (f"{HUGE_KEYS:,} keys", huge_client, "acme_crm", max(5, runs // 5)),
        )
        for label, client_id, module, n in cases:
            r = await measure(sb, window, client_id, module, n)
            added = r["window load"] - r["bare GET"]
            save_added = r["window save"] - r["bare GET+PUT"]
            print(f"{label}: median of {n}")
            print(f"  bare httpx GET      {r['bare GET']:7.2f} ms")
            print(f"  window load         {r['window load']:7.2f} ms  (adds {added:+.2f} ms)")
            print(f"  bare httpx GET+PUT  {r['bare GET+PUT']:7.2f} ms")
            print(
                f"  window save         {r['window save']:7.2f} ms  (adds {save_added:+.2f} ms:"
                " durable backup, conflict check)"
            )
            print(f"  UI thread max stall {r['max stall']:7.2f} ms (target <= 50)")
            if client_id == huge_client:
                shown = r["window load"] + r["max stall"]
                print(f"  loaded and painted <= {shown:7.2f} ms (target <= 150)")
                failed |= shown > 150
            else:
                failed |= added > 5 or r["max stall"] > 50
        await window.session.aclose()
        window.close_discarding()
    return 1 if failed else 0


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    QApplication(sys.argv[:1])
    with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
        return runner.run(main_async(runs))


if __name__ == "__main__":
    sys.exit(main())
