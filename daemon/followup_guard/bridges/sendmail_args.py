"""The sendmail shim's argv: sendmail's short options and msmtp's long ones, accepting only
those that every sender the argv may be handed to reads the same way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

# The argv is handed to the real sender unchanged, so every option accepted here must mean
# the same to each sender it may be (msmtp, sendmail, Postfix, Exim): an option that takes a
# value in one and is a bare switch in another would turn that value into a recipient nobody
# checked. Anything else is refused with EX_USAGE before the message is read. The accepted
# options are listed in USAGE and in the README.

# Bare switches everywhere: -t (recipients from the headers), -i (a lone "." is text), -v.
_BARE = frozenset("tiv")
# Options that take a value, attached (-fme@x) or as the next argument (-f me@x), in every
# sender that knows them (a sender that does not refuses the whole call): the envelope sender
# (-f, -r), full name (-F), msmtp's account (-a) and config file (-C), and -N, -R, -B, whose
# value must be a keyword list no sender could take for an address (Exim reads -N as a bare
# switch that stops delivery).
_VALUED = frozenset("frFaCNRB")
_KEYWORDS = {
    "N": frozenset({"never", "success", "failure", "delay", "off"}),
    "R": frozenset({"full", "hdrs", "headers", "ret", "off"}),
    "B": frozenset({"7bit", "8bitmime", "binarymime"}),
}
# -o with an attached option, only the forms clients use: -oi, error modes, -om, delivery modes.
_O_FORMS = frozenset({"i", "em", "ee", "ep", "eq", "ew", "m", "db", "di", "dq", "dd"})
# Options known to mean different things to different senders (the reason, for the message).
_AMBIGUOUS = {
    "V": "an envelope id to Postfix and sendmail, a bare switch to older senders",
    "p": "a protocol value to sendmail, an attached value only to Exim",
    "h": "a hop count to sendmail, unknown to msmtp",
    "X": "a log file to sendmail and msmtp, ignored by Postfix",
    "d": "debugging with an attached value to sendmail, a bare switch to msmtp",
}
# msmtp's long options that take the next argument when written without '='.
_LONG_VALUE_OPTS = frozenset(
    {
        "file",
        "account",
        "host",
        "port",
        "timeout",
        "protocol",
        "domain",
        "from",
        "dsn-notify",
        "dsn-return",
        "logfile",
        "logfile-time-format",
        "maildomain",
        "aliases",
        "user",
        "passwordeval",
        "tls-trust-file",
        "tls-crl-file",
        "tls-fingerprint",
        "tls-key-file",
        "tls-cert-file",
        "tls-priorities",
        "tls-host-override",
        "tls-min-dh-prime-bits",
        "proxy-host",
        "proxy-port",
        "source-ip",
        "socket",
    }
)
# msmtp's long switches (an optional value only with '=': never the next argument).
_LONG_SWITCHES = frozenset(
    {
        "read-recipients",
        "read-envelope-from",
        "debug",
        "auth",
        "tls",
        "tls-starttls",
        "tls-certcheck",
        "syslog",
        "set-from-header",
        "set-date-header",
        "set-msgid-header",
        "remove-bcc-headers",
        "undisclosed-recipients",
        "auto-from",
    }
)
# Invocations that do not deliver a message: handed to the real sender untouched.
_PASSTHROUGH_LONG = frozenset({"version", "help", "pretend", "serverinfo", "rmqs", "configure"})
_PASSTHROUGH_MODES = frozenset("pidDvPhH")  # -bp (mailq), -bi (newaliases), -bv, ...
_PASSTHROUGH_SHORT = frozenset("qPSI")  # queue run, msmtp --pretend / --serverinfo, newaliases


USAGE = """\
usage: followup-guard-sendmail [sendmail options] [--] RECIPIENT... < MESSAGE
       followup-guard-sendmail [sendmail options] -t < MESSAGE

A drop-in for sendmail: checks the message (recipients from the arguments, Bcc included, or
from the headers with -t), then hands the same bytes and arguments to the real sender
([sendmail] command in the followup-guard config, else msmtp, else /usr/sbin/sendmail).

Exit codes: the real sender's; 77 refused (findings; the reason and the command
`followup-guard allow ID` are printed); 75 the check could not run; 64 bad arguments or no
recipients; 65 not a message; 66 empty input; 69 no real sender; 78 the sender is this program.
Options (passed on unchanged; only these, as they mean the same to msmtp, sendmail, Postfix
and Exim; any other option is refused with exit 64, since the real sender might read the
argument after it as a recipient that was never checked):
  -t  -i  -v  -oi  -oem -oee -oep -oeq -oew  -om  -odb -odi -odq -odd  -bm
  -f ADDR  -r ADDR  -F NAME  -a ACCOUNT  -C FILE  (the value attached or the next argument)
  -N never|off|success,failure,delay  -R full|hdrs|headers|ret|off  -B 7BIT|8BITMIME|BINARYMIME
  msmtp's long options (--from=ADDR, --account ACCOUNT, --read-recipients, --tls=on, ...)
  no delivery, handed over as they are: -bp -bi -bv ... -q -I -S -P --version --pretend
  -bs (SMTP on stdin) is refused; -V is refused (an envelope id to Postfix and sendmail,
  a bare switch to others).
