"""Unit tests for the tone rules, their phrase matcher, the dictionary and the voicemail check.

Drafts are built by the real engine (`build_draft`) against tests/corpus/config.toml, so the
rules see exactly what they see in production: the user's own words, the record's names.
"""

from __future__ import annotations

import re
import sqlite3
import timeit
from datetime import datetime
from pathlib import Path

import pytest
from corpus_runner import CorpusWorld
from followup_guard.api import check_message, record_message
from followup_guard.checks import matcher, spelling
from followup_guard.checks.engine import build_draft, run_rules
from followup_guard.checks.registry import Hit, all_rules
from followup_guard.checks.voicemail import check_voicemail
from followup_guard.mail.parse import parse_bytes

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT.parent / "shared" / "rules.md"
# What the catalog (shared/rules.md) says each tone rule's default severity is.
DEFAULT_SEVERITY = {
    "angry": "block",
    "sarcastic": "block",
    "disparaging": "block",
    "pushy": "warn",
    "desperate": "warn",
    "inappropriate": "block",
    "too-casual": "warn",
    "misspelling": "warn",
    "generic": "warn",
    "unfilled-placeholder": "block",
    "too-short": "info",
    "missing-thanks": "warn",
    "unprofessional-signature": "warn",
    "wrong-name": "block",
}

TONE_IDS = sorted(r.id for r in all_rules().values() if r.category == "tone")

DANA = "Dana Wu <dana.wu@acme.example>"
JOHN = "John Smith <john.smith@acme.example>"
MARIA = "Maria Lopez <maria.lopez@acme.example>"
SEUN = "Oluwaseun Okonkwo <seun@globex.example>"
BILL = "Bill Lumbergh <bill@initech.example>"
MORNING_AFTER = "2026-11-21T09:30:00-05:00"  # a thank-you to Acme's interviewers
LATER = "2026-12-01T10:00:00-05:00"  # a follow-up, with history "acme-thanked"
SIGNATURE = "Alex Morgan\n+1 617 555 0142"


@pytest.fixture(scope="module")
def world() -> CorpusWorld:
    return CorpusWorld()


def make(
    world: CorpusWorld,
    body: str,
    *,
    to: str = DANA,
    at: str = MORNING_AFTER,
    history: str | None = None,
    headers: str = "",
):
    """A Draft for ``body`` as the engine builds it (signature stripped, kind classified)."""
    ctx = world.context(history)
    try:
        raw = (
            f"From: Alex Morgan <alex.morgan@example.org>\nTo: {to}\nSubject: Thank you\n"
            f"{headers}\n{body}\n"
        ).encode()
        return build_draft(world.config, ctx.store, parse_bytes(raw), at=datetime.fromisoformat(at))
    finally:
        ctx.close()


def run(rule_id: str, draft, **opts) -> list[Hit]:
    r = all_rules()[rule_id]
    settings = draft.config.rule_settings(rule_id, dict(r.options), draft.application)
    settings.update(opts)
    if r.kinds is not None and draft.kind not in r.kinds:
        return []
    return list(r.check(draft, settings))


def letter(middle: str, greeting: str = "Dear Dana,", sign_off: str = "Best regards,") -> str:
    """A well-formed two-paragraph thank-you around ``middle``."""
    return (
        f"{greeting}\n\nThank you for the onsite on Friday and for the tour of the payments "
        f"ledger.\n\n{middle}\n\n{sign_off}\n{SIGNATURE}"
    )


def tone_hits(draft, ignore: tuple[str, ...] = ("too-short",)) -> dict[str, list[str]]:
    out = {}
    for rid in TONE_IDS:
        if rid in ignore:
            continue
        hs = run(rid, draft)
        if hs:
            out[rid] = [h.message for h in hs]
    return out


# --- the registry -----------------------------------------------------------------------------


def catalog_tone_severities() -> dict[str, str]:
    text = CATALOG.read_text("utf-8").split("## Tone")[1].split("## Reminders")[0]
    out = {}
    for m in re.finditer(r"^\| `([a-z-]+)` \|[^|]*\| (block|warn|info) \|", text, re.M):
        out[m.group(1)] = m.group(2)
    return out


def test_every_tone_rule_is_registered_with_its_metadata():
    rules = all_rules()
    tone_rules = {rid: r for rid, r in rules.items() if r.category == "tone"}
    assert sorted(tone_rules) == sorted(DEFAULT_SEVERITY)
    expected = catalog_tone_severities() if CATALOG.exists() else DEFAULT_SEVERITY
    assert expected == DEFAULT_SEVERITY
    for rid, r in tone_rules.items():
        assert r.severity == DEFAULT_SEVERITY[rid], rid
        assert r.summary and r.why and r.fix and r.advice, rid
        assert r.sources and all(re.fullmatch(r"00[0-4]", a) for a in r.sources), rid
        assert not re.search(r"\b00[0-4]\b", r.advice), f"{rid}: article numbers in the advice"
        assert len(r.bad) >= 2 and len(r.good) >= 2, rid
        assert all(v is not None for v in r.options.values()), rid
    assert rules["too-short"].kinds == frozenset({"thank-you"})
    assert rules["missing-thanks"].kinds == frozenset({"thank-you"})
    assert rules["too-short"].options["min_paragraphs"] == 2
    assert rules["misspelling"].options["max_reported"] == 5


