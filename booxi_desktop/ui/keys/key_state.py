"""Where a region's partner key lives, in words for the region bar and the key dialog."""

from __future__ import annotations

from booxi_desktop.ui.session import Session

CHECKING = "Checking the keychain…"
SESSION_ONLY = "Key for this session only"
SESSION_ONLY_DETAIL = "Session only: kept in memory until you quit, never written to a file."


def key_state_text(session: Session, code: str) -> tuple[str, str]:
    """Where the region's key lives, as a short label and a full sentence."""
    if session.session_key_only(code):
        return SESSION_ONLY, SESSION_ONLY_DETAIL
    if session.keychain_checking:
        return CHECKING, "Reading this region's key from the OS keychain."
    if session.keychain_deferred:
        return "", "The OS keychain is read when a region that keeps its key there is used."
    from booxi_desktop.core.remote.keychain import KeyState

    store = session.key_store
    state = store.state(code)
    if state is KeyState.STORED:
        return "Key stored in keychain", f"Stored in the OS keychain ({store.backend_name})."
    if state is KeyState.SESSION_ONLY:
        why = "" if store.keychain_available else " No secure keychain is available here."
        return SESSION_ONLY, f"{SESSION_ONLY_DETAIL}{why}"
    return "No key", "No key for this region yet."
