"""A rejection that comes in by mail closes the application: ``mail/decision.py`` reads it as
the message is stored, the history keeps it, and the checks and reminders treat the application
as rejected until a later offer (or the user's own status) says otherwise."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest
from fgtest import CORPUS_CONFIG, DANA, ME, eml
from followup_guard.api import check_message, open_context, record_message
from followup_guard.mail.decision import decision
from followup_guard.record.history import build_history
from followup_guard.record.reminders import due_reminders
from followup_guard.store.db import SCHEMA_VERSION, Store
from followup_guard.store.schema import _MIGRATIONS


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (
            "After careful consideration we have decided to move forward with other candidates.",
            "rejection",
        ),
        ("We have offered the post to a candidate with more theatre experience.", "rejection"),
        (
            "I'm afraid we've decided to appoint an internal candidate on this occasion.",
            "rejection",
        ),
        ("We will not be proceeding with your application at this time.", "rejection"),
        ("Unfortunately you have not been successful on this occasion.", "rejection"),
        ("We've decided to go with a driver who already knows our routes.", "rejection"),
        ("The position has now been filled. We wish you well.", "rejection"),
        ("We are delighted to offer you the position of Backend Engineer.", "offer"),
        (
            "We are not able to offer you the senior post, but we would like to offer you the "
            "associate role instead.",
            "offer",
        ),
        # Not decisive: a delay, a next step, a question, the candidate's own words quoted.
        ("Unfortunately the panel has been postponed to next Thursday.", None),
        ("We'd like to move forward with a second interview next week.", None),
        ("We have decided to go ahead with the final round on Monday.", None),
        ("Could you send your references? We hope to decide by Friday.", None),
        ("Thanks, noted.\n\n> I hope you have not decided to go with another candidate.", None),
        # Business mail of the same shape (the Enron set): regret about something else, a
        # choice not made by the candidate.
        ("I regret to inform you that this week's coaching sessions have been cancelled.", None),
        ("Sign in each time if you have not chosen the automatic sign-in option.", None),
        ("Any country that was not selected by the participant will be replaced.", None),
        (
            "I regret to inform you that the panel has decided not to progress your application.",
            "rejection",
        ),
    ],
)
def test_what_a_reply_says(body: str, said: str | None) -> None:
    assert decision(body) == said


REJECTION = (
    "Dear Alex,\n\nThank you for coming in for the onsite. After careful consideration we "
    "have decided to move forward with another candidate.\n\nBest wishes,\nDana\n"
)
OFFER = (
    "Dear Alex,\n\nGood news: the other candidate withdrew, and we are delighted to offer "
    "you the position.\n\nBest,\nDana\n"
)
LINKEDIN = (
    "Dear Dana,\n\nThank you for letting me know, and for the onsite. I would like to stay "
    "in touch: may I connect with you on LinkedIn?\n\nBest regards,\nAlex\n"
)


def _at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=timezone.utc)


def _inbound(ctx: object, body: str, day: int, frm: str = DANA, mid: str = "r") -> None:
    record_message(
        ctx,  # type: ignore[arg-type]
        eml(frm=frm, to=ME, subject="Your application", body=body, date=_at(day), mid=mid),
        source="t",
        direction="in",
    )


def test_a_rejection_by_mail_closes_the_application_until_an_offer(tmp_path: Path) -> None:
    with open_context(CORPUS_CONFIG, tmp_path / "data") as ctx:
        assert ctx.config.application("acme-backend").status == "active"
        _inbound(ctx, REJECTION, 24, mid="no@acme.example")
        app = ctx.config.application("acme-backend")
        history = build_history(ctx.config, ctx.store, app)
        assert history.rejected_at == _at(24)

        result = check_message(ctx, eml(to=DANA, subject="Thanks", body=LINKEDIN), at=_at(25))
        by_rule = {f.rule: f for f in result.findings}
        assert "turned this application down in their message of Tue 24 Nov" in (
            by_rule["after-rejection"].message
        )
        # Closed: no social-media (the catalog asks only while the decision is open), no
        # timing rule, and tone findings would block.
        assert "social-media" not in by_rule and "inquiry-too-soon" not in by_rule
        assert not {"awaiting-reply", "weekly-limit"} & by_rule.keys()
        # Nothing is due any more: no thank-you or inquiry reminder for Acme.
        assert not [r for r in due_reminders(ctx.config, ctx.store, _at(25)) if "acme" in r.id]

        _inbound(ctx, OFFER, 26, mid="yes@acme.example")
        result = check_message(ctx, eml(to=DANA, subject="Thanks", body=LINKEDIN), at=_at(27))
        assert "after-rejection" not in {f.rule for f in result.findings}


def test_only_the_companys_own_word_closes_it(tmp_path: Path) -> None:
    """A friend forwarding "they went with another candidate" about someone else's job, or a
    message from outside the company, decides nothing."""
    with open_context(CORPUS_CONFIG, tmp_path / "data") as ctx:
        _inbound(ctx, REJECTION, 24, frm="Sam Lee <sam@example.net>", mid="fwd@example.net")
        # Threaded in by hand: it names Dana, so the application sees it.
        record_message(
            ctx,
            eml(frm="Sam Lee <sam@example.net>", to=[ME, DANA], body=REJECTION, date=_at(24)),
            source="t",
            direction="in",
        )
        history = build_history(ctx.config, ctx.store, ctx.config.application("acme-backend"))
        assert history.rejected_at is None


def test_a_store_at_v4_gains_the_decision_column(tmp_path: Path) -> None:
    """Rows stored before v5 keep their ids and read as undecided; new ones are read."""
    path = tmp_path / "store.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    for v in (1, 2, 3, 4):
        db.executescript(f"BEGIN; {_MIGRATIONS[v]}; PRAGMA user_version = {v}; COMMIT;")
    db.execute(
        "INSERT INTO messages (id, key, message_id, direction, sent_at, source, recorded_at)"
        " VALUES (7, 'mid:old@acme', 'old@acme', 'in', '2026-11-20T10:00:00.000000+00:00',"
        " 'imap', 'x')"
    )
    db.close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
        from followup_guard.mail.parse import parse_bytes

        store.add_message(
            parse_bytes(eml(frm=DANA, to=ME, body=REJECTION, mid="new@acme.example")),
            direction="in",
            source="t",
            decision=decision(REJECTION),  # read by the recorder, kept by the store
        )
        rows = store.db.execute("SELECT id, decision FROM messages ORDER BY id").fetchall()
        assert rows == [(7, None), (8, "rejection")]


def test_a_misread_rejection_can_be_ignored(tmp_path: Path) -> None:
    """decisions_by_mail = false: the user says the reading was wrong; the message still counts
    as a reply, but the application stays as the config has it. The finding says how."""
    with open_context(CORPUS_CONFIG, tmp_path / "on") as ctx:
        _inbound(ctx, REJECTION, 24, mid="no@acme.example")
        result = check_message(ctx, eml(to=DANA, subject="Thanks", body=LINKEDIN), at=_at(25))
        (finding,) = [f for f in result.findings if f.rule == "after-rejection"]
        assert "decisions_by_mail = false for acme-backend" in finding.fix
    config = tmp_path / "config.toml"
    text = CORPUS_CONFIG.read_text("utf-8")
    marker = 'id = "acme-backend"\n'
    config.write_text(text.replace(marker, marker + "decisions_by_mail = false\n", 1), "utf-8")
    with open_context(config, tmp_path / "off") as ctx:
        _inbound(ctx, REJECTION, 24, mid="no@acme.example")
        result = check_message(ctx, eml(to=DANA, subject="Thanks", body=LINKEDIN), at=_at(25))
        rules = {f.rule for f in result.findings}
        assert "after-rejection" not in rules and "social-media" in rules


def test_after_rejection_speaks_on_the_reply_to_the_rejection(tmp_path: Path) -> None:
    """A reply is spared the timing rules, but not the note that the company's message closed
    the application: the reply to the rejection is where the user first meets what was read
    from it. (Where the user set the status, a reply gets no note: the development corpus's
    arj-ok-reply-to-rejection.)"""
    with open_context(CORPUS_CONFIG, tmp_path / "data") as ctx:
        _inbound(ctx, REJECTION, 24, mid="no@acme.example")
        reply = eml(
            to=DANA,
            subject="Re: Your application",
            in_reply_to="<no@acme.example>",
            references=["<no@acme.example>"],
            body=LINKEDIN,
        )
        result = check_message(ctx, reply, at=_at(25))
        assert result.kind == "reply"
        assert "after-rejection" in {f.rule for f in result.findings}


def test_status_says_the_application_was_turned_down_by_mail(tmp_path: Path) -> None:
    """`followup-guard status` derives it from the stored rows like everything it shows, and
    tells how to undo a misreading; the inquiry window is no longer offered."""
    from fgtest import run, run_json

    home = tmp_path / "data"
    with open_context(CORPUS_CONFIG, home) as ctx:
        _inbound(ctx, REJECTION, 24, mid="no@acme.example")
    at = "2026-11-30T10:00"
    data = run_json(CORPUS_CONFIG, home, "status", "acme-backend", "--at", at)
    (acme,) = data["applications"]
    assert acme["status"] == "active" and acme["turned_down_by_mail"].startswith("2026-11-24")
    assert acme["inquiry_ok_from"] is None
    out = run(CORPUS_CONFIG, home, "status", "acme-backend", "--at", at).stdout
    assert "turned down in their message of" in out
    assert "decisions_by_mail = false for acme-backend" in out
    assert "status inquiry fine from" not in out