def _examples():
    for rid in TONE_IDS:
        r = all_rules()[rid]
        for i, ex in enumerate(r.bad):
            yield pytest.param(rid, "bad", ex.text, id=f"{rid}-bad-{i}")
        for i, ex in enumerate(r.good):
            yield pytest.param(rid, "good", ex.text, id=f"{rid}-good-{i}")


@pytest.mark.parametrize(("rule_id", "label", "text"), list(_examples()))
def test_rule_examples_behave_as_labelled(world, rule_id, label, text):
    draft = make(world, text)  # to Dana Wu the morning after the onsite: a thank-you
    hits = run(rule_id, draft)
    if label == "bad":
        assert hits, f"{rule_id}: bad example not flagged: {text!r}"
    else:
        assert not hits, f"{rule_id}: good example flagged: {[h.message for h in hits]}"


# --- idioms and false alarms ------------------------------------------------------------------

IDIOMS = [
    "Your aggressive growth targets for next year sound exciting.",
    "The reconciliation view is a killer feature.",
    "I'd love to help with the Kafka migration.",
    "I liked how the team attacks the problem in small steps.",
    "It sounds like a crazy busy quarter for the platform team.",
    "I can't wait to start on the payments ledger if things work out.",
    "I'm dying to learn more about the on-call rotation.",
    "Your game plan for the migration made sense, and the decision date works for me.",
    "I'd enjoy a coffee chat about event sourcing some day.",
    "I have read your body of work on idempotent consumers.",
    "You were pretty clear about the trade-offs in the ledger design.",
    "At my last job the legacy billing code was a mess, and cleaning it up is my proudest work.",
    "I was frustrated by flaky tests at my previous company, which is why I care about this.",
    "I'm not upset about the timing at all; decisions take a while.",
    "Thanks a lot for answering all of my questions about the on-call rotation.",
    "I know you are busy, so there is no need for a long reply.",
    "Please let me know if anything else would help.",
    "I could start as soon as possible after an offer.",
    "I have an offer from another company with a deadline of December 7.",
    "The team will need the role to own the reconciliation jobs end to end.",
    "Good luck with the Kafka migration; I hope to be part of it.",
    "Sorry if this is a silly question, but who owns the pager at night?",
    "FYI, the benchmark ran on AWS with the REST API, i.e. the same setup.",
    # Stories, scheduling and idioms that share words with the phrase lists.
    "At my last job the release process was a nightmare, so I rebuilt it.",
    "Manual reconciliation was a complete waste of time, so I automated it.",
    "One customer was rude, and she was hostile to our support staff.",
    "We got an urgent request from the CFO that week.",
    "I've been waiting for this opportunity for months.",
    "I expect that you'll find my references helpful.",
    "Feel free to call me today after 3 pm, or let me know today or tomorrow.",
    "Well, thanks again for your time.",
    "I'm really frustrated by slow CI builds, which is why I built the cache.",
    "I ran the pager every day until I handed it over.",
    "This is the third time I've led a payments migration.",
    "I set a date with the recruiter for the final round.",
    "I follow the KISS principle in code reviews.",
    "I've been flirting with the idea of learning Rust.",
    "I'm relying on this library in the prototype.",
    "My family is getting bigger, so Boston suits us.",
    "You're clearly very busy with the migration, so no rush.",
    "I need the offer letter by Friday to give notice.",
    "I have been patient and methodical when debugging.",
    "I guess the team is heads-down on the migration this week.",
    "I'd enjoy working for less than a month on the pilot before the full project.",
]


@pytest.mark.parametrize("sentence", IDIOMS)
def test_business_idioms_raise_no_tone_finding(world, sentence):
    draft = make(world, letter(sentence))
    assert tone_hits(draft) == {}


def test_quoted_words_are_someone_elses(world):
    draft = make(
        world,
        letter(
            'A customer once wrote "thanks for nothing, you people!!" after '
            "a failed transfer, and that shaped the ledger."
        ),
    )
    assert not run("sarcastic", draft)
    assert not run("angry", draft)


