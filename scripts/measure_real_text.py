#!/usr/bin/env python3
"""False-alarm rates and politeness separation of the tone rules on real text nobody here wrote.

    python scripts/measure_real_text.py [--data ../shared/data] [--limit N] [--json OUT]
    python scripts/measure_real_text.py --enron-half odd --politeness-half odd   # unseen halves

Runs the real engine (``followup_guard.api.check_message``) on:

1. ``enron1-ham.jsonl``: 3,672 legitimate Enron business mails. Each is cleaned (below) and
   sent as a follow-up to an interviewer: From Alex Morgan, To Dana Wu at Acme (a tracked
   interviewer), "Dear Dana," before the text and "Best regards, Alex Morgan" after it, checked
   three weeks after the onsite, the thank-you sent that evening. Per tone rule: the share of
   messages with at least one warn/block finding of that rule. These are ordinary business
   mails, so a severe finding is a false alarm (a few are pushy to an interviewer in this
   framing: "please respond asap").
2. ``politeness-wikipedia.csv``: 4,353 Wikipedia requests rated for politeness (Stanford
   Politeness Corpus). Each request is framed the same way. Reported: the share with a
   warn/block tone finding other than ``generic`` and ``misspelling`` in the least polite 5 %
   and in the most polite quarter (by the normalised score), for the six severe rules and for
   every such tone rule; the target is at least 40 points apart. ``--politeness-half odd``
   takes the requests at odd rows only: the tone trainer learns from the even ones.

Besides the engine, it reports the tone model alone (``tone_model.confident``: a sentence at
or above the shipped threshold) and "rule or model", which is what a severe rule gives once it
calls the model (the rule modules are being split; see docs/accuracy.md).

Cleaning the Enron text (it is lower-cased and tokenised: ``can ' t``, ``2 : 00 p . m .``):
* forwarded tails and quoted originals are cut at the first ``- - - - -`` run, ``-----``,
  "original message" or an ``from :``/``to :`` header line;
* tokenisation undone: spaces before , . ; : ! ? % ) and after ( $ # removed, ``' t`` -> ``'t``,
  ``2 : 00`` -> ``2:00``, ``6 , 500`` -> ``6,500``, ``p . m .`` -> ``p.m.``, ``a / b`` -> ``a/b``,
  ``e - mail`` -> ``e-mail``, ``dvn . com`` -> ``dvn.com``; a run of ``?`` at a line start or
  right after sentence punctuation (``material . ? there``, ``? ? ? keep up``) stands for lost
  non-ASCII characters (bullets, dashes, quotation marks) and is dropped;
* case restored: sentence starts and "I" capitalised; words whose every form in the Hunspell
  en_US/en_GB dictionaries (``apt-get install hunspell-en-us hunspell-en-gb``) is capitalised
  or in capitals take that form (Houston, Monday, NASA); a word in neither dictionary that
  recurs in at least 5 different mails is taken for a name or an in-house term and capitalised
  (Enron, Kaminski, Hpl): a typo seldom repeats itself across five writers; a word SCOWL lists
  only as a personal name (the spelling dictionary's name words, not a common word, not a
  listed misspelling) is capitalised too (Colwell, Stubbs), unless ``--hunspell-case-only``.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "daemon"))

from followup_guard.api import Context, check_message, record_message  # noqa: E402
from followup_guard.checks import spelling, tone_model  # noqa: E402
from followup_guard.config.load import load_config  # noqa: E402
from followup_guard.config.paths import Paths  # noqa: E402
from followup_guard.store.db import Store  # noqa: E402

SEVERE = tone_model.TONES
AT = datetime(2026, 12, 11, 15, 0, tzinfo=timezone.utc)
CONFIG = """[general]
timezone = "America/New_York"

[user]
name = "Alex Morgan"

[[identities]]
address = "alex.morgan@example.org"
name = "Alex Morgan"

[[applications]]
id = "acme"
company = "Acme Corp"
role = "Operations Analyst"
domains = ["acme.example"]
  [[applications.rounds]]
  name = "onsite"
  start = "2026-11-20T10:00"
  end = "2026-11-20T12:00"
  timezone = "America/New_York"
  [[applications.people]]
  name = "Dana Wu"
  address = "dana.wu@acme.example"
  role = "interviewer"
