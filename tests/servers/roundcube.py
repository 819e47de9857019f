"""Roundcube webmail (Debian's roundcube 1.6 packages) on 127.0.0.1 with PHP's built-in
server, against a test Dovecot. A private config dir (``ROUNDCUBE_CONFIG_DIR``) and a sqlite
database in a temp dir: the system's /etc/roundcube is never read or changed.

    with Roundcube(imap_port=dovecot.imap_port) as rc:
        rc.url   # http://127.0.0.1:PORT/
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from . import end_process

PUBLIC_HTML = Path("/var/lib/roundcube/public_html")
DEFAULTS = Path("/etc/roundcube/defaults.inc.php")

CONFIG = """<?php
$config = [];
$config['db_dsnw'] = 'sqlite:///{db}?mode=0646';
$config['imap_host'] = '127.0.0.1:{imap_port}';
$config['smtp_host'] = '127.0.0.1:{smtp_port}';
$config['smtp_user'] = '';
$config['smtp_pass'] = '';
$config['des_key'] = 'fg-test-des-key-24-chars';
$config['plugins'] = [];
$config['drafts_mbox'] = 'Drafts';
$config['create_default_folders'] = true;
$config['draft_autosave'] = 300;
$config['htmleditor'] = 0;
$config['enable_spellcheck'] = false;
$config['skin'] = 'elastic';
$config['log_dir'] = '{dir}/logs/';
$config['temp_dir'] = '{dir}/temp/';
$config['support_url'] = '';
$config['product_name'] = 'Roundcube (followup-guard test)';
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Roundcube:
    host = "127.0.0.1"

    def __init__(self, imap_port: int, smtp_port: int = 1, php: str | None = None) -> None:
        self.imap_port, self.smtp_port = imap_port, smtp_port
        self.php = php or shutil.which("php") or "php"
        self.dir = Path(tempfile.mkdtemp(prefix="fg-roundcube-"))
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_file = self.dir / "php-server.log"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def start(self) -> Roundcube:
        if not (PUBLIC_HTML / "index.php").exists():
            raise RuntimeError(
                "Roundcube is not installed (apt-get install roundcube roundcube-sqlite3)"
            )
        conf = self.dir / "config"
        for sub in ("config", "logs", "temp"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        (conf / "defaults.inc.php").symlink_to(DEFAULTS)
        (conf / "config.inc.php").write_text(
            CONFIG.format(db=self.dir / "rc.db", imap_port=self.imap_port,
                          smtp_port=self.smtp_port, dir=self.dir)
        )  # fmt: skip
        env = {**os.environ, "ROUNDCUBE_CONFIG_DIR": str(conf), "PHP_CLI_SERVER_WORKERS": "4"}
        with open(self.log_file, "wb") as log:
            self.proc = subprocess.Popen(
                [self.php, "-S", f"{self.host}:{self.port}", "-t", str(PUBLIC_HTML)],
                cwd=PUBLIC_HTML,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url, timeout=5) as r:
                    if b"rcmloginuser" in r.read():
                        return self
            except OSError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"Roundcube did not come up: {self.log_tail()}")

    def log_tail(self, n: int = 40) -> str:
        parts = []
        for f in [self.log_file, *sorted((self.dir / "logs").glob("*"))]:
            try:
                parts.append(
                    f"--- {f.name}\n" + "\n".join(f.read_text(errors="replace").splitlines()[-n:])
                )
            except OSError:
                continue
        return "\n".join(parts)

    def stop(self) -> None:
        if self.proc is not None:
            end_process(self.proc)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Roundcube:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()
