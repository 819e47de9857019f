"""The "Send anyway / Edit" prompt of `followup-guard-sendmail`, for clients without a terminal.

mutt and NeoMutt start the sender with no controlling terminal and aerc throws its output away,
so where a display exists the shim asks in a small window: zenity or yad when installed, else a
Tk window. Every way out that is not an explicit "Send anyway" (Edit, Escape, closing the
window, the timeout, a dialog that cannot start) keeps the message unsent.

``ask_send_anyway`` returns ``"send"``, ``"edit"``, or ``None`` when no dialog could be shown
(the caller then refuses on stderr).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Sequence
from typing import Any

TITLE = "followup-guard: check before sending"
TIMEOUT_SECONDS = 300
SEND, EDIT = "send", "edit"


def summary(
    findings: Sequence[Any],
    subject: str,
    recipients: Sequence[str],
    question: str = "Send it anyway, or go back and edit it?",
) -> str:
    """The dialog's plain text: what, to whom, and each finding with its fix."""
    noun = "problem" if len(findings) == 1 else "problems"
    to = ", ".join(recipients[:4]) + (
        f" and {len(recipients) - 4} more" if len(recipients) > 4 else ""
    )
    lines = [
        f"\u201c{subject or '(no subject)'}\u201d to {to}",
        "",
        f"followup-guard found {len(findings)} {noun}:",
        "",
    ]
    for f in findings[:12]:
        lines.append(f"\u2022 [{f.severity}] {f.message}")
        if f.fix:
            lines.append(f"    Fix: {f.fix}")
    if len(findings) > 12:
        lines.append(f"\u2026 and {len(findings) - 12} more")
    lines += ["", question]
    return "\n".join(lines)


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _run(argv: list[str]) -> int | None:
    try:
        return subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=TIMEOUT_SECONDS + 30,
            check=False,
        ).returncode
    except (OSError, subprocess.SubprocessError):
        return None


def ask_zenity(text: str, timeout: int = TIMEOUT_SECONDS) -> str | None:
    exe = shutil.which("zenity")
    if not exe:
        return None
    rc = _run(
        [
            exe,
            "--question",
            f"--title={TITLE}",
            f"--text={text}",
            "--no-markup",
            "--ok-label=Send anyway",
            "--cancel-label=Edit",
            "--default-cancel",
            "--width=560",
            f"--timeout={timeout}",
        ]
    )
    # 0 Send anyway, 1 Edit or closed, 5 timeout; anything else: zenity could not run.
    if rc == 0:
        return SEND
    if rc in (1, 5):
        return EDIT
    return None


def ask_yad(text: str, timeout: int = TIMEOUT_SECONDS) -> str | None:
    exe = shutil.which("yad")
    if not exe:
        return None
    import html

    rc = _run(
        [
            exe,
            f"--title={TITLE}",
            f"--text={html.escape(text, quote=False)}",
            "--image=dialog-warning",
            "--width=560",
            "--center",
            "--on-top",
            "--button=Edit:1",
            "--button=Send anyway:0",
            f"--timeout={timeout}",
        ]
    )
    # 0 Send anyway, 1 Edit, 70 timeout, 252 closed / Escape.
    if rc == 0:
        return SEND
    if rc in (1, 70, 252):
        return EDIT
    return None


