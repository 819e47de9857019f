"""Which application a message concerns, its direction, and the kinds in the history."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fgtest import DANA, JOHN, MARIA, ME, eml
from followup_guard.api import Context, open_context, record_message
from followup_guard.config.load import parse_config
from followup_guard.mail.parse import parse_bytes
from followup_guard.record.history import build_history
from followup_guard.record.matching import match
from followup_guard.record.recording import UnknownSender, decide_direction
from followup_guard.record.schedule import pending_follow_up

NY = ZoneInfo("America/New_York")


def ny(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NY)


@pytest.fixture
def ctx(world_ctx: Context) -> Context:
    return world_ctx


def test_match_by_exact_address(ctx: Context) -> None:
    m = match(ctx.config, parse_bytes(eml(to=DANA, cc="Kim <kim.new@acme.example>")), "out")
    assert m.application is not None and m.application.id == "acme-backend"
    assert m.by == "address"
    assert m.person_addrs == ["dana.wu@acme.example"]
    assert [a.addr for a in m.unknown] == ["kim.new@acme.example"]


def test_match_by_company_domain_reports_unknown_people(ctx: Context) -> None:
    msg = parse_bytes(eml(to="Kim New <Kim.New@acme.example>", cc="ops@eu.acme.example"))
    m = match(ctx.config, msg, "out")
    assert m.application is not None and m.application.id == "acme-backend"
    assert m.by == "domain" and m.people == []
    assert [(a.name, a.addr) for a in m.unknown] == [
        ("Kim New", "kim.new@acme.example"),
        ("", "ops@eu.acme.example"),
    ]


def test_no_match_for_unrelated_or_lookalike_domains(ctx: Context) -> None:
    for to in ("friend@other.example", "x@notacme.example", "x@acme.example.com"):
        m = match(ctx.config, parse_bytes(eml(to=to)), "out", ctx.store)
        assert m.application is None and m.by == "", to


def test_own_addresses_never_match(ctx: Context) -> None:
    # Cc to oneself: still only Dana is on the company side.
    m = match(ctx.config, parse_bytes(eml(to=DANA, cc=ME)), "out")
    assert m.person_addrs == ["dana.wu@acme.example"] and m.unknown == []


def test_inbound_match_uses_the_sender(ctx: Context) -> None:
    msg = parse_bytes(eml(frm=MARIA, to=ME, cc="Seun <seun@globex.example>"))
    assert decide_direction(ctx.config, msg, None) == "in"
    m = match(ctx.config, msg, "in")
    assert m.application is not None and m.application.id == "acme-backend"
    assert m.person_addrs == ["maria.lopez@acme.example"]


def test_extra_bcc_counts_for_matching(ctx: Context) -> None:
    msg = parse_bytes(eml(to="friend@other.example"))
    m = match(ctx.config, msg, "out", extra_bcc=("John.Smith@acme.example",))
    assert m.application is not None and m.person_addrs == ["john.smith@acme.example"]


def test_direction_comes_from_evidence() -> None:
    config = parse_config('[[identities]]\naddress = "alex.morgan@example.org"\n', "c.toml")
    alex = parse_bytes(eml(frm="ALEX.MORGAN@example.org"))
    assert decide_direction(config, alex, None) == "out"
    assert decide_direction(config, parse_bytes(eml(frm=DANA, to=ME)), None) == "in"
    # An INBOX copy of the user's own mail is the user's; Sent is the user's whoever From is.
    assert decide_direction(config, alex, "in") == "out"
    assert decide_direction(config, parse_bytes(eml(frm=DANA, to=ME)), "out") == "out"
    no_identities = parse_config("", "c.toml")
    assert decide_direction(no_identities, parse_bytes(eml(frm=DANA)), None) == "out"
    no_sender = parse_bytes(b"To: x@y.example\n\nno sender")
    assert decide_direction(config, no_sender, "in") == "in"
    # Nothing says who sent it: unknown stays unknown, never the user's sent mail.
    for cfg in (config, no_identities):
        with pytest.raises(UnknownSender):
            decide_direction(cfg, no_sender, None)
        with pytest.raises(UnknownSender):
            decide_direction(cfg, parse_bytes(b"From: undisclosed\nTo: x@y.example\n\nhi"), None)


def test_thread_match_recruiter_on_gmail(ctx: Context) -> None:
    out = record_message(
        ctx,
        eml(to=MARIA, subject="Checking in", mid="fu-1@example.org", date=ny(30, 9)),
        source="file",
    )
    assert (out.application, out.direction) == ("acme-backend", "out")
    reply = eml(
        frm="Maria L <maria.recruiter@gmail.com>",
        to=ME,
        subject="Re: Checking in",
        mid="r1@mail.gmail.com",
        date=ny(30, 15),
        in_reply_to="fu-1@example.org",
        references=["fu-1@example.org"],
    )
    m = match(ctx.config, parse_bytes(reply), "in", ctx.store)
    assert m.application is not None and m.application.id == "acme-backend" and m.by == "thread"
    assert match(ctx.config, parse_bytes(reply), "in").application is None  # needs the store
    got = record_message(ctx, reply, source="file")
    assert (got.application, got.direction, got.new) == ("acme-backend", "in", True)

    app = ctx.config.application("acme-backend")
    assert app is not None
    history = build_history(ctx.config, ctx.store, app)
    assert [(c.direction, c.kind, c.people) for c in history.contacts] == [
        ("out", "follow-up", ("maria.lopez@acme.example",)),
        ("in", "inbound", ("maria.recruiter@gmail.com",)),
    ]
    assert history.last_inbound() is not None
    assert history.last_inbound().at == ny(30, 15)  # type: ignore[union-attr]
    assert pending_follow_up(history) is None  # her answer counts as the reply
    # Before her answer arrived, the follow-up was still waiting.
    earlier = build_history(ctx.config, ctx.store, app, before=ny(30, 12))
    assert pending_follow_up(earlier) is not None


def test_inbound_from_company_is_in_and_answers_the_follow_up(ctx: Context) -> None:
    record_message(
        ctx,
        eml(to=MARIA, subject="Any news?", mid="fu-2@example.org", date=ny(30, 9)),
        source="file",
    )
    got = record_message(
        ctx,
        eml(
            frm="Kim <kim.new@acme.example>",
            to=ME,
            subject="News",
            mid="k1@acme.example",
            date=ny(30, 11),
        ),
        source="file",
    )
    assert (got.application, got.direction) == ("acme-backend", "in")
    assert ctx.store.message_count("in") == 1 and ctx.store.message_count("out") == 1
    history = build_history(ctx.config, ctx.store, ctx.config.application("acme-backend"))
    assert [c.direction for c in history.contacts] == ["out", "in"]
    assert [c.counts_as_contact for c in history.contacts] == [True, False]
    assert len(history.outbound) == 1 and len(history.inbound) == 1
    assert pending_follow_up(history) is None


def test_history_kinds(ctx: Context) -> None:
    app = ctx.config.application("acme-backend")
    assert app is not None
    msgs = [
        # Before the onsite (Nov 20 10:00-12:00): nothing to thank for yet.
        eml(to=DANA, subject="Looking forward", mid="pre@example.org", date=ny(18, 9)),
        eml(to=DANA, subject="Thank you", mid="ty-dana@example.org", date=ny(20, 18)),
        eml(to=JOHN, subject="Thanks", mid="ty-john@example.org", date=ny(20, 18, 30)),
        eml(to=DANA, subject="One more thing", mid="fu-dana@example.org", date=ny(23, 9)),
        eml(frm=MARIA, to=ME, subject="Next steps", mid="maria-1@acme.example", date=ny(24, 10)),
        eml(
            to=MARIA,
            subject="Re: Next steps",
            mid="re-maria@example.org",
            date=ny(24, 12),
            in_reply_to="maria-1@acme.example",
            references=["maria-1@acme.example"],
        ),
        # A reply threaded only through References counts as a reply too.
        eml(
            to=MARIA,
            subject="Re: Next steps (2)",
            mid="re-maria-2@example.org",
            date=ny(25, 12),
            references=["maria-1@acme.example"],
        ),
        eml(to=MARIA, subject="Status?", mid="fu-maria@example.org", date=ny(2, 9, month=12)),
        # To one of my references about Acme, in the same thread: not a contact with Acme.
        eml(
            to="Priya Raman <priya.raman@oldjob.example>",
            subject="Fwd: Next steps",
            mid="ref@example.org",
            date=ny(24, 13),
            references=["maria-1@acme.example"],
        ),
    ]
    for raw in msgs:
        assert record_message(ctx, raw, source="file").new
    ctx.store.add_contact(app.id, "maria.lopez@acme.example", "call", ny(3, 15, month=12))
    ctx.store.add_contact(app.id, "", "note", ny(3, 16, month=12), "wrote down her answer")

    history = build_history(ctx.config, ctx.store, app)
    got = [
        (c.at.astimezone(NY).strftime("%m-%d %H:%M"), c.channel, c.direction, c.kind)
        for c in history.contacts
    ]
    assert got == [
        ("11-18 09:00", "mail", "out", "follow-up"),
        ("11-20 18:00", "mail", "out", "thank-you"),
        ("11-20 18:30", "mail", "out", "thank-you"),
        ("11-23 09:00", "mail", "out", "follow-up"),
        ("11-24 10:00", "mail", "in", "inbound"),
        ("11-24 12:00", "mail", "out", "reply"),
        ("11-25 12:00", "mail", "out", "reply"),
        ("12-02 09:00", "mail", "out", "follow-up"),
        ("12-03 15:00", "call", "out", "follow-up"),
        ("12-03 16:00", "note", "out", "follow-up"),
    ]
    assert [c.channel for c in history.outbound][-1] == "call"  # notes are not contacts
    rnd_end = app.rounds[0].end
    assert history.thank_you_to("DANA.WU@acme.example", rnd_end).subject == "Thank you"  # type: ignore[union-attr]
    assert history.thank_you_to("maria.lopez@acme.example", rnd_end).subject == "Re: Next steps"  # type: ignore[union-attr]
    assert [c.subject for c in history.follow_ups_since(ny(1, 0, month=12))] == ["Status?", ""]
    # `before` cuts the history at a moment, for checks "as of" then.
    assert len(build_history(ctx.config, ctx.store, app, before=ny(20, 18, 15)).contacts) == 2


def test_history_is_matched_at_query_time(tmp_path: Path) -> None:
    """An application added to the config later still sees the mail from before."""
    cfg = tmp_path / "config.toml"
    cfg.write_text('[[identities]]\naddress = "alex.morgan@example.org"\n')
    with open_context(cfg, tmp_path / "data") as ctx:
        out = record_message(
            ctx,
            eml(
                to="Lee <lee@umbrella.example>",
                mid="u1@example.org",
                date=datetime(2026, 11, 2, 15, tzinfo=timezone.utc),
            ),
            source="file",
        )
        assert out.application is None and out.direction == "out"
    cfg.write_text(
        cfg.read_text() + '\n[[applications]]\nid = "umbrella"\ncompany = "Umbrella"'
        '\ndomains = ["umbrella.example"]\n'
    )
    with open_context(cfg, tmp_path / "data") as ctx:
        app = ctx.config.application("umbrella")
        assert app is not None
        history = build_history(ctx.config, ctx.store, app)
        assert [(c.kind, c.people) for c in history.contacts] == [
            ("follow-up", ("lee@umbrella.example",))
        ]
        assert history.contacts[0].at == datetime(2026, 11, 2, 15, tzinfo=timezone.utc)