def test_quoted_reply_and_signature_are_not_the_users_words(world):
    body = (
        "Hi Maria,\n\nThank you for getting in touch. Tuesday at 2 pm works for me.\n\n"
        f"Best regards,\n{SIGNATURE}\n\n"
        "On Mon, Nov 23, 2026 at 11:00 AM Maria Lopez <maria.lopez@acme.example> wrote:\n"
        "> Thanks for nothing lol!!! Your so-called process is a joke.\n"
        "> I need this job, please please!\n"
    )
    draft = make(
        world,
        body,
        to=MARIA,
        history="acme-recruiter-wrote",
        at="2026-11-23T14:00:00-05:00",
        headers="In-Reply-To: <maria-1@acme.example>\n",
    )
    assert "Thanks for nothing" not in draft.text
    assert tone_hits(draft) == {}


# --- spans and messages -----------------------------------------------------------------------

SPANS = [
    ("angry", "How dare you keep me waiting?", "How dare you"),
    ("sarcastic", "Thanks for nothing, honestly.", "Thanks for nothing"),
    ("disparaging", "Frankly, your hiring process is a joke.", "your hiring process is a joke"),
    ("pushy", "I expect an answer by Friday.", "I expect an answer"),
    ("desperate", "Honestly, I need this job.", "I need this job"),
    ("inappropriate", "Want to grab a drink this weekend?", "grab a drink"),
    ("too-casual", "The demo was great lol.", "lol"),
    ("misspelling", "Please thank Jhon for me.", "Jhon"),
    ("unfilled-placeholder", "I enjoyed my day at [Company].", "[Company]"),
    ("wrong-name", "I would love to join the Globex team.", "Globex"),
]


@pytest.mark.parametrize(("rule_id", "sentence", "words"), SPANS)
def test_hits_name_the_words_and_point_at_them(world, rule_id, sentence, words):
    draft = make(world, letter(sentence))
    hits = run(rule_id, draft)
    assert hits, rule_id
    spans = [draft.text[h.span[0] : h.span[1]] for h in hits if h.span]
    assert words in spans, (rule_id, spans)
    assert any(words in h.message for h in hits), [h.message for h in hits]


def test_hit_messages_read_well(world):
    draft = make(world, letter("Thanks for nothing, and please thank Jhon."))
    assert "'Thanks for nothing' reads as sarcastic" in [h.message for h in run("sarcastic", draft)]
    assert [h.message for h in run("misspelling", draft)] == [
        "'Jhon' looks like a misspelling of John (John Smith's name)"
    ]


# --- misspelling ------------------------------------------------------------------------------


def test_record_names_and_terms_are_never_misspellings(world):
    draft = make(
        world,
        letter(
            "Dana's overview and John Smith's questions were great; Maria Lopez organised it. "
            "I also enjoyed talking with Oluwaseun Okonkwo's team about Airflow and data "
            "contracts, and I know Initech's Bill Lumbergh. Kafka, the on-call rotation and "
            "Acme Corp's payments ledger are a good match for me; Priya Raman is my reference."
        ),
        to=DANA,
    )
    assert run("misspelling", draft) == []


@pytest.mark.parametrize(
    ("to", "sentence", "wrong", "right"),
    [
        (DANA, "Please thank Jhon for the design round.", "Jhon", "John"),
        (DANA, "I enjoyed meeting Mr. Smtih and the team.", "Smtih", "Smith"),
        (SEUN, "I spoke with Mr. Okonkow's team about Airflow.", "Okonkow", "Okonkwo"),
        (DANA, "I enjoyed my day at Acme Crop and the ledger demo.", "Crop", "Corp"),
        (DANA, "Jon Smith's question stayed with me.", "Jon", "John"),
        (DANA, "I am reading about the Kafak migration.", "Kafak", "Kafka"),
    ],
)
def test_near_misses_of_record_names_are_flagged(world, to, sentence, wrong, right):
    at = "2026-11-10T18:30:00+00:00" if to == SEUN else MORNING_AFTER
    draft = make(world, letter(sentence, greeting="Hello,"), to=to, at=at)
    msgs = [h.message for h in run("misspelling", draft)]
    assert any(f"'{wrong}' looks like a misspelling of {right}" in m for m in msgs), msgs


def test_greeting_slip_is_flagged_even_for_a_dictionary_word(world):
    draft = make(
        world, letter("Your questions were the best part of my day.", greeting="Dear Jon,"), to=JOHN
    )
    msgs = [h.message for h in run("misspelling", draft)]
    assert msgs == ["'Jon' looks like a misspelling of John (John Smith's name)"]


def test_misspelling_skips_acronyms_codes_links_and_proper_nouns(world):
    draft = make(
        world,
        letter(
            "I use AWS, GraphQL and iOS daily; see https://blog.example.org/kafka-notes or write "
            "to alex.morgan@example.org. Our p99 was 40ms on v2 of the API. In Boston I met "
            "engineers from Zalando and Figma, and `cfgmgr` is our config tool."
        ),
    )
    assert run("misspelling", draft) == []