"""


class UsageError(Exception):
    pass


@dataclass
class Invocation:
    """What the sendmail-style argv says. ``args`` is passed on to the real sender unchanged."""

    args: list[str]
    recipients: list[str] = field(default_factory=list)  # addresses named in argv
    read_headers: bool = False  # -t: recipients from To/Cc/Bcc too
    ignore_dots: bool = False  # -i / -oi: a lone '.' line does not end the message
    envelope_from: str | None = None
    passthrough: bool = False  # not a delivery (mailq, --version, ...): no message to check
    smtp_on_stdin: bool = False  # -bs


def _split_recipients(value: str) -> list[str]:
    import email.utils

    out = []
    for _name, addr in email.utils.getaddresses([value]):
        addr = addr.strip().lower()
        if addr:
            out.append(addr)
    if not out and value.strip():
        out.append(value.strip().lower())
    return out


def _refuse_option(letter: str) -> UsageError:
    why = _AMBIGUOUS.get(letter)
    what = (
        f"means {why}"
        if why
        else "is not one followup-guard knows to mean the same to every sender"
    )
    return UsageError(
        f"option -{letter} {what}; the real sender might take the argument after it for a "
        "recipient that was never checked. Remove it from the mail client's sendmail command "
        "(the accepted options: followup-guard-sendmail --help)"
    )


def parse_args(argv: Sequence[str]) -> Invocation:
    """Read sendmail's argv (getopt-style short options, msmtp's long options), accepting only
    options whose reading is the same for every sender; raise UsageError for anything else."""
    inv = Invocation(args=list(argv))
    i = 0
    n = len(argv)
    while i < n:
        arg = argv[i]
        i += 1
        if arg == "--":
            for rest in argv[i:]:
                inv.recipients.extend(_split_recipients(rest))
            break
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            if name in _PASSTHROUGH_LONG:
                inv.passthrough = True
            elif name == "read-recipients":
                inv.read_headers = True
            elif name in _LONG_VALUE_OPTS:
                if not eq:
                    if i >= n:
                        raise UsageError(f"option --{name} needs a value")
                    value = argv[i]
                    i += 1
                if name == "from":
                    inv.envelope_from = value
            elif name not in _LONG_SWITCHES:
                raise UsageError(
                    f"option --{name} is not one of msmtp's options followup-guard knows; the "
                    "real sender might take the argument after it for a recipient that was "
                    "never checked (the accepted options: followup-guard-sendmail --help)"
                )
            continue
        if not arg.startswith("-") or arg == "-":
            inv.recipients.extend(_split_recipients(arg))
            continue
        j = 1
        while j < len(arg):
            letter = arg[j]
            rest = arg[j + 1 :]
            if letter in _VALUED:
                if rest:
                    value = rest
                elif i < n:
                    value = argv[i]
                    i += 1
                else:
                    raise UsageError(f"option -{letter} needs a value")
                words = _KEYWORDS.get(letter)
                if words is not None and not set(value.lower().split(",")) <= words:
                    raise UsageError(
                        f"-{letter} {value}: not one of {', '.join(sorted(words))}; another "
                        "value could be read as a recipient by some senders"
                    )
                if letter in "fr":
                    inv.envelope_from = value
                break
            if letter == "o":
                if rest not in _O_FORMS:
                    raise UsageError(
                        f"option -o{rest} is not one followup-guard accepts (only "
                        f"{', '.join('-o' + f for f in sorted(_O_FORMS))}): some senders "
                        "take the next argument as its value, others as a recipient"
                    )
                if rest == "i":
                    inv.ignore_dots = True
                break
            if letter == "b":
                if rest[:1] == "s":
                    inv.smtp_on_stdin = True
                elif len(rest) == 1 and rest in _PASSTHROUGH_MODES:
                    inv.passthrough = True
                elif rest != "m":
                    raise UsageError(f"unknown mode -b{rest}")
                break
            if letter == "q":
                inv.passthrough = True  # a queue run (-q, -q30m), not a message
                break
            if letter in _PASSTHROUGH_SHORT:
                inv.passthrough = True
            elif letter == "t":
                inv.read_headers = True
            elif letter == "i":
                inv.ignore_dots = True
            elif letter not in _BARE:
                raise _refuse_option(letter)
            j += 1
    if inv.passthrough and (inv.recipients or inv.read_headers):
        raise UsageError(
            "a mode that sends nothing (mailq, --pretend, ...) was given with recipients; "
            "some senders would deliver, so nothing is passed on"
        )
    return inv
