"""The voicemail-script check (`followup-guard check --voicemail FILE`).

A voicemail to an interviewer should be short, and should say who is calling and how to call
back. This checks a script the user wrote before calling: not a catalog rule (nothing is sent),
so it is not in the registry, but its findings have the same shape as the rules' findings
(the ``check`` contract): rule, category, severity, message, fix, advice, span.

Options (config ``[rules.voicemail]``): ``max_seconds`` (30) and ``words_per_minute`` (150):
a script of more than max_seconds × wpm / 60 words (75 by default) is too long to say calmly.
"""

from __future__ import annotations

import re
from typing import Any

from ..config.model import Config

DEFAULTS: dict[str, Any] = {"max_seconds": 30, "words_per_minute": 150}
ADVICE = (
    "Voicemail advice (000): keep the message brief and to the point, and always leave "
    "your name and how to reach you; writing a script first stops you rambling."
)

_TOKEN = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().\-]{5,}\d(?![\w])")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_SPOKEN_EMAIL = re.compile(
    r"\b[a-z]+(?:\s+dot\s+[a-z]+)*\s+at\s+[a-z0-9\-]+(?:\s+dot\s+[a-z]+)+\b", re.I
)
_DIGIT_WORDS = "zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple"
_SPOKEN_PHONE = re.compile(rf"\b(?:(?:{_DIGIT_WORDS})[\s,\-]+){{6,}}(?:{_DIGIT_WORDS})\b", re.I)


def _spoken_words(text: str) -> list[tuple[int, int, int]]:
    """(start, end, how many words it takes to say) for each token of the script."""
    out = []
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        digits = sum(ch.isdigit() for ch in tok)
        # Phone numbers and codes are read digit by digit.
        n = digits if digits >= 3 and digits == sum(ch.isalnum() for ch in tok) else 1
        out.append((m.start(), m.end(), n))
    return out


def _finding(
    rule: str, severity: str, message: str, fix: str, span: tuple[int, int] | None
) -> dict[str, Any]:
    return {
        "rule": rule,
        "category": "tone",
        "severity": severity,
        "message": message,
        "fix": fix,
        "advice": ADVICE,
        "span": list(span) if span else None,
    }


def _names(config: Config) -> list[str]:
    names = [config.user_name] if config.user_name else []
    names += [i.name for i in config.identities if i.name and i.name not in names]
    return [n for n in names if n.strip()]


def check_voicemail(
    text: str,
    config: Config,
    *,
    max_seconds: float | None = None,
    words_per_minute: float | None = None,
) -> list[dict[str, Any]]:
    """Findings for a voicemail script (dicts in the check contract's finding shape)."""
    opts = dict(DEFAULTS)
    opts.update(config.rules.get("voicemail", {}) if config.rules else {})
    if max_seconds is not None:
        opts["max_seconds"] = max_seconds
    if words_per_minute is not None:
        opts["words_per_minute"] = words_per_minute
    findings: list[dict[str, Any]] = []
    if not text.strip():
        return [
            _finding(
                "voicemail-missing-name",
                "warn",
                "the voicemail script is empty",
                "Write what you will say: your name, why you call, how to reach you.",
                None,
            )
        ]

    # Length.
    wpm = float(opts["words_per_minute"])
    limit = max(1, round(float(opts["max_seconds"]) * wpm / 60))
    words = _spoken_words(text)
    total = sum(n for _, _, n in words)
    if total > limit:
        count = 0
        start = words[-1][0]
        for a, _b, n in words:
            count += n
            if count > limit:
                start = a
                break
        seconds = round(total / wpm * 60)
        findings.append(
            _finding(
                "voicemail-too-long",
                "warn",
                f"about {total} spoken words, roughly {seconds} seconds at {wpm:g} words a minute "
                f"(aim for {limit} words, {float(opts['max_seconds']):g} seconds)",
                "Cut it to three sentences: who you are, why you are calling (one line), and your "
                "number, said slowly.",
                (start, len(text.rstrip())),
            )
        )

    # The caller's name.
    names = _names(config)
    if names:
        full_found = any(
            re.search(r"\b" + r"\s+".join(map(re.escape, n.split())) + r"\b", text, re.I)
            for n in names
        )
        if not full_found:
            full = names[0]
            first = full.split()[0]
            m = re.search(rf"\b{re.escape(first)}\b", text, re.I)
            if m and len(full.split()) > 1:
                findings.append(
                    _finding(
                        "voicemail-missing-name",
                        "warn",
                        f"the script gives only your first name, '{m.group(0)}'",
                        f"Say your full name early on: 'Hello, this is {full}'.",
                        (m.start(), m.end()),
                    )
                )
            elif not m:
                findings.append(
                    _finding(
                        "voicemail-missing-name",
                        "warn",
                        f"the script never says your name ({full})",
                        f"Start with 'Hello, this is {full}'.",
                        None,
                    )
                )

    # A way to call back.
    if not (
        _has_phone(text)
        or _EMAIL.search(text)
        or _SPOKEN_EMAIL.search(text)
        or _SPOKEN_PHONE.search(text)
    ):
        phone = config.user_phone
        how = (
            f"'You can reach me at {phone}', said slowly"
            if phone
            else "your phone number or email address, said slowly"
        )
        findings.append(
            _finding(
                "voicemail-missing-contact",
                "warn",
                "the script has no phone number or email address to call back",
                f"End with {how}, and repeat the number once.",
                None,
            )
        )
    return findings


def _has_phone(text: str) -> bool:
    return any(sum(ch.isdigit() for ch in m.group(0)) >= 7 for m in _PHONE.finditer(text))