def test_misspelling_suggests_and_caps_its_report(world):
    draft = make(
        world,
        letter(
            "I definately recieved teh adress and beleive the shedule "
            "works; the intrested team was greatful."
        ),
    )
    hits = run("misspelling", draft)
    assert len(hits) == 5
    assert hits[0].message == "'definately' looks like a misspelling of 'definitely'"
    assert hits[-1].message.endswith("(and 3 more)")
    assert len(run("misspelling", draft, max_reported=2)) == 2


def test_misspelling_ignore_option(world):
    draft = make(world, letter("We used Zookeepr for coordination and the coordianting tool."))
    assert [h.message for h in run("misspelling", draft)] == [
        "'coordianting' looks like a misspelling of 'coordinating'"
    ]
    assert run("misspelling", draft, ignore=["coordianting"]) == []


def test_unknown_words_without_a_confident_correction_are_left_alone(world):
    # Names and terms the dictionary lacks, and words with several equally likely fixes.
    draft = make(world, letter("We used the zqxwvk tool, the Hplo desk and the Sitara feed."))
    assert run("misspelling", draft) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "I charted on flowsheets, precepted an orientee and titrated midazolam and vasopressors.",
        "I wrote pseudocode for the counterparty tradeoff and fixed newlines in the charset.",
        "I checked localhost, the writeoff report, the intraday baseload and the timeframe.",
        "I hold QTS, taught GCSE maths and led the SENCO review; our EHCP process improved.",
        "I scanned every barcode, loaded the reefer and logged my tachograph hours at the depot.",
        # A trailer's rear guard, not a slip for "underside" (us-autobodytech).
        "I replaced the underride guard and checked the underrides on both trailers.",
        # Everyday words of other Englishes, each one edit from a common word.
        "The tradies brought samoosas for the medtech team; I wore trackies to the firies' open day.",
        "Send the deposit by Venmo or Zelle, and the corpers will bring bobotie and a stubbie each.",
        "I have worked lates and earlies on the tills for three years.",
    ],
)
def test_field_vocabulary_is_known(world, sentence):
    assert run("misspelling", make(world, letter(sentence))) == []


@pytest.mark.parametrize(
    "sentence",
    [
        # Personal names: "Karie" is not a slip for "Katie", nor "Christy" for "Chrissy".
        "Please thank Christy for the tour. Karie sent me the notes, and Marcello the slides.",
        # A name written with a capital anywhere in the letter is a name at a sentence start too.
        "Brandee set up the call. I spoke with Brandee about the rota.",
        # A given name at the start of a wrapped line marks its surname ("Lisa maillet").
        "I will send the forms to the team\nLisa maillet and Joseph M. Deffner, who asked.",
        # A hard-wrapped sentence does not start again at the line break.
        "We have a gas purchase agreement in place with\nCalpine that runs to May.",
        # British and second-tier variant spellings, and trades and transport words.
        "I organised the despatch of pallets on tautliners and tested the RCBOs and noggins.",
    ],
)
def test_names_and_variants_are_not_misspellings(world, sentence):
    assert run("misspelling", make(world, letter(sentence))) == []


def test_a_typo_among_field_words_is_still_flagged(world):
    draft = make(
        world,
        letter("I precepted orientees and titrated vasopressors, and I definately enjoyed it."),
    )
    assert [h.message for h in run("misspelling", draft)] == [
        "'definately' looks like a misspelling of 'definitely'"
    ]


def test_personal_names_are_known_but_never_offered_as_corrections():
    assert spelling.suggest("karie") == ()  # "Katie" is a name, not a correction
    assert {"karie", "stubbs", "katie"} <= spelling.names(["karie", "stubbs", "katie", "the"])
    known, _ = spelling.lookup(["katie", "karie"])
    assert "katie" in known  # a common name is a word in any case
    assert "karie" not in known  # a rare one only when written with a capital


def test_sentence_initial_typo_is_flagged_but_a_name_is_not(world):
    draft = make(world, letter("Recieved your note. Kubernetes and Grafana are on my list."))
    assert [h.message for h in run("misspelling", draft)] == [
        "'Recieved' looks like a misspelling of 'Received'"
    ]


# --- the other rules --------------------------------------------------------------------------


def test_too_casual_thresholds_are_options(world):
    draft = make(world, letter("The demo was great! The team was great! The office was great!"))
    assert [h.message for h in run("too-casual", draft)] == [
        "3 exclamation marks (at most 2 read as professional)"
    ]
    assert run("too-casual", draft, max_exclamations=3) == []
    runs = make(world, letter("The demo was great!!"))
    assert "'!!' is a string of marks" in [h.message for h in run("too-casual", runs)]