def ask_tk(text: str, timeout: int = TIMEOUT_SECONDS) -> str | None:
    """A small Tk window. Edit has the focus, so a stray Return never sends."""
    if not os.environ.get("DISPLAY"):
        return None
    try:
        import tkinter as tk
    except ImportError:
        return None
    choice = {"value": EDIT}
    try:
        root = tk.Tk(className="followup-guard")
    except tk.TclError:
        return None
    try:
        root.title(TITLE)
        root.resizable(False, False)
        with contextlib.suppress(tk.TclError):
            root.attributes("-topmost", True)

        def done(value: str) -> None:
            choice["value"] = value
            root.destroy()

        frame = tk.Frame(root, padx=16, pady=12)
        frame.pack(fill="both", expand=True)
        tk.Label(frame, text=text, justify="left", anchor="w", wraplength=560).pack(
            fill="x", pady=(0, 12)
        )
        buttons = tk.Frame(frame)
        buttons.pack(anchor="e")
        send = tk.Button(buttons, text="Send anyway", underline=0, command=lambda: done(SEND))
        edit = tk.Button(
            buttons, text="Edit", underline=0, default="active", command=lambda: done(EDIT)
        )
        send.pack(side="left", padx=(0, 8))
        edit.pack(side="left")
        for b in (send, edit):
            b.bind("<Return>", lambda e: e.widget.invoke())
            b.bind("<KP_Enter>", lambda e: e.widget.invoke())
        root.bind("<Escape>", lambda e: done(EDIT))
        root.bind("<Alt-s>", lambda e: done(SEND))
        root.bind("<Alt-e>", lambda e: done(EDIT))
        root.protocol("WM_DELETE_WINDOW", lambda: done(EDIT))
        root.after(timeout * 1000, lambda: done(EDIT))
        root.update_idletasks()
        w, h = root.winfo_reqwidth(), root.winfo_reqheight()
        x = max(0, (root.winfo_screenwidth() - w) // 2)
        y = max(0, (root.winfo_screenheight() - h) // 3)
        root.geometry(f"+{x}+{y}")
        edit.focus_set()
        root.mainloop()
    except tk.TclError:
        with contextlib.suppress(tk.TclError):
            root.destroy()
        return None
    return choice["value"]


_KINDS = {"zenity": ask_zenity, "yad": ask_yad, "tk": ask_tk}


def ask_send_anyway(
    findings: Sequence[Any],
    subject: str,
    recipients: Sequence[str],
    *,
    kind: str | None = None,
    timeout: int = TIMEOUT_SECONDS,
) -> str | None:
    """Ask in a window. ``kind`` forces zenity, yad or tk; default: the first that works."""
    if not _has_display():
        return None
    text = summary(findings, subject, recipients)
    order = [kind] if kind in _KINDS else ["zenity", "yad", "tk"]
    for k in order:
        answer = _KINDS[k](text, timeout)
        if answer is not None:
            return answer
    return None


def show_findings(
    findings: Sequence[Any],
    subject: str,
    recipients: Sequence[str],
    *,
    timeout: int = TIMEOUT_SECONDS,
) -> bool:
    """The same window for a draft still being written (the drafts guard's "Details"): the
    findings, and one button, since nothing waits to be sent. False when no window could open."""
    if not _has_display():
        return False
    text = summary(findings, subject, recipients, "Edit the draft before you send it.")
    if exe := shutil.which("zenity"):
        rc = _run([exe, "--info", f"--title={TITLE}", f"--text={text}", "--no-markup",
                   "--width=560", f"--timeout={timeout}"])  # fmt: skip
        if rc in (0, 1, 5):
            return True
    return _tk_info(text, timeout)


def _tk_info(text: str, timeout: int) -> bool:
    try:
        import tkinter as tk
    except ImportError:
        return False
    try:
        root = tk.Tk(className="followup-guard")
    except tk.TclError:
        return False
    try:
        root.title(TITLE)
        frame = tk.Frame(root, padx=16, pady=12)
        frame.pack(fill="both", expand=True)
        tk.Label(frame, text=text, justify="left", anchor="w", wraplength=560).pack(
            fill="x", pady=(0, 12)
        )
        ok = tk.Button(frame, text="Close", default="active", command=root.destroy)
        ok.pack(anchor="e")
        for key in ("<Return>", "<KP_Enter>", "<Escape>"):
            root.bind(key, lambda e: root.destroy())
        root.after(timeout * 1000, root.destroy)
        ok.focus_set()
        root.mainloop()
    except tk.TclError:
        with contextlib.suppress(tk.TclError):
            root.destroy()
        return False
    return True
