"""Where a region's partner key lives, in words for the region bar and the key dialog."""

from __future__ import annotations

from booxi_desktop.ui.session import Session

CHECKING = "Checking the keychain…"


def key_state_text(session: Session, code: str) -> tuple[str, str]:
    """Where the region's key lives, as a short label and a full sentence."""
    if session.keychain_checking:
        return CHECKING, "Reading this region's key from the OS keychain."
    from booxi_desktop.core.remote.keychain import KeyState

    store = session.key_store
    state = store.state(code)
    if state is KeyState.STORED:
        return "Key stored in keychain", f"Stored in the OS keychain ({store.backend_name})."
    if state is KeyState.SESSION_ONLY:
        why = "" if store.keychain_available else " No secure keychain is available here."
        return (
            "Key for this session only",
            f"Session only: kept in memory until you quit, never written to a file.{why}",
        )
    return "No key", "No key for this region yet."
