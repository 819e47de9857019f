"""Drive a real Thunderbird (Debian's, 128 ESR or later) under Xvfb with Marionette.

Used by the end-to-end tests and by ``scripts/bench_thunderbird.py``; free of pytest.

    with Xvfb() as x, ThunderbirdSession(profile_setup, env, display=x.display) as tb:
        tb.open_composer(to=["a@b"], subject="Hi", body="...")
        tb.send()
        tb.wait_for_dialog()
        tb.press("Escape")

What it sets up: a fresh profile (``user.js``) with one IMAP account on a local
Dovecot (plain IMAP on 127.0.0.1, password stored through the login manager
once Thunderbird runs) whose identity files sent copies in the server's
``Sent`` folder, SMTP to a sink on 127.0.0.1 without auth, the add-on dropped
in as ``<profile>/extensions/<id>.xpi`` with ``extensions.autoDisableScopes=0``
(Debian's default 3 would silently disable it), and first-run screens off.
``HOME`` of the Thunderbird process is a throw-away directory, so the
native-messaging host manifest it reads is the test's, never the user's.

The warning dialog is an extension popup (windowtype ``mail:extensionPopup``);
Marionette cannot reach its DOM (the extension runs out of process), so the
tests find it from chrome JS and press keys with xdotool, like a person.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ADDON_ID = "followup-guard@followup-guard.local"
DIALOG_TITLE = "followup-guard"  # the dialog page's <title> starts with this

# --------------------------------------------------------------------------- Xvfb


class Xvfb:
    """A private X server (``Xvfb -displayfd``), stopped on exit."""

    def __init__(self, width: int = 1280, height: int = 1024) -> None:
        self.size = (width, height)
        self.proc: subprocess.Popen[bytes] | None = None
        self.display: str | None = None

    def start(self) -> Xvfb:
        rfd, wfd = os.pipe()
        w, h = self.size
        self.proc = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(wfd),
                "-screen",
                "0",
                f"{w}x{h}x24",
                "-nolisten",
                "tcp",
                "-noreset",
            ],
            pass_fds=(wfd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(wfd)
        data = b""
        deadline = time.monotonic() + 15
        with os.fdopen(rfd, "rb") as r:
            while not data.endswith(b"\n") and time.monotonic() < deadline:
                chunk = r.read(1)
                if not chunk:
                    break
                data += chunk
        if not data.strip():
            self.stop()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{data.strip().decode()}"
        return self

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
            self.proc = None

    def __enter__(self) -> Xvfb:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class Servers:
    """What a real-Thunderbird test runs beside it: Dovecot and an SMTP sink on loopback, and
    a private X server; ``home`` is an empty folder to use as $HOME."""

    home: Path
    dovecot: Any
    sink: Any
    xvfb: Xvfb


@contextlib.contextmanager
def thunderbird_servers(tmp: Path, *, xdotool: bool = False) -> Iterator[Servers]:
    """Start the servers for a real-Thunderbird test in ``tmp`` and stop them on exit. A
    missing tool fails the test in CI rather than skipping it (``require_tool``)."""
    from conftest import require_module, require_tool
    from servers.dovecot import Dovecot
    from servers.smtp_sink import SmtpSink

    for tool in ("thunderbird", "Xvfb", *(("xdotool",) if xdotool else ())):
        require_tool(tool)
    require_module("marionette_driver")
    require_module("aiosmtpd")
    dovecot = Dovecot(
        dovecot_bin=require_tool("dovecot"),
        doveadm_bin=require_tool("doveadm"),
        openssl_bin=require_tool("openssl"),
    )
    home = tmp / "home"
    home.mkdir()
    with dovecot, SmtpSink() as sink, Xvfb() as xvfb:
        yield Servers(home, dovecot, sink, xvfb)


# --------------------------------------------------------------------------- profile


@dataclass
class ProfileSpec:
    imap_host: str
    imap_port: int
    imap_user: str
    imap_password: str
    smtp_host: str
    smtp_port: int
    email: str
    full_name: str = "Alice Candidate"
    xpi: Path | None = None
    extra_prefs: dict[str, object] = field(default_factory=dict)


def _pref_line(name: str, value: object) -> str:
    return f"user_pref({json.dumps(name)}, {json.dumps(value)});"


def profile_prefs(spec: ProfileSpec, marionette_port: int) -> dict[str, object]:
    server = "mail.server.server1."
    ident = "mail.identity.id1."
    smtp = "mail.smtpserver.smtp1."
    sent_uri = f"imap://{spec.imap_user}@{spec.imap_host}/Sent"
    prefs: dict[str, object] = {
        # Marionette
        "marionette.port": marionette_port,
        # add-ons: profile-scope XPIs enabled, no signing
        "extensions.autoDisableScopes": 0,
        "extensions.enabledScopes": 15,
        "xpinstall.signatures.required": False,
        "extensions.update.enabled": False,
        "extensions.getAddons.cache.enabled": False,
        "extensions.logging.enabled": False,
        "devtools.console.stdout.chrome": True,
        "devtools.console.stdout.content": True,
        # accounts
        "mail.accountmanager.accounts": "account1,account2",
        "mail.accountmanager.defaultaccount": "account1",
        "mail.accountmanager.localfoldersserver": "server2",
        "mail.account.account1.server": "server1",
        "mail.account.account1.identities": "id1",
        "mail.account.account2.server": "server2",
        f"{server}type": "imap",
        f"{server}hostname": spec.imap_host,
        f"{server}port": spec.imap_port,
        f"{server}userName": spec.imap_user,
        f"{server}name": "Job search (test)",
        f"{server}socketType": 0,
        f"{server}authMethod": 3,  # cleartext password
        f"{server}login_at_startup": False,
        f"{server}check_new_mail": False,
        f"{server}download_on_biff": False,
        f"{server}offline_download": False,
        f"{server}autosync_offline_stores": False,
        f"{server}max_cached_connections": 2,
        "mail.server.server2.type": "none",
        "mail.server.server2.hostname": "Local Folders",
        "mail.server.server2.name": "Local Folders",
        "mail.server.server2.userName": "nobody",
        f"{ident}fullName": spec.full_name,
        f"{ident}useremail": spec.email,
        f"{ident}valid": True,
        f"{ident}smtpServer": "smtp1",
        f"{ident}fcc": True,
        f"{ident}fcc_folder": sent_uri,
        f"{ident}fcc_folder_picker_mode": "1",
        f"{ident}compose_html": False,
        f"{ident}reply_on_top": 1,
        f"{ident}attach_vcard": False,
        f"{ident}sig_on_reply": False,
        "mail.smtpservers": "smtp1",
        "mail.smtp.defaultserver": "smtp1",
        f"{smtp}type": "smtp",
        f"{smtp}hostname": spec.smtp_host,
        f"{smtp}port": spec.smtp_port,
        f"{smtp}authMethod": 1,  # no authentication
        f"{smtp}try_ssl": 0,
        f"{smtp}username": "",
        f"{smtp}description": "test sink",
        # quiet start, no network, no first-run screens
        "mail.provider.enabled": False,
        "mail.shell.checkDefaultClient": False,
        "mailnews.start_page.enabled": False,
        "mailnews.start_page_override.mstone": "ignore",
        "mail.rights.version": 1,
        "mail.startup.enabledMailCheckOnce": True,
        "mail.spotlight.firstRunDone": True,
        "mail.winsearch.firstRunDone": True,
        "mail.biff.show_alert": False,
        "mail.biff.play_sound": False,
        "mail.chat.enabled": False,
        "mail.cloud_files.enabled": False,
        "app.update.disabledForTesting": True,
        "app.donation.eoy.version.viewed": 999,
        "datareporting.policy.dataSubmissionEnabled": False,
        "datareporting.healthreport.uploadEnabled": False,
        "toolkit.telemetry.reportingpolicy.firstRun": False,
        "toolkit.telemetry.enabled": False,
        "browser.shell.checkDefaultBrowser": False,
        "mailnews.auto_config_url": "",
        "mailnews.auto_config.addons_url": "",
        "network.captive-portal-service.enabled": False,
        "network.connectivity-service.enabled": False,
        "network.dns.disableIPv6": True,
        "offline.autoDetect": False,
        "mail.compose.attachment_reminder": False,
        "mail.SpellCheckBeforeSend": False,
        "mail.warn_on_send_accel_key": False,
        "mailnews.sendInBackground": False,
        "mail.compose.big_attachments.notify": False,
        "mail.compose.warn_public_recipients.threshold": 1000,
        "mail.tabs.drawInTitlebar": False,
        "security.turn_off_all_security_so_that_viruses_can_take_over_this_computer": False,
        "browser.dom.window.dump.enabled": True,
        "calendar.timezone.local": "UTC",
        "calendar.integration.notify": False,
        "mail.inappnotifications.enabled": False,
    }
    prefs.update(spec.extra_prefs)
    return prefs


def make_profile(root: Path, spec: ProfileSpec, marionette_port: int) -> Path:
    profile = root / "profile"
    profile.mkdir(parents=True, exist_ok=True)
    prefs = profile_prefs(spec, marionette_port)
    (profile / "user.js").write_text(
        "\n".join(_pref_line(k, v) for k, v in prefs.items()) + "\n", encoding="utf-8"
    )
    if spec.xpi is not None:
        ext = profile / "extensions"
        ext.mkdir(exist_ok=True)
        shutil.copyfile(spec.xpi, ext / f"{ADDON_ID}.xpi")
    return profile


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- chrome JS

_JS_MODULES = """
const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
"""

_JS_WINDOWS = """
const out = [];
for (const w of Services.wm.getEnumerator(null)) {
  const root = w.document && w.document.documentElement;
  if (!root) { continue; }  // a window being opened or torn down
  const type = root.getAttribute("windowtype");
  let url = null;
  if (type === "mail:extensionPopup") {
    const b = w.document.getElementById("requestFrame");
    url = b && b.currentURI ? b.currentURI.spec : null;
  }
  out.push({type, title: w.document.title, url, closed: w.closed,
            locked: type === "msgcompose" ? !!w.gWindowLocked : null,
            ready: type === "msgcompose" ? !!w.composeEditorReady : null});
}
return out;
"""


class ThunderbirdSession:
    """One Thunderbird process with a Marionette client in the chrome context."""

    def __init__(
        self,
        spec: ProfileSpec,
        *,
        env: dict[str, str] | None = None,
        display: str | None = None,
        workdir: Path | None = None,
        binary: str = "thunderbird",
        startup_timeout: float = 60,
    ) -> None:
        self.spec = spec
        self.extra_env = dict(env or {})
        self.display = display
        self.binary = binary
        self.startup_timeout = startup_timeout
        self._own_dir = workdir is None
        self.dir = Path(workdir or tempfile.mkdtemp(prefix="fg-tb-"))
        self.home = self.extra_env.get("HOME") or str(self.dir / "home")
        Path(self.home).mkdir(parents=True, exist_ok=True)
        self.port = _free_port()
        self.profile = make_profile(self.dir, spec, self.port)
        self.log_path = self.dir / "thunderbird.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.m = None  # marionette_driver.marionette.Marionette

    # ----------------------------------------------------------------- lifecycle

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MOZ_", "XPCOM"))}
        env.update(
            {
                "HOME": self.home,
                "MOZ_CRASHREPORTER_DISABLE": "1",
                "MOZ_CRASHREPORTER_SHUTDOWN": "1",
                "MOZ_REQUIRE_SIGNING": "0",
                "MOZ_DISABLE_AUTO_SAFE_MODE": "1",
                "MOZ_DBUS_REMOTE": "0",
                "NO_AT_BRIDGE": "1",
                "GTK_USE_PORTAL": "0",
                "XDG_CONFIG_HOME": str(Path(self.home) / ".config"),
                "XDG_CACHE_HOME": str(Path(self.home) / ".cache"),
                "TZ": os.environ.get("TZ", "UTC"),
            }
        )
        env.pop("WAYLAND_DISPLAY", None)
        if self.display:
            env["DISPLAY"] = self.display
        env.update(self.extra_env)
        return env

    def start(self) -> ThunderbirdSession:
        from marionette_driver.marionette import Marionette

        args = [
            self.binary,
            "--marionette",
            "--remote-allow-system-access",
            "--no-remote",
            "--profile",
            str(self.profile),
        ]
        if not self.display:
            args.append("--headless")
        self._log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            args,
            env=self.env(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Thunderbird exited early:\n{self.log_tail()}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5),
            ):
                break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"Marionette did not open port {self.port}:\n{self.log_tail()}")
        self.m = Marionette(host="127.0.0.1", port=self.port, socket_timeout=60)
        self.m.start_session()
        self.m.set_context(self.m.CONTEXT_CHROME)
        self.m.timeout.script = 30
        self.wait(
            lambda: self.js("return !!Services.wm.getMostRecentWindow('mail:3pane');"),
            30,
            "the main window",
        )
        self.store_passwords()
        return self

    def stop(self) -> None:
        if self.m is not None:
            with contextlib.suppress(Exception):
                self.m._send_message("Marionette:Quit", {"flags": ["eForceQuit"]})
            with contextlib.suppress(Exception):
                self.m.delete_session(send_request=False)
            self.m = None
        if self.proc is not None:
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGTERM)
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(self.proc.pid, signal.SIGKILL)
                    self.proc.wait(5)
            self.proc = None
        if getattr(self, "_log", None):
            self._log.close()

    def cleanup(self) -> None:
        self.stop()
        if self._own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> ThunderbirdSession:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.cleanup()

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    # ----------------------------------------------------------------- helpers

    def js(self, script: str, *args: object) -> object:
        return self.m.execute_script(script, script_args=list(args), new_sandbox=False)

    def js_async(self, script: str, *args: object) -> object:
        return self.m.execute_async_script(script, script_args=list(args), new_sandbox=False)

    @staticmethod
    def wait(predicate, timeout: float, what: str, interval: float = 0.05):
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out after {timeout} s waiting for {what}")
            time.sleep(interval)

    def store_passwords(self) -> None:
        """Puts the IMAP password into the login manager (no prompt on connect)."""
        s = self.spec
        self.js_async(
            """
            const [host, port, user, password, resolve] = arguments;
            (async () => {
              const origins = [`imap://${host}`, `imap://${host}:${port}`];
              for (const origin of origins) {
                const info = Cc["@mozilla.org/login-manager/loginInfo;1"]
                  .createInstance(Ci.nsILoginInfo);
                info.init(origin, null, origin, user, password, "", "");
                try { await Services.logins.addLoginAsync(info); } catch (e) {}
              }
            })().then(() => resolve(true), e => resolve(String(e)));
            """,
            s.imap_host,
            s.imap_port,
            s.imap_user,
            s.imap_password,
        )

    def windows(self) -> list[dict]:
        return list(self.js(_JS_WINDOWS))

    def composers(self) -> list[dict]:
        return [w for w in self.windows() if w["type"] == "msgcompose" and not w["closed"]]

    def dialogs(self) -> list[dict]:
        return [
            w
            for w in self.windows()
            if w["type"] == "mail:extensionPopup"
            and not w["closed"]
            and (DIALOG_TITLE in (w["title"] or "") or "dialog.html" in (w["url"] or ""))
        ]

    def addon_state(self) -> dict | None:
        return self.js_async(
            """
            const [id, resolve] = arguments;
            const { AddonManager } = ChromeUtils.importESModule(
              "resource://gre/modules/AddonManager.sys.mjs");
            AddonManager.getAddonByID(id).then(a => resolve(a ? {
              id: a.id, active: a.isActive, disabled: a.userDisabled,
              appDisabled: a.appDisabled, version: a.version} : null),
              e => resolve({error: String(e)}));
            """,
            ADDON_ID,
        )

    def wait_addon_ready(self, timeout: float = 20) -> dict:
        """Waits until the add-on is active and its background page has loaded."""
        state = self.wait(
            lambda: (s := self.addon_state()) and s.get("active") and s,
            timeout,
            "the add-on to be active",
        )
        self.wait(
            lambda: self.js_async(
                """
                const [id, resolve] = arguments;
                const { ExtensionParent } = ChromeUtils.importESModule(
                  "resource://gre/modules/ExtensionParent.sys.mjs");
                const ext = ExtensionParent.GlobalManager.getExtension(id);
                if (!ext) { resolve(false); return; }
                const bg = ext.backgroundContext || null;
                resolve(!!(ext.backgroundState === "running" || bg ||
                           (ext.views && ext.views.size)));
                """,
                ADDON_ID,
            ),
            timeout,
            "the add-on's background page",
        )
        return state

    def set_addon_storage(self, items: dict) -> None:
        """Writes into the add-on's storage.local (the options page's settings)."""
        result = self.js_async(
            """
            const [id, items, resolve] = arguments;
            (async () => {
              const { ExtensionParent } = ChromeUtils.importESModule(
                "resource://gre/modules/ExtensionParent.sys.mjs");
              const { ExtensionStorageIDB } = ChromeUtils.importESModule(
                "resource://gre/modules/ExtensionStorageIDB.sys.mjs");
              const ext = ExtensionParent.GlobalManager.getExtension(id);
              const principal = ExtensionStorageIDB.getStoragePrincipal(ext);
              const db = await ExtensionStorageIDB.open(principal);
              const changes = await db.set(items);
              if (changes) { ExtensionStorageIDB.notifyListeners(id, changes); }
              return true;
            })().then(resolve, e => resolve(String(e)));
            """,
            ADDON_ID,
            items,
        )
        if result is not True:
            raise RuntimeError(f"could not write the add-on's storage: {result}")

    def start_window_log(self) -> None:
        """Records the windowtype of every window opened from now on (see window_log)."""
        self.js(
            """
            if (!window.__fgWindowLog) {
              window.__fgWindowLog = [];
              window.__fgObserver = {
                observe(subject, topic) {
                  if (topic !== "domwindowopened") { return; }
                  subject.addEventListener("load", () => {
                    const root = subject.document && subject.document.documentElement;
                    window.__fgWindowLog.push({
                      type: root ? root.getAttribute("windowtype") : null,
                      title: subject.document.title, at: Date.now()});
                  }, {once: true});
                },
              };
              Services.ww.registerNotification(window.__fgObserver);
            }
            window.__fgWindowLog.length = 0;
            """
        )

    def window_log(self) -> list[dict]:
        return list(self.js("return window.__fgWindowLog || [];"))

    def host_pids(self, needle: str = "followup_guard.bridges.native_host") -> list[int]:
        """Native hosts that this Thunderbird started (descendants whose argv has `needle`)."""
        if self.proc is None:
            return []
        parents: dict[int, int] = {}
        cmdlines: dict[int, str] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat_text = (entry / "stat").read_text()
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            ppid = int(stat_text.rsplit(")", 1)[1].split()[1])
            parents[int(entry.name)] = ppid
            cmdlines[int(entry.name)] = cmd
        found = []
        for pid, cmd in cmdlines.items():
            if needle not in cmd:
                continue
            p = pid
            while p in parents and p > 1:
                p = parents[p]
                if p == self.proc.pid:
                    found.append(pid)
                    break
        return found

    # ----------------------------------------------------------------- compose and send

    def open_composer(
        self,
        *,
        to: list[str] = (),
        cc: list[str] = (),
        bcc: list[str] = (),
        subject: str = "",
        body: str = "",
        timeout: float = 20,
    ) -> None:
        """Opens a new plain-text composer with these fields and waits until it is ready."""
        before = len(self.composers())
        self.js(
            _JS_MODULES
            + """
            const [to, cc, bcc, subject, body] = arguments;
            const fields = Cc["@mozilla.org/messengercompose/composefields;1"]
              .createInstance(Ci.nsIMsgCompFields);
            fields.to = to.join(", ");
            fields.cc = cc.join(", ");
            fields.bcc = bcc.join(", ");
            fields.subject = subject;
            fields.body = body;
            const params = Cc["@mozilla.org/messengercompose/composeparams;1"]
              .createInstance(Ci.nsIMsgComposeParams);
            params.type = Ci.nsIMsgCompType.New;
            params.format = Ci.nsIMsgCompFormat.PlainText;
            params.identity = MailServices.accounts.getIdentity("id1");
            params.composeFields = fields;
            MailServices.compose.OpenComposeWindowWithParams(null, params);
            """,
            list(to),
            list(cc),
            list(bcc),
            subject,
            body,
        )
        self.wait(
            lambda: len([c for c in self.composers() if c["ready"]]) > before,
            timeout,
            "the composer",
        )

    def wait_for_message(self, folder_uri: str, message_id: str, timeout: float = 20) -> None:
        """Makes Thunderbird fetch `folder_uri` until it knows `message_id` (no brackets)."""
        script = """
            const [uri, mid, resolve] = arguments;
            const { MailUtils } = ChromeUtils.importESModule("resource:///modules/MailUtils.sys.mjs");
            const folder = MailUtils.getExistingFolder(uri);
            if (!folder) { resolve("no folder"); return; }
            const db = folder.msgDatabase;
            if (db && db.getMsgHdrForMessageID(mid)) { resolve(true); return; }
            try { folder.updateFolder(null); } catch (e) {}
            resolve(false);
        """
        self.wait(
            lambda: self.js_async(script, folder_uri, message_id) is True,
            timeout,
            f"{message_id} in {folder_uri}",
            interval=0.5,
        )

    def open_reply(self, folder_uri: str, message_id: str, text: str, timeout: float = 20) -> None:
        """Opens a plain-text reply to a message Thunderbird knows, and types `text` on top."""
        before = len(self.composers())
        self.js(
            _JS_MODULES
            + """
            const [uri, mid] = arguments;
            const { MailUtils } = ChromeUtils.importESModule("resource:///modules/MailUtils.sys.mjs");
            const folder = MailUtils.getExistingFolder(uri);
            const hdr = folder.msgDatabase.getMsgHdrForMessageID(mid);
            MailServices.compose.OpenComposeWindow(
              null, hdr, folder.getUriForMsg(hdr), Ci.nsIMsgCompType.ReplyToSender,
              Ci.nsIMsgCompFormat.PlainText, MailServices.accounts.getIdentity("id1"), null, null);
            """,
            folder_uri,
            message_id,
        )
        self.wait(
            lambda: len([c for c in self.composers() if c["ready"]]) > before,
            timeout,
            "the reply composer",
        )
        self.js(
            """
            const [text] = arguments;
            const w = Services.wm.getMostRecentWindow("msgcompose");
            const editor = w.GetCurrentEditor();
            editor.beginningOfDocument();
            for (const [i, line] of text.split("\\n").entries()) {
              if (i) { editor.insertLineBreak(); }
              if (line) { editor.insertText(line); }
            }
            """,
            text,
        )

    def send(self) -> float:
        """Clicks Send (cmd_sendNow) in the newest composer; returns the monotonic time."""
        t = time.monotonic()
        self.js(
            """
            const w = Services.wm.getMostRecentWindow("msgcompose");
            w.focus();
            w.goDoCommand("cmd_sendNow");
            """
        )
        return t

    def composer_state(self) -> dict | None:
        comps = self.composers()
        return comps[-1] if comps else None

    def close_composers(self) -> None:
        self.js(
            """
            for (const w of Services.wm.getEnumerator("msgcompose")) {
              w.gContentChanged = false;
              if (w.gMsgCompose) { w.gMsgCompose.bodyModified = false; }
              w.close();
            }
            """
        )
        self.wait(lambda: not self.composers(), 10, "the composers to close")

    def wait_for_dialog(self, timeout: float = 10, title: str = DIALOG_TITLE) -> dict:
        """The newest add-on popup, once its page has set a title containing `title`."""
        return self.wait(
            lambda: (d := self.dialogs()) and title in (d[-1]["title"] or "") and d[-1],
            timeout,
            f"a dialog titled {title!r}",
        )

    def close_dialogs(self) -> None:
        """Closes any add-on popup left open (closing one means "Edit message")."""
        self.js(
            """
            for (const w of Services.wm.getEnumerator("mail:extensionPopup")) { w.close(); }
            """
        )
        self.wait(lambda: not self.dialogs(), 10, "the popups to close")

    def wait_dialog_gone(self, timeout: float = 10) -> None:
        self.wait(lambda: not self.dialogs(), timeout, "the dialog to close")

    def wait_composer_unlocked(self, timeout: float = 10) -> dict:
        return self.wait(
            lambda: (c := self.composer_state()) and not c["locked"] and c,
            timeout,
            "the composer to be unlocked",
        )

    # ----------------------------------------------------------------- keyboard (xdotool)

    def press(self, *keys: str, title: str = DIALOG_TITLE, timeout: float = 10) -> None:
        """Focuses the newest X window whose title contains `title`, then types `keys`."""
        env = self.env()
        deadline = time.monotonic() + timeout
        wid = ""
        while time.monotonic() < deadline:
            res = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", title],
                env=env,
                capture_output=True,
                text=True,
                timeout=10,
            )
            ids = res.stdout.split()
            if ids:
                wid = ids[-1]
                break
            time.sleep(0.1)
        if not wid:
            raise TimeoutError(f"no X window titled {title!r}")
        subprocess.run(["xdotool", "windowfocus", "--sync", wid], env=env, check=True, timeout=10)
        time.sleep(0.15)
        for key in keys:
            subprocess.run(
                ["xdotool", "key", "--clearmodifiers", key], env=env, check=True, timeout=10
            )
            time.sleep(0.1)

    def screenshot(self, path: Path, windowtype: str = "mail:extensionPopup") -> bool:
        """Saves a PNG of the newest window of `windowtype` (Marionette, chrome context)."""
        m = self.m
        current = m.current_chrome_window_handle
        target = None
        for handle in m.chrome_window_handles:
            m.switch_to_window(handle, focus=False)
            kind = m.execute_script("return document.documentElement.getAttribute('windowtype');")
            if kind == windowtype:
                target = handle
        try:
            if target is None:
                return False
            m.switch_to_window(target, focus=False)
            png = m.screenshot(format="binary")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(png)
            return True
        finally:
            m.switch_to_window(current, focus=False)


@contextlib.contextmanager
def running_thunderbird(spec: ProfileSpec, **kwargs) -> Iterator[ThunderbirdSession]:
    session = ThunderbirdSession(spec, **kwargs)
    try:
        session.start()
        yield session
    finally:
        session.cleanup()