"""

# --------------------------------------------------------------------------------------------
# Enron: cut, detokenise, restore case
# --------------------------------------------------------------------------------------------

_TAIL = re.compile(r"(?:-\s){4,}|-{5,}|original message|^\s*(?:from|to|cc|sent)\s:\s", re.I | re.M)
_DETOK: list[tuple[re.Pattern[str], str]] = [
    # A "?" run at a line start or right after sentence punctuation stands for lost non-ASCII
    # characters (bullets, dashes, quotes: "material . ? there 's", "? ? ? keep up the good
    # work"); nobody types "?" there. After a word ("place ? ? ?") it is the writer's own.
    (re.compile(r"(^|[.!:;] )(?:\? ?)+", re.M), r"\1"),
    (re.compile(r"(\w) \. (com|net|org|edu|gov)\b"), r"\1.\2"),  # "dvn . com"
    (re.compile(r"(\d) : (\d)"), r"\1:\2"),
    (re.compile(r"(\d) , (\d{3})\b"), r"\1,\2"),
    (re.compile(r"(\d) \. (\d)"), r"\1.\2"),
    (re.compile(r"\b([a-z]) \. ([a-z]) \."), r"\1.\2."),
    (re.compile(r"(\w) ' (s|t|re|ve|ll|d|m)\b"), r"\1'\2"),
    (re.compile(r"(\w) - (\w)"), r"\1-\2"),
    (re.compile(r"(\w) / (\w)"), r"\1/\2"),
    (re.compile(r"(\w) @ (\w)"), r"\1@\2"),
    (re.compile(r"(\w) _ (\w)"), r"\1_\2"),
    (re.compile(r" +([,.;:!?%)\]])"), r"\1"),
    (re.compile(r"([(\[$#]) +"), r"\1"),
    (re.compile(r"[ \t]+"), " "),
]
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def load_case_map(dic_dir: Path) -> dict[str, str]:
    """lower-case word -> its only written form, for words Hunspell lists only capitalised."""
    forms: dict[str, set[str]] = {}
    for name in ("en_US.dic", "en_GB.dic"):
        path = dic_dir / name
        if not path.exists():
            continue
        for line in path.read_text("utf-8", errors="replace").splitlines()[1:]:
            w = line.split("/")[0].strip()
            if w.isalpha():
                forms.setdefault(w.lower(), set()).add(w)
    if not forms:
        raise SystemExit(
            f"no Hunspell en_US/en_GB .dic in {dic_dir} (apt-get install hunspell-en-us)"
        )
    return {low: sorted(fs)[0] for low, fs in forms.items() if low not in fs}


def clean_enron(text: str) -> tuple[str, str]:
    subject, _, body = text.partition("\n")
    subject = subject.removeprefix("Subject:").strip()
    m = _TAIL.search(body)
    if m:
        body = body[: m.start()]
    for pat, rep in _DETOK:
        body = pat.sub(rep, body)
        subject = pat.sub(rep, subject)
    return subject.strip(), body.strip()


def restore_case(text: str, case_map: dict[str, str], names: set[str]) -> str:
    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        if w == "i" or w.startswith("i'"):
            return "I" + w[1:]
        if w in case_map:
            return case_map[w]
        if w in names:
            return w[:1].upper() + w[1:]
        return w

    text = _WORD.sub(word, text)
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def recurring_unknowns(bodies: list[str], case_map: dict[str, str]) -> set[str]:
    docs: Counter[str] = Counter()
    for b in bodies:
        docs.update(set(_WORD.findall(b)))
    cands = [w for w, n in docs.items() if n >= 5 and w not in case_map and "'" not in w]
    known, fixes = spelling.lookup(cands)
    return {w for w in cands if w not in known and w not in fixes}


def listed_names(bodies: list[str], case_map: dict[str, str]) -> set[str]:
    """Words of the mails that SCOWL lists only as personal names (the dictionary's name
    words) and that are neither common words nor listed misspellings: a writer who uses case
    writes them with a capital (Colwell, Stubbs, Karie)."""
    words = {w for b in bodies for w in _WORD.findall(b) if w not in case_map and "'" not in w}
    known, fixes = spelling.lookup(words)
    return {w for w in spelling.names(words) if w not in known and w not in fixes}


# --------------------------------------------------------------------------------------------
# Running the engine
# --------------------------------------------------------------------------------------------


def letter(subject: str, body: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Alex Morgan <alex.morgan@example.org>"
    msg["To"] = "Dana Wu <dana.wu@acme.example>"
    msg["Subject"] = subject or "Following up"
    msg["Date"] = "Fri, 11 Dec 2026 10:00:00 -0500"
    msg.set_content(f"Dear Dana,\n\n{body}\n\nBest regards,\nAlex Morgan\n")
    return bytes(msg)


def fired(ctx: Context, raw: bytes) -> set[str]:
    res = check_message(ctx, raw, at=AT)
    return {f.rule for f in res.findings if f.severity in ("warn", "block")}


def model_fired(body: str) -> set[str]:
    return {t for t in SEVERE if tone_model.confident(body, t)}


def pct(n: int, d: int) -> str:
    return f"{100 * n / max(d, 1):5.1f} %"


def enron_letters(
    path: Path,
    dic_dir: Path,
    limit: int | None = None,
    hunspell_only: bool = False,
    half: str = "all",
) -> list[tuple[str, str]]:
    """(subject, body) of the Enron mails, cleaned and case restored. ``half`` picks the
    mails at even or odd line numbers: the tone trainer calibrates its cuts on the even
    half (``train_tone_model.py --mail``), so the odd half stays unseen by it."""
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    cleaned = [clean_enron(r["text"]) for r in rows][:limit]
    # Case restoration learns names from all the mails, so both halves read alike.
    case_map = load_case_map(dic_dir)
    bodies = [b for _, b in cleaned if len(b.split()) >= 3]
    names = recurring_unknowns(bodies, case_map)
    if not hunspell_only:
        names |= listed_names(bodies, case_map)
    parity = {"even": 0, "odd": 1}.get(half)
    return [
        (restore_case(s, case_map, names), restore_case(b, case_map, names))
        for i, (s, b) in enumerate(cleaned)
        if len(b.split()) >= 3  # drop attachment-only mails
        and (parity is None or i % 2 == parity)
    ]


def measure_enron(
    ctx: Context,
    path: Path,
    dic_dir: Path,
    limit: int | None,
    hunspell_only: bool = False,
    half: str = "all",
) -> dict[str, object]:
    cleaned = enron_letters(path, dic_dir, limit, hunspell_only, half)
    counts: Counter[str] = Counter()
    model_counts: Counter[str] = Counter()
    either: Counter[str] = Counter()
    any_severe = any_either = 0
    examples: dict[str, str] = {}
    for subject, body in cleaned:
        rules = fired(ctx, letter(subject, body))
        counts.update(rules)
        mod = model_fired(body)
        model_counts.update(mod)
        either.update(set(mod) | (rules & set(SEVERE)))
        any_severe += bool(rules & set(SEVERE))
        any_either += bool(mod or rules & set(SEVERE))
        for t in mod:
            examples.setdefault(t, " / ".join(body[a:b] for a, b in _spans(body, t))[:160])
    n = len(cleaned)
    which = "" if half == "all" else f", the {half} half"
    print(f"\nEnron ham as follow-ups: {n} messages{which} (forwarded tails cut, case restored)")
    print(f"{'rule':<26}{'engine':>9}{'model':>9}{'either':>9}")
    rules_seen = sorted(set(counts) | set(SEVERE))
    for r in rules_seen:
        mod = pct(model_counts[r], n) if r in SEVERE else "     -"
        eit = pct(either[r], n) if r in SEVERE else "     -"
        print(f"{r:<26}{pct(counts[r], n):>9}{mod:>9}{eit:>9}")
    print(f"{'any severe rule':<26}{pct(any_severe, n):>9}{'':>9}{pct(any_either, n):>9}")
    for t, ex in sorted(examples.items()):
        print(f"  model {t}: e.g. {ex!r}")
    return {
        "messages": n,
        "engine": {r: counts[r] / n for r in rules_seen},
        "model": {t: model_counts[t] / n for t in SEVERE},
        "either": {t: either[t] / n for t in SEVERE},
    }


def _spans(text: str, tone: str) -> Iterable[tuple[int, int]]:
    for s in tone_model.confident(text, tone)[:1]:
        yield s.span


def politeness_requests(
    path: Path, dic_dir: Path, half: str = "all", limit: int | None = None
) -> list[tuple[str, float]]:
    """(text, normalised politeness score) of the Wikipedia requests, least polite first:
    HTML unescaped, case restored as for the Enron text, and the corpus's marks for a removed
    link or name filled in as the writer's text had them ("that page", "Sam"). ``half`` picks
    the requests at even or odd rows of the file: the tone trainer learns from the even half
    (``train_tone_model.py --politeness``), so the odd half stays unseen by it."""
    rows: list[tuple[str, float]] = []
    parity = {"even": 0, "odd": 1}.get(half)
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for i, r in enumerate(reader):
            if parity is not None and i % 2 != parity:
                continue
            # A few requests hold unquoted commas: the text is what lies between.
            rows.append((html.unescape(",".join(r[2:-11])), float(r[-1])))
    rows = rows[:limit]
    rows.sort(key=lambda r: r[1])
    case_map = load_case_map(dic_dir)
    out = []
    for text, score in rows:
        # Case is restored first, so "<url>" may read "<URL>" by then.
        body = restore_case(text, case_map, set())
        body = re.sub(r"<url>", "that page", body, flags=re.I)
        body = re.sub(r"<person>", "Sam", body, flags=re.I)
        out.append((re.sub(r"<[a-z]+>", "it", body, flags=re.I), score))
    return out


def measure_politeness(
    ctx: Context, path: Path, dic_dir: Path, limit: int | None, half: str = "all"
) -> dict[str, object]:
    rows = politeness_requests(path, dic_dir, half, limit)
    low = rows[: max(1, len(rows) * 5 // 100)]
    high = rows[len(rows) - len(rows) // 4 :]
    out: dict[str, object] = {}
    which_half = "" if half == "all" else f", the {half} half"
    print(f"\nPoliteness corpus (Wikipedia requests{which_half}) as follow-ups")
    print(f"{'':<34}{'least polite 5%':>16}{'most polite 25%':>16}{'gap':>8}")
    results: dict[str, list[float]] = {}
    for name, group in (("low", low), ("high", high)):
        sev = tone_any = mod = either = 0
        which: Counter[str] = Counter()
        for body, _score in group:
            rules = fired(ctx, letter("A request", body))
            m = model_fired(body)
            sev += bool(rules & set(SEVERE))
            tone_any += bool(rules - {"generic", "misspelling"} - _NOT_TONE)
            which.update(rules - _NOT_TONE)
            mod += bool(m)
            either += bool(m or rules & set(SEVERE))
        n = len(group)
        print(f"  {name}: " + ", ".join(f"{r} {pct(c, n).strip()}" for r, c in which.most_common()))
        results[name] = [sev / n, tone_any / n, mod / n, either / n]
    labels = [
        "severe rules (engine)",
        "tone rules but generic/misspelling",
        "tone model alone",
        "severe rule or model",
    ]
    for i, lab in enumerate(labels):
        lo, hi = results["low"][i], results["high"][i]
        print(f"{lab:<34}{100 * lo:>15.1f}%{100 * hi:>15.1f}%{100 * (lo - hi):>7.1f}")
        out[lab] = {"least_polite_5pct": lo, "most_polite_25pct": hi}
    out["sizes"] = {"least_polite_5pct": len(low), "most_polite_25pct": len(high)}
    return out


_NOT_TONE = {
    # timing and scope rules (the framing is fixed, so they fire alike on every letter)
    "thank-you-late",
    "inquiry-too-soon",
    "same-day-repeat",
    "weekly-limit",
    "awaiting-reply",
    "too-many-follow-ups",
    "after-rejection",
    "outside-hiring-process",
    "same-letter-many",
    "unprofessional-sender",
    "address-typo",
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--hunspell", type=Path, default=Path("/usr/share/hunspell"))
    ap.add_argument("--limit", type=int, default=None, help="only the first N of each file")
    ap.add_argument("--only", choices=("enron", "politeness"), default=None)
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    ap.add_argument(
        "--hunspell-case-only",
        action="store_true",
        help="restore case from Hunspell and recurring words only, not SCOWL's personal names",
    )
    ap.add_argument(
        "--enron-half",
        choices=("all", "even", "odd"),
        default="all",
        help="odd: only the Enron mails the tone trainer's calibration never saw",
    )
    ap.add_argument(
        "--politeness-half",
        choices=("all", "even", "odd"),
        default="all",
        help="odd: only the requests the tone trainer never saw",
    )
    ap.add_argument(
        "--no-model", action="store_true", help="the severe rules on phrase evidence alone"
    )
    args = ap.parse_args(argv)
    enron = args.data / "enron1-ham.jsonl"
    polite = args.data / "politeness-wikipedia.csv"
    for p in (enron, polite):
        if not p.exists():
            print(f"missing {p} (see --data)", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Path(tmp) / "config.toml"
        rules = "".join(f"\n[rules.{t}]\nmodel = false\n" for t in SEVERE) if args.no_model else ""
        cfg.write_text(CONFIG + rules, "utf-8")
        paths = Paths(config=cfg, data_dir=Path(tmp))
        ctx = Context(load_config(cfg), Store(Path(tmp) / "store.sqlite"), paths)
        # The thank-you went out the evening of the onsite: what follows is a follow-up.
        thanks = EmailMessage()
        thanks["From"] = "Alex Morgan <alex.morgan@example.org>"
        thanks["To"] = "Dana Wu <dana.wu@acme.example>"
        thanks["Subject"] = "Thank you"
        thanks["Date"] = "Fri, 20 Nov 2026 18:00:00 -0500"
        thanks["Message-ID"] = "<thanks-1@example.org>"
        thanks.set_content("Dear Dana,\n\nThank you for the onsite today.\n\nBest regards,\nAlex\n")
        record_message(ctx, bytes(thanks), source="measure", direction="out")
        figures: dict[str, object] = {}
        if args.only in (None, "enron"):
            figures["enron"] = measure_enron(
                ctx, enron, args.hunspell, args.limit, args.hunspell_case_only, args.enron_half
            )
        if args.only in (None, "politeness"):
            figures["politeness"] = measure_politeness(
                ctx, polite, args.hunspell, args.limit, args.politeness_half
            )
        ctx.close()
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
