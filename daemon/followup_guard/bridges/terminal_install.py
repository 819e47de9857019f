"""`followup-guard install mutt | neomutt | aerc | git`: put the sendmail shim in front of a client.

Each ``plan_*`` function reads the client's current setup (never runs the client or its config:
a muttrc may ``source`` password commands) and returns a :class:`Plan`: the lines to add, the
file or command that takes them, and notes for what cannot be done automatically. The CLI prints
the plan; with ``--write`` it applies it after asking (or at once with ``--yes``).

What each client needs (see /work/shared/notes/mail-clients.md):

* mutt / NeoMutt: ``set sendmail = "<shim> -oem -oi"`` and ``set sendmail_wait = 0`` (a
  background send would lose the refusal). Bcc reaches the shim only through argv, which it
  checks. A current ``$sendmail`` of msmtp keeps its arguments (``-a work``): the shim passes
  them through to msmtp.
* aerc: ``outgoing = <shim> [msmtp args]`` per account. aerc throws the sender's stderr away,
  so a refusal shows as "exit status 77"; ``followup-guard allow --last`` shows why.
* git send-email: ``git config --global sendemail.sendmailCmd <shim>`` (git appends ``-i`` and
  the recipients), or the weaker ``sendemail-validate`` hook (it sees the patch file only).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

BEGIN = "# >>> followup-guard >>>"
END = "# <<< followup-guard <<<"
CLIENTS = ("mutt", "neomutt", "aerc", "git")
MUTT_DEFAULT_SENDMAIL = "/usr/sbin/sendmail -oem -oi"


@dataclass
class Plan:
    client: str
    snippet: str  # the lines to add (or the command to run), as shown to the user
    target: Path | None = None  # the file that gets them
    new_text: str | None = None  # the whole new content of ``target``; None: nothing to write
    commands: list[list[str]] = field(default_factory=list)  # argv lists to run instead
    notes: list[str] = field(default_factory=list)
    mode: int = 0o600  # for a file created new (or a hook: 0o755)

    @property
    def writable(self) -> bool:
        return self.new_text is not None or bool(self.commands)


# --------------------------------------------------------------------------- helpers


def shim_command() -> list[str]:
    """How to start the shim: the ``followup-guard-sendmail`` installed with this Python (a
    venv's or pipx's bin), else the one on PATH, else ``python -m``; always absolute."""
    beside = Path(sys.executable).parent / "followup-guard-sendmail"
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    found = shutil.which("followup-guard-sendmail")
    if found:
        return [os.path.abspath(found)]
    return [sys.executable, "-m", "followup_guard.bridges.sendmail"]


def _home() -> Path:
    return Path(os.environ.get("HOME") or Path.home())


def _xdg_config() -> Path:
    value = os.environ.get("XDG_CONFIG_HOME")
    return Path(value) if value and os.path.isabs(value) else _home() / ".config"


def _first_existing(paths: list[Path]) -> Path:
    for p in paths:
        if p.is_file():
            return p
    return paths[0]


def _strip_block(text: str) -> str:
    """``text`` without an earlier followup-guard block (so writing twice changes nothing)."""
    pattern = re.compile(rf"\n?{re.escape(BEGIN)}.*?{re.escape(END)}[^\n]*\n?", re.S)
    return pattern.sub("\n", text).rstrip("\n") + ("\n" if text.strip() else "")


def _append_block(old: str, block: str) -> str:
    base = _strip_block(old)
    if base and not base.endswith("\n"):
        base += "\n"
    return base + ("\n" if base else "") + block


def _is_shim(prog: str) -> bool:
    return (
        os.path.basename(prog) in ("followup-guard-sendmail", "followup-guard")
        or "followup_guard" in prog
    )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except UnicodeDecodeError:
        return path.read_text(encoding="latin-1")


def _real_sender_note(prog_argv: list[str]) -> list[str]:
    """Advice for the followup-guard config when the current sender is neither msmtp nor the
    default sendmail: the shim must be told what to run."""
    toml = (
        "["
        + ", ".join('"' + a.replace("\\", "\\\\").replace('"', '\\"') + '"' for a in prog_argv)
        + "]"
    )
    return [
        f"your current sender is `{shlex.join(prog_argv)}`; tell the shim to use it, in the "
        f"followup-guard config:\n    [sendmail]\n    command = {toml}"
    ]


def _default_sender_notes() -> list[str]:
    if shutil.which("msmtp"):
        return []
    for p in ("/usr/sbin/sendmail", "/usr/lib/sendmail"):
        if os.path.isfile(p):
            return []
    return [
        "no msmtp or sendmail is installed for the shim to hand messages to: install msmtp "
        "(`msmtp --configure you@example.org` writes its config), or name a sender in the "
        "followup-guard config under [sendmail] command = [...]"
    ]


def _split_sender(value: str) -> tuple[list[str], list[str]]:
    """The shim's argv for a client whose sender is ``value``, and notes.

    The shim passes its arguments on to the real sender, so the sender's own arguments
    (msmtp's ``-a work``) stay; the program itself is replaced by the shim. When the shim would
    not find that same program by itself, a note says how to name it in the config.
    """
    shim = shim_command()
    try:
        argv = shlex.split(value)
    except ValueError:
        argv = value.split()
    if not argv:
        return shim, _default_sender_notes()
    if "followup_guard.bridges.sendmail" in argv:  # python -m followup_guard.bridges.sendmail ...
        return shim + argv[argv.index("followup_guard.bridges.sendmail") + 1 :], []
    prog = argv[0]
    if _is_shim(prog):
        return shim + argv[1:], []
    from .sendmail_sender import SenderError, find_real_sender

    path = prog if os.sep in prog else shutil.which(prog)
    if path is None and value.strip() == MUTT_DEFAULT_SENDMAIL:
        return shim + argv[1:], _default_sender_notes()  # the unset default, not installed
    try:
        default = find_real_sender(())[0]
    except SenderError:
        default = None
    if path and default and os.path.realpath(path) == os.path.realpath(default):
        return shim + argv[1:], []
    return shim + argv[1:], _real_sender_note([path or prog])


# --------------------------------------------------------------------------- mutt / NeoMutt

_SET_SENDMAIL = re.compile(r"^\s*set\s+sendmail\s*=\s*(?P<q>[\"']?)(?P<v>.*?)(?P=q)\s*(#.*)?$")
_HOOK_SENDMAIL = re.compile(r"^\s*(account|folder|send|send2|reply|message)-hook\b.*\bsendmail\b")


def mutt_rc(client: str) -> Path:
    home, xdg = _home(), _xdg_config()
    if client == "neomutt":
        cands = [
            home / ".neomuttrc",
            xdg / "neomutt" / "neomuttrc",
            home / ".muttrc",
            xdg / "mutt" / "muttrc",
        ]
    else:
        cands = [home / ".muttrc", home / ".mutt" / "muttrc", xdg / "mutt" / "muttrc"]
    return _first_existing(cands)


def _mutt_quote(argv: list[str]) -> str:
    """mutt splits $sendmail at spaces itself (no shell): join, then quote for the muttrc."""
    value = " ".join(argv)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def plan_mutt(client: str = "neomutt", rc: Path | None = None) -> Plan:
    rc = rc or mutt_rc(client)
    old = _read(rc)
    current = None
    notes: list[str] = []
    outside = _strip_block(old)
    for line in outside.splitlines():
        m = _SET_SENDMAIL.match(line)
        if m:
            current = m.group("v").replace('\\"', '"')
        elif _HOOK_SENDMAIL.match(line):
            notes.append(
                f"a hook in {rc} sets $sendmail itself: `{line.strip()}`; put "
                f"{shim_command()[0]} in place of the program there too"
            )
    if re.search(r"^\s*source\b", outside, re.M):
        notes.append(
            f"{rc} sources other files; a `set sendmail` in them after this block "
            "would bypass the guard"
        )
    shim, sender_notes = _split_sender(current or MUTT_DEFAULT_SENDMAIL)
    notes = sender_notes + notes
    if "-oi" not in shim and "-i" not in shim:
        shim = [*shim, "-oem", "-oi"]
    block = (
        "\n".join(
            [
                BEGIN + f" (written by `followup-guard install {client}`)",
                "# Check every interview follow-up before it goes out; refusals show in the",
                '# "Output of the delivery process" pager, and the draft stays in Compose.',
                f"set sendmail = {_mutt_quote(shim)}",
                "set sendmail_wait = 0  # wait for the check (a background send would lose it)",
                END,
            ]
        )
        + "\n"
    )
    return Plan(
        client=client, snippet=block, target=rc, new_text=_append_block(old, block), notes=notes
    )


# --------------------------------------------------------------------------- aerc

_SECTION = re.compile(r"^\s*\[(?P<name>[^\]]+)\]\s*$")
_OUTGOING = re.compile(r"^(?P<indent>\s*)outgoing\s*=\s*(?P<v>.*?)\s*$")


def aerc_accounts() -> Path:
    return _xdg_config() / "aerc" / "accounts.conf"


def plan_aerc(path: Path | None = None) -> Plan:
    path = path or aerc_accounts()
    old = _read(path)
    notes = [
        "aerc discards the sender's messages: a refused message shows only as "
        '"exit status 77" and the composer reopens. Run `followup-guard allow --last` to '
        "see why (and let that exact message through once); with a display, a dialog asks "
        "instead."
    ]
    if not old:
        shim, sender_notes = _split_sender("")
        line = "outgoing = " + shlex.join(shim)
        notes = [f"no {path} yet: add this line to each account section", *sender_notes, *notes]
        return Plan(client="aerc", snippet=line + "\n", target=None, new_text=None, notes=notes)
    out: list[str] = []
    changed: list[str] = []
    section = None
    for line in old.splitlines(keepends=True):
        m = _SECTION.match(line)
        if m:
            section = m.group("name").strip()
        o = _OUTGOING.match(line.rstrip("\n"))
        if not o or section is None:
            out.append(line)
            continue
        value = o.group("v")
        if "://" in value and not value.startswith("/"):
            notes.append(
                f"account [{section}] sends over {value.split('://')[0]}:// by itself; "
                "the shim needs a sendmail-like sender: set up msmtp for that account "
                "(`msmtp --configure <address>`), set outgoing = msmtp -a <account>, "
                "and run this again"
            )
            out.append(line)
            continue
        shim, sender_notes = _split_sender(value)
        new_value = shlex.join(shim)
        if new_value == value:
            out.append(line)
            continue
        notes += [f"[{section}]: {n}" for n in sender_notes]
        out.append(f"{o.group('indent')}# followup-guard: was: outgoing = {value}\n")
        out.append(f"{o.group('indent')}outgoing = {new_value}\n")
        changed.append(f"[{section}]\noutgoing = {new_value}")
    if not changed:
        shim, _ = _split_sender("")
        return Plan(
            client="aerc",
            snippet="# nothing to change: every sendmail-style account "
            f"already uses the shim\n# (for a new one: outgoing = {shlex.join(shim)})\n",
            target=path,
            new_text=None,
            notes=notes,
        )
    return Plan(
        client="aerc",
        snippet="\n\n".join(changed) + "\n",
        target=path,
        new_text="".join(out),
        notes=notes,
    )


# --------------------------------------------------------------------------- git send-email


def _git_get(key: str) -> str | None:
    git = shutil.which("git")
    if not git:
        return None
    try:
        proc = subprocess.run(
            [git, "config", "--global", "--get", key],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def plan_git(hook: bool = False, repo: Path | None = None) -> Plan:
    shim = shim_command()
    if hook:
        return _plan_git_hook(repo or Path.cwd())
    notes: list[str] = []
    current = _git_get("sendemail.sendmailcmd")
    smtp = _git_get("sendemail.smtpserver")
    if smtp and not smtp.startswith("/"):
        notes.append(
            f"git sends over SMTP to {smtp} now; with sendemail.sendmailCmd set it "
            "hands messages to the shim instead, which needs msmtp (or another sender) "
            "set up for that account. Or use `followup-guard install git --hook`."
        )
    if current:
        _, sender_notes = _split_sender(current)
        if not _is_shim(shlex.split(current)[0] if current.strip() else ""):
            notes += sender_notes
    else:
        notes += _default_sender_notes()
    value = shlex.join(shim)
    if current == value:
        return Plan(
            client="git", snippet=f"# already set: sendemail.sendmailCmd = {value}\n", notes=notes
        )
    cmd = ["git", "config", "--global", "sendemail.sendmailCmd", value]
    notes.append(
        "git send-email appends -i and the recipients; a refused message stops the "
        "run with exit 77 and the reason on the terminal"
    )
    return Plan(client="git", snippet=shlex.join(cmd) + "\n", commands=[cmd], notes=notes)


def _plan_git_hook(repo: Path) -> Plan:
    git = shutil.which("git") or "git"
    try:
        proc = subprocess.run(
            [git, "-C", str(repo), "rev-parse", "--git-path", "hooks/sendemail-validate"],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
        hook = (repo / proc.stdout.strip()) if proc.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        hook = None
    beside = Path(sys.executable).parent / "followup-guard"
    fg = str(beside) if beside.is_file() else (shutil.which("followup-guard") or "followup-guard")
    script = (
        "\n".join(
            [
                "#!/bin/sh",
                BEGIN,
                "# git send-email runs this for each message; a non-zero exit stops the whole run.",
                "# It sees the patch file only: put the recipients in it (format-patch --to/--cc);",
                "# those given to send-email with --to/--cc/--bcc are not checked here.",
                f'exec {shlex.quote(fg)} check "$1"',
                END,
            ]
        )
        + "\n"
    )
    notes = [
        "the hook judges the patch file; recipients passed on the command line are not "
        "in it. `followup-guard install git` (sendmailCmd) checks everything, Bcc included."
    ]
    if hook is None:
        notes.insert(
            0,
            f"{repo} is not a git repository: run this inside the repository, or "
            "save the script as .git/hooks/sendemail-validate (chmod +x)",
        )
        return Plan(client="git", snippet=script, notes=notes)
    if hook.exists() and BEGIN not in _read(hook):
        notes.insert(0, f"{hook} exists and is not ours; add the exec line to it by hand")
        return Plan(client="git", snippet=script, target=hook, notes=notes)
    return Plan(client="git", snippet=script, target=hook, new_text=script, notes=notes, mode=0o755)


# --------------------------------------------------------------------------- applying


def plan_for(client: str, *, hook: bool = False) -> Plan:
    if client in ("mutt", "neomutt"):
        return plan_mutt(client)
    if client == "aerc":
        return plan_aerc()
    if client == "git":
        return plan_git(hook=hook)
    raise ValueError(f"unknown client {client!r} (one of: {', '.join(CLIENTS)})")


def apply(plan: Plan) -> list[str]:
    """Write the file (keeping a one-time backup) or run the commands. Returns what was done."""
    done: list[str] = []
    if plan.new_text is not None and plan.target is not None:
        target = plan.target
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            backup = target.with_name(target.name + ".before-followup-guard")
            if not backup.exists():
                shutil.copy2(target, backup)
                done.append(f"kept a copy of the old file as {backup}")
            mode = target.stat().st_mode & 0o7777
        else:
            mode = plan.mode
        tmp = target.with_name(target.name + ".followup-guard-tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(plan.new_text)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        done.append(f"wrote {target}")
    for cmd in plan.commands:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise OSError(f"`{shlex.join(cmd)}` failed: {proc.stderr.strip()}")
        done.append(f"ran {shlex.join(cmd)}")
    return done