def test_too_casual_greeting_sign_off_and_structure_kinds(world):
    bare = make(world, "Thank you for the onsite and the payments ledger tour.")
    assert {h.message for h in run("too-casual", bare)} == {
        "the message has no greeting",
        "the message has no sign-off",
    }
    assert run("too-casual", bare, structure_kinds=[]) == []
    hey = make(world, letter("It was a good day.", greeting="Hey Dana,"))
    hits = run("too-casual", hey)
    assert [h.message for h in hits] == ["'Hey' is a casual greeting"]
    assert hey.text[hits[0].span[0] : hits[0].span[1]] == "Hey"


def test_shouting_but_not_acronyms(world):
    loud = make(world, letter("I am VERY EXCITED about the role."))
    assert [h.message for h in run("too-casual", loud)] == ["'VERY EXCITED' reads as shouting"]
    calm = make(world, letter("The SRE team runs AWS, the REST API and NOTE: the KAFKA client."))
    assert run("too-casual", calm) == []


def test_too_short_counts_paragraphs_of_substance(world):
    one = make(
        world,
        "Dear Dana,\n\nThank you for the onsite and the payments ledger tour.\n\n"
        f"Thanks again!\n\nBest regards,\n{SIGNATURE}",
    )
    assert [h.message for h in run("too-short", one)] == [
        "this thank-you has 1 paragraph of substance (2 advised)"
    ]
    assert run("too-short", one, min_paragraphs=1) == []
    two = make(
        world,
        letter(
            "My last team ran a similar ledger on Kafka, so the migration feels like home ground."
        ),
    )
    assert run("too-short", two) == []


def test_too_short_and_missing_thanks_look_at_thank_yous_only(world):
    body = (
        "Dear Dana,\n\nIs there any news on the Backend Engineer role?\n\nBest regards,\n"
        + SIGNATURE
    )
    draft = make(world, body, history="acme-thanked", at=LATER)
    assert draft.kind == "follow-up"
    fired = {f.rule for f in run_rules(draft)}
    assert not fired & {"too-short", "missing-thanks"}


def test_missing_thanks_ignores_sarcastic_thanks(world):
    sassy = make(
        world,
        "Dear Dana,\n\nThanks for nothing. Thank you so much for wasting my "
        f"Friday.\n\n{SIGNATURE}",
    )
    assert run("missing-thanks", sassy)
    sincere = make(world, letter("I enjoyed it."))
    assert run("missing-thanks", sincere) == []


def test_generic_looks_at_thank_yous_only(world):
    inquiry = (
        "Dear Dana,\n\nI am writing to follow up on my application and to say "
        f"I remain very interested.\n\nBest regards,\n{SIGNATURE}"
    )
    assert run("generic", make(world, inquiry, history="acme-thanked", at=LATER)) == []

    note = (
        "Dear Dana,\n\nThank you for meeting me about the Backend Engineer role. I enjoyed "
        f"learning about the team.\n\nBest regards,\n{SIGNATURE}"
    )
    assert run("generic", make(world, note))
    specific = note.replace("the team", "the payments ledger")
    assert run("generic", make(world, specific)) == []


def test_placeholders_but_not_links_footnotes_or_addresses(world):
    bad = make(world, letter("I enjoyed {topic} with <Interviewer Name> and XXX at ____."))
    assert [draft_words(bad, h) for h in run("unfilled-placeholder", bad)] == [
        "{topic}",
        "<Interviewer Name>",
        "XXX",
        "____",
    ]
    good = make(
        world,
        letter(
            "See the [notes](https://example.org/n) [1] or write to "
            "<alex.morgan@example.org>; the XL table [peak, 2025] is fine."
        ),
    )
    assert run("unfilled-placeholder", good) == []


def draft_words(draft, hit: Hit) -> str:
    return draft.text[hit.span[0] : hit.span[1]]


def test_signature_rule_reads_the_signature_block(world):
    body = (
        letter("It was a good day.") + "\n-- \nAlex Morgan\nMagician for children's "
        "parties, now booking!"
    )
    draft = make(world, body)
    hits = run("unprofessional-signature", draft)
    assert hits and hits[0].span is None and "Magician" in hits[0].message
    assert "Magician" not in draft.text
    typed = make(
        world,
        "Dear Dana,\n\nThank you for the onsite.\n\nBest regards,\nAlex Morgan\n"
        "Licensed realtor. Call me for a free consultation!",
    )
    hits = run("unprofessional-signature", typed)
    # No spans: too-casual may point at the same words, and the engine keeps one finding a span.
    assert hits and all(h.span is None for h in hits) and "realtor" in hits[0].message
    plain = make(
        world, letter("It was a good day.") + "\n-- \nAlex Morgan\nlinkedin.com/in/alexmorgan"
    )
    assert run("unprofessional-signature", plain) == []


def test_wrong_name_other_application_and_wrong_greeting(world):
    reused = make(world, letter("I am excited to join Oluwaseun's team at Globex."))
    msgs = [h.message for h in run("wrong-name", reused)]
    assert any("'Globex' is another company" in m for m in msgs), msgs
    wrong_greeting = make(
        world, letter("Your questions were great.", greeting="Dear Dana,"), to=JOHN
    )
    assert [h.message for h in run("wrong-name", wrong_greeting)] == [
        "the greeting names Dana (Dana Wu), but the message goes to John Smith"
    ]
    offer = make(world, letter("I have an offer from Globex, but Acme is my first choice."))
    assert run("wrong-name", offer) == []


def test_closed_application_makes_tone_findings_block(world):
    body = (
        "Dear Bill,\n\nThank you for the panel. I really need this job, so please "
        f"reconsider.\n\nBest regards,\n{SIGNATURE}"
    )
    draft = make(world, body, to=BILL, at="2026-11-03T09:00:00-06:00")
    assert draft.application and draft.application.closed
    severities = {f.rule: f.severity for f in run_rules(draft)}
    assert severities["desperate"] == "block"


# --- the phrase matcher -----------------------------------------------------------------------


def find(pattern: str, text: str, **kw) -> list[str]:
    return [m.text for m in matcher.PhraseSet([matcher.Phrase(pattern, **kw)]).find(text)]


def test_pattern_language():
    assert find("i ?(really|truly) need this job", "I really need this job.") == [
        "I really need this job"
    ]
    assert find("i ?(really|truly) need this job", "I need this job.") == ["I need this job"]
    assert find(
        "if i don't hear back *4 i will assume",
        "If I don't hear back by Friday, I will assume the worst.",
    ) == ["If I don't hear back by Friday, I will assume"]
    assert find("(buy you|take you (out )?(to|for)) dinner", "Let me take you out to dinner") == [
        "take you out to dinner"
    ]
    assert find("pointless questions?", "a pointless question") == ["pointless question"]
    assert find("(only|just) took \\d+ weeks", "it only took 3 weeks") == ["only took 3 weeks"]
    assert find("i’m desperate", "I'm desperate") == ["I'm desperate"]
    assert find("thanks for nothing", "Thanks. For nothing") == []  # never across sentences


def test_a_regex_phrase_runs_only_on_a_text_holding_what_it_needs():
    rx = r"\bcall you \w+ and again\b"
    text = "I'll call you Monday and again on Friday."
    assert find(rx, text, regex=True, needs_words=["again"]) == ["call you Monday and again"]
    assert find(rx, text, regex=True, needs_words=["twice"]) == []
    assert find(rx, text, regex=True, needs="!") == []


def test_negation_quotes_and_contexts():
    assert find("i am desperate", "I am not saying I am desperate.") == []
    assert find("i am desperate", "Honestly, I am desperate.") == ["I am desperate"]
    assert find("thanks for nothing", 'they said "thanks for nothing" to us') == []
    assert find("thanks for nothing", 'they said "thanks for nothing"', in_quotes=True) == [
        "thanks for nothing"
    ]
    assert find("you people", "You people were so kind.", unless_after=r"\s+were\s+so\s+kind") == []


def test_every_phrase_of_every_data_file_parses():
    files = sorted(matcher.DATA.glob("*.toml"))
    assert files
    for path in files:
        rule_id = path.stem
        assert rule_id in all_rules(), f"{path.name}: no rule {rule_id!r}"
        data = matcher.rule_data(rule_id)
        # Every table of phrases: [[phrase]], and a rule's own ones such as pushy's [[presumes]].
        tables = [
            k
            for k, v in data.items()
            if isinstance(v, list) and v and isinstance(v[0], dict) and "pattern" in v[0]
        ]
        for table in tables:
            for ph in matcher.phrase_list(rule_id, table).phrases:
                assert "{" not in ph.pattern.replace("{NAME}", ""), f"{path.name}: {ph.pattern}"
                if not ph.regex:
                    matcher.compile_phrase(ph.pattern, ("Dana Wu",))


def test_bad_also_patterns_are_skipped(world):
    draft = make(world, letter("The demo was a bit meh."))
    assert run("angry", draft, also=["(unbalanced", "", 42]) == []
    assert [h.message for h in run("angry", draft, also=["a bit meh"])] == [
        "'a bit meh' reads as angry"
    ]


# --- the dictionary ---------------------------------------------------------------------------


def test_dictionary_file_is_small_and_shaped_as_documented():
    assert spelling.DB_PATH.stat().st_size < 6_000_000
    db = sqlite3.connect(f"file:{spelling.DB_PATH}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"words", "fixes"} <= tables
        assert db.execute("SELECT count(*) FROM words").fetchone()[0] > 250_000
    finally:
        db.close()


def test_lookup_and_suggestions():
    known, fixes = spelling.lookup(["the", "interview", "backend", "recieve", "wether", "qzx"])
    assert {"the", "interview", "backend"} <= set(known) and "qzx" not in known
    assert fixes["recieve"] == "receive" and fixes["wether"] == "whether"
    assert spelling.suggest("teh")[0] == "the"
    assert spelling.suggest("intervew")[0] == "interview"


# --- voicemail --------------------------------------------------------------------------------


def test_voicemail_good_script(world):
    script = (
        "Hello Dana, this is Alex Morgan. I interviewed for the Backend Engineer role on "
        "Friday and wanted to thank you again. You can reach me at +1 617 555 0142. "
        "Thank you, and have a good day."
    )
    assert check_voicemail(script, world.config) == []


def test_voicemail_findings(world):
    findings = check_voicemail("Hi, this is Alex, just calling about the job. Bye.", world.config)
    assert [f["rule"] for f in findings] == ["voicemail-missing-name", "voicemail-missing-contact"]
    assert findings[0]["span"] == [12, 16]
    for f in findings:
        assert set(f) == {"rule", "category", "severity", "message", "fix", "advice", "span"}
        assert f["category"] == "tone" and f["severity"] == "warn"
    rambling = (
        "Hello Dana, this is Alex Morgan. "
        + "I really enjoyed the onsite. " * 20
        + "My email is alex.morgan@example.org."
    )
    long = check_voicemail(rambling, world.config)
    assert [f["rule"] for f in long] == ["voicemail-too-long"]
    a, b = long[0]["span"]
    assert 0 < a < b == len(rambling.rstrip())
    assert check_voicemail(rambling, world.config, max_seconds=120) == []


def test_voicemail_spoken_number_and_missing_name(world):
    script = (
        "Hello, I am calling about the data engineer role. Please call me back on six "
        "one seven, five five five, zero one four two."
    )
    assert [f["rule"] for f in check_voicemail(script, world.config)] == ["voicemail-missing-name"]


# --- speed ------------------------------------------------------------------------------------


def test_tone_pass_is_fast(world, capsys):
    para = (
        "I especially enjoyed the walkthrough of the payments ledger and how the team "
        "reconciles transfers every night; the Kafka migration plan, one consumer group at "
        "a time, is how I would run it too, and my last team cut pages by half that way."
    )
    body = "Dear Dana,\n\n" + "\n\n".join([para] * 8) + f"\n\nBest regards,\n{SIGNATURE}"
    draft = make(world, body)
    assert len(draft.text) >= 1800
    rules = [all_rules()[rid] for rid in TONE_IDS]
    settings = {
        r.id: world.config.rule_settings(r.id, dict(r.options), draft.application) for r in rules
    }

    def tone_pass() -> None:
        for r in rules:
            if r.kinds is None or draft.kind in r.kinds:
                list(r.check(draft, settings[r.id]))

    tone_pass()
    best = min(timeit.repeat(tone_pass, number=20, repeat=5)) / 20
    with capsys.disabled():
        print(f"\ntone pass on a {len(draft.text)}-character draft: {best * 1000:.2f} ms")
    assert best < 0.010  # the target is under 2 ms; leave room for a loaded CI machine


# --- the user's own vocabulary ------------------------------------------------------------------


def test_a_word_the_user_has_sent_before_is_not_a_misspelling(world):
    body = letter("The coordianting group liked the plan.")
    ctx = world.context(None)
    try:
        raw = f"From: Alex Morgan <alex.morgan@example.org>\nTo: {DANA}\nSubject: Hi\n\n{body}\n"
        before = check_message(ctx, raw.encode(), at=datetime.fromisoformat(MORNING_AFTER))
        assert "misspelling" in {f.rule for f in before.findings}
        # The user's own Sent mail uses the word (their team's name, say): it is theirs.
        sent = (
            "From: Alex Morgan <alex.morgan@example.org>\nTo: pat@friends.example\n"
            "Subject: Team\nMessage-ID: <vocab-1@example.org>\n"
            "Date: Mon, 02 Nov 2026 10:00:00 -0500\n\n"
            "The Coordianting group meets on Fridays.\n\n> quoted: zorblatt\n"
        )
        record_message(ctx, sent.encode(), source="test", direction="out")
        assert ctx.store.sent_words(["coordianting", "zorblatt"]) == {"coordianting"}
        after = check_message(ctx, raw.encode(), at=datetime.fromisoformat(MORNING_AFTER))
        assert "misspelling" not in {f.rule for f in after.findings}
        # A listed misspelling stays one, however often it was sent.
        recv = raw.replace("coordianting", "recieved")
        record_message(
            ctx,
            sent.replace("Coordianting", "recieved").replace("vocab-1", "vocab-2").encode(),
            source="test",
            direction="out",
        )
        assert "misspelling" in {
            f.rule
            for f in check_message(
                ctx, recv.encode(), at=datetime.fromisoformat(MORNING_AFTER)
            ).findings
        }
    finally:
        ctx.close()


# --- too-casual: mild markers are mentioned, strong ones (or several mild) warn -----------------


@pytest.mark.parametrize(
    ("middle", "severity"),
    [
        ("The onsite ran from 10 thru 12.", "info"),  # one office-mail habit: a note
        ("BTW, the talk was great :)", None),  # two mild markers: too casual (warn)
        ("The demo was great lol.", None),  # chat text-speak: warn on its own
        ("The demo was great!!", "info"),
        ("The demo was great!!!", None),
        ("The demo was great :) :)", None),  # a string of emoticons
        ("Great! Fun! Nice! Cool! Wow! Yes!", None),  # a letter of exclamation marks
    ],
)
def test_too_casual_weighs_mild_and_strong_markers(world, middle, severity):
    """Every finding of a letter has one severity: info (a note) or the rule's own (warn)."""
    hits = run("too-casual", make(world, letter(middle)))
    assert hits
    assert {h.severity for h in hits} == {severity}


def test_too_casual_mild_threshold_is_an_option(world):
    draft = make(world, letter("BTW, the talk was great :)"))
    assert {h.severity for h in run("too-casual", draft, mild_to_warn=3)} == {"info"}


def test_a_single_mild_marker_does_not_open_the_dialog(world):
    ctx = world.context(None)
    try:
        raw = (
            "From: Alex Morgan <alex.morgan@example.org>\nTo: Dana Wu <dana.wu@acme.example>\n"
            f"Subject: Thank you\n\n{letter('Pls send me the schedule for Monday.')}\n"
        ).encode()
        result = check_message(ctx, raw, at=datetime.fromisoformat(MORNING_AFTER))
    finally:
        ctx.close()
    casual = [f for f in result.findings if f.rule == "too-casual"]
    assert [(f.severity, f.message) for f in casual] == [("info", "'Pls' is informal shorthand")]


# --- spelling: corrections that are more likely than a name ----------------------------------


def test_a_contraction_without_its_apostrophe_gets_it_back():
    assert spelling.suggest("wouldnt") == ("wouldn't",)
    assert spelling.suggest("dont") == ("don't",)
    assert spelling.suggest("cant") == ()  # a word of its own


def test_a_rare_word_is_offered_only_for_the_commonest_slips():
    assert spelling.suggest("vicens") == ()  # "vixens": a neighbouring key to a rare word
    assert spelling.suggest("rabalais") == ()  # "Rabelais": a changed letter
    assert spelling.suggest("tennesee") == ("tennessee",)  # a doubled letter is fine
    assert spelling.suggest("intubaton") == ("intubation",)  # a field word is no rare word
    assert spelling.suggest("montagne") == ()  # rare rivals still make it ambiguous


def test_a_slur_is_never_offered():
    assert spelling.suggest("nigas") == ()


@pytest.mark.parametrize(
    "middle",
    [
        "Jon garbison will join the panel.",  # a given name opens the sentence
        "Please copy carol s. Remond on the schedule.",  # after an initial a name goes on
        "The thien-huong account and the t-ville meter are set.",  # compounds of non-words
    ],
)
def test_names_a_lower_case_writer_leaves_are_not_misspellings(world, middle):
    assert run("misspelling", make(world, letter(middle))) == []


@pytest.mark.parametrize(
    "middle",
    [
        "If the deal is killed it poses a problem for the ledger team.",  # passive, not slang
        "The photos are at example.org/2026/team_bday_photos.",  # a file name
        "Proceeds go to an AIDS foundation in Houston.",  # an acronym, not shouting
    ],
)
def test_office_words_that_only_look_casual(world, middle):
    assert run("too-casual", make(world, letter(middle))) == []


def test_a_lone_k_that_signs_is_an_initial(world):
    initial = make(world, letter("I will send the forms.\nk"))
    assert run("too-casual", initial) == []
    chat = make(world, letter("k, see you then."))
    assert [h.message for h in run("too-casual", chat)] == ["'k' is text-speak or slang"]


def test_a_letter_signed_with_the_name_alone_is_signed(world):
    body = (
        "Dear Dana,\n\nThank you for the onsite on Friday and for the tour of the payments "
        "ledger.\n\nI enjoyed the discussion of the Kafka migration a great deal.\n\n"
        "Alex Morgan\n+1 617 555 0142"
    )
    assert run("too-casual", make(world, body)) == []
