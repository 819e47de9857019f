"""Fixes from the rules43 and rules44 passes (content and scope: a radiographer in Harare, an elevator
mechanic in Chicago, a probation officer in Birmingham, a nurse in Mombasa): a company whose
name opens with "The" made every "the" of a letter the start of a name ("the March intake"
read as a slip of Helen Marsh's name); a Shona hello read as a name; and "let me know if you
hear anything" in a thank-you to the recruiter read as a status inquiry; another company's
name after "that" or beside "also"; a network-marketing signature; "Se habla español"; and
"thank you for keeping me in the loop" read as sarcasm. (The sales line a signature rule
names, read as sarcastic by the tone model: tests/unit/test_signature_covers.py.) Then
(rules44: a paramedic in Sudbury, a QA officer in Hyderabad, a ward clerk in Newcastle, a
support worker in Hobart): "NHS" of a trust's name, "any feedback yet" to the recruiter, "in
your eyes", template praise words, "you being upfront that ...", and a signature's note on
when its writer replies. And two from the rules45 severe-tone pass (a bus driver in Dublin, a
respiratory therapist in Cleveland): "I'm sick to the teeth of ...", and a LinkedIn request
whose reason is given in the sentence before. Then (rules46: a lab scientist in Ibadan, a
line cook in New Orleans, a maths teacher in Aberdeen, a traffic supervisor in Christchurch):
withdrawing from the other company, "let me know today that ...", "Chef" as a title, news
awaited as a statement, and "your candour about ...".

Every test runs the real engine against a small world of its own, written to a temporary
folder: Rudo Chikwanha, a radiographer, after a panel at Beacon Radiology on Mon 30 Nov 2026.
Each fix has a neighbour that still fires.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from corpus_runner import World

CONFIG = """
[general]
timezone = "Africa/Harare"

[user]
name = "Rudo Chikwanha"

[[identities]]
address = "rudo.chikwanha@example.co.zw"
name = "Rudo Chikwanha"
signature = "Rudo Chikwanha\\nDiagnostic Radiographer"

[[applications]]
id = "beacon"
company = "Beacon Radiology"
role = "CT Radiographer"
domains = ["beaconradiology.example"]
status = "active"
talking_points = ["dose tracking"]

  [[applications.rounds]]
  name = "panel"
  start = "2026-11-30T10:00"
  end = "2026-11-30T11:00"
  timezone = "Africa/Harare"

  [[applications.people]]
  name = "Farai Mhlanga"
  address = "farai.mhlanga@beaconradiology.example"
  role = "interviewer"

  [[applications.people]]
  name = "Tariro Moyo"
  address = "tariro.moyo@beaconradiology.example"
  role = "permitted"

[[applications]]
id = "service"
company = "The Imaging Service"
role = "Senior Radiographer"
domains = ["imagingservice.example"]
status = "active"

  [[applications.rounds]]
  name = "interview"
  start = "2026-11-26T09:00"
  end = "2026-11-26T10:00"
  timezone = "Africa/Harare"

  [[applications.people]]
  name = "Helen Marsh"
  address = "helen.marsh@imagingservice.example"
  role = "interviewer"

  [[applications.people]]
  name = "Blessing Zvobgo"
  address = "blessing.zvobgo@imagingservice.example"
  role = "permitted"

[[applications]]
id = "trust"
company = "Harbourside University Hospitals NHS Foundation Trust"
role = "Band 5 Radiographer"
domains = ["harbourside.nhs.example"]
status = "active"

[[applications]]
id = "medex"
company = "Medex Imaging Centre"
role = "Radiographer"
domains = ["medex.example"]
status = "active"
"""

SENDER = "Rudo Chikwanha <rudo.chikwanha@example.co.zw>"
HELEN = "Helen Marsh <helen.marsh@imagingservice.example>"
BLESSING = "Blessing Zvobgo <blessing.zvobgo@imagingservice.example>"
TARIRO = "Tariro Moyo <tariro.moyo@beaconradiology.example>"
MORNING_AFTER = datetime.fromisoformat("2026-12-01T09:00:00+02:00")  # 22 h after the panel


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root: Path = tmp_path_factory.mktemp("harare")
    (root / "config.toml").write_text(CONFIG, "utf-8")
    (root / "histories.toml").write_text("", "utf-8")
    return World(root)


def _fired(world: World, to: str, body: str, subject: str = "Thank you") -> dict[str, list[str]]:
    raw = f"From: {SENDER}\nTo: {to}\nSubject: {subject}\n\n{body}"
    return world.messages(raw, MORNING_AFTER)


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # "the" of "The Imaging Service" is no part of a name to be misspelt.
        ("Will the March intake start with the induction week?", False),
        ("Will the new intake start with the induction week at The Imaging Sevrice?", True),
    ],
)
def test_the_first_word_of_a_company_is_no_anchor_for_a_name(
    world: World, sentence: str, flagged: bool
) -> None:
    body = (
        f"Dear Helen,\n\nThank you for your note about the start dates. {sentence}\n\n"
        "Kind regards,\nRudo Chikwanha\n"
    )
    found = _fired(world, HELEN, body, subject="Re: Start dates")
    assert ("misspelling" in found) is flagged, found


@pytest.mark.parametrize(
    ("greeting", "flagged"),
    [("Mangwanani Mr Zvobgo,", False), ("Masikati,", False), ("Mangwanani Mr Mhlanga,", True)],
)
def test_a_shona_hello_is_no_name(world: World, greeting: str, flagged: bool) -> None:
    body = (
        f"{greeting}\n\nThank you for checking. I would need to give a month's notice, and a "
        "family house would suit us best.\n\nKind regards,\nRudo Chikwanha\n"
    )
    found = _fired(world, BLESSING, body, subject="Re: Notice period")
    assert ("wrong-name" in found) is flagged, found


@pytest.mark.parametrize(
    ("ask", "flagged"),
    [
        ("Let me know if you hear anything, or if they need more paperwork from me.", False),
        ("Please keep me posted when you hear back from the panel.", False),
        ("Have you heard anything from the panel yet?", True),
        ("Please let me know whether the panel has made a decision.", True),
    ],
)
def test_news_asked_for_once_it_comes_is_a_courtesy(world: World, ask: str, flagged: bool) -> None:
    body = (
        "Hi Tariro,\n\nThank you for getting me in front of the Beacon panel yesterday. Farai "
        f"Mhlanga was easy to talk to, and the dose tracking questions were fair. {ask}\n\n"
        "Thanks again,\nRudo Chikwanha\n"
    )
    found = _fired(world, TARIRO, body, subject="Thanks for setting up the panel")
    assert ("inquiry-too-soon" in found) is flagged, found


FARAI = "Farai Mhlanga <farai.mhlanga@beaconradiology.example>"
THANKS = (
    "Dear Farai,\n\nThank you for yesterday's panel and for the tour of the CT suite; the "
    "dose tracking you showed me is what I want to learn. {sentence}\n\n"
    "Kind regards,\nRudo Chikwanha\n{signature}"
)


def _thanks(world: World, sentence: str = "", signature: str = "") -> dict[str, list[str]]:
    body = THANKS.format(sentence=sentence, signature=signature)
    return _fired(world, FARAI, body)


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # Another company's three words in a row are that company, after "that" too.
        ("I am even more certain that Harbourside University Hospitals is where I belong.", True),
        # "also" alone is no sign of naming it on purpose; "also interviewing" is.
        ("I was also glad to hear about Medex Imaging Centre's plans for a new room.", True),
        ("I am also interviewing with Medex Imaging Centre next week.", False),
        ("I have an offer from Medex Imaging Centre, so news before Friday would help.", False),
    ],
)
def test_another_company_named_in_a_reused_letter(
    world: World, sentence: str, flagged: bool
) -> None:
    assert ("wrong-name" in _thanks(world, sentence)) is flagged


@pytest.mark.parametrize(
    ("signature", "flagged"),
    [
        ("Independent Distributor, Forever Living Products\nWhatsApp +263 77 555 0101", True),
        ("Aloe vera for immunity. Ask me about the business opportunity! +263 77 555 0101", True),
        ("Tired of the 9-to-5? Ask me how to earn from home", True),
        ("Diagnostic Radiographer, HPCZ registered\nSe habla español", False),
        ("Fluent in Shona, Ndebele and English", False),
    ],
)
def test_a_network_marketing_signature(world: World, signature: str, flagged: bool) -> None:
    assert ("unprofessional-signature" in _thanks(world, signature=signature)) is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("Either way, thank you for keeping me in the loop.", False),
        ("Thank you for keeping me in the picture on the timeline.", False),
        ("And thank you for keeping me in the waiting room for an hour.", True),
    ],
)
def test_thanks_for_keeping_me_informed_is_sincere(
    world: World, sentence: str, flagged: bool
) -> None:
    assert ("sarcastic" in _thanks(world, sentence)) is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # A sector's initials inside another company's name are no name of their own.
        ("My current job is all NHS, so the private side would be new to me.", False),
        ("I would be proud to bring this to Harbourside University Hospitals.", True),
    ],
)
def test_a_sector_s_initials_are_no_company(world: World, sentence: str, flagged: bool) -> None:
    assert ("wrong-name" in _thanks(world, sentence)) is flagged


@pytest.mark.parametrize(
    ("ask", "flagged"),
    [
        ("I was wondering if there is any feedback yet from Farai.", True),
        # Feedback passed on once it comes (us-itsupport, a development letter written good).
        ("I'd appreciate any feedback you hear.", False),
    ],
)
def test_any_feedback_yet_asks_for_news(world: World, ask: str, flagged: bool) -> None:
    body = (
        f"Dear Tariro,\n\nThank you again for setting up yesterday's panel. {ask}\n\n"
        "Regards,\nRudo Chikwanha\n"
    )
    assert ("inquiry-too-soon" in _fired(world, TARIRO, body, subject="The panel")) is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("Would a short course on CT protocols count for much in your eyes?", False),
        ("I have to say I got lost in your eyes during the panel.", True),
    ],
)
def test_in_your_eyes_is_in_your_view(world: World, sentence: str, flagged: bool) -> None:
    assert ("inappropriate" in _thanks(world, sentence)) is flagged


@pytest.mark.parametrize(
    ("body", "flagged"),
    [
        # Template praise: "thoughtful" and "keenly" are no detail of this interview.
        (
            "Many thanks for the interview this afternoon. Your questions were thoughtful and "
            "the conversation helped me understand the position much better.\n\nI remain "
            "keenly interested and hope to have the opportunity to work with you.",
            True,
        ),
        (
            "I am writing to thank you for the interview. It was a wonderful opportunity to "
            "know about the work culture and the growth prospects the role offers. Kindly "
            "consider my candidature favourably.",
            True,
        ),
        # The interviewer's candour recalled, in everyday words.
        (
            "Thank you for this morning. I appreciated you being upfront that the unit has had "
            "three leads in two years, and that the radiographers want someone who will stay "
            "and back them.",
            False,
        ),
    ],
)
def test_template_praise_and_candour_recalled(world: World, body: str, flagged: bool) -> None:
    letter = f"Dear Farai,\n\n{body}\n\nKind regards,\nRudo Chikwanha\n"
    assert ("generic" in _fired(world, FARAI, letter)) is flagged


@pytest.mark.parametrize(
    ("signature", "flagged"),
    [
        ("Please note I work rotating shifts and may reply outside business hours.", False),
        ("Sleep is for the weak. Night shift forever.", True),
    ],
)
def test_a_note_on_when_the_writer_replies_is_plain(
    world: World, signature: str, flagged: bool
) -> None:
    assert ("unprofessional-signature" in _thanks(world, signature=signature)) is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("I'm sick to the teeth of being asked for the same licence over and over.", True),
        ("I'm sick to death of sending the same documents.", True),
        ("I was sick with the flu last week, so thank you for moving the panel.", False),
    ],
)
def test_sick_to_the_teeth_is_anger(world: World, sentence: str, flagged: bool) -> None:
    assert ("angry" in _thanks(world, sentence)) is flagged


@pytest.mark.parametrize(
    ("to", "sentences", "flagged"),
    [
        # The recruiter suggested it; the request sentence names no network of its own.
        (
            TARIRO,
            "Thanks also for suggesting on our call that we connect on LinkedIn. "
            "I've sent you a request.",
            False,
        ),
        # A network named in the request itself is judged on its own words.
        (
            TARIRO,
            "My LinkedIn is in my signature. I've sent you a friend request on Facebook.",
            True,
        ),
        # A request aimed at others than the reader stands on its own words (uk-dentalnurse).
        (
            TARIRO,
            "Could you add me on LinkedIn? I've been trying to connect with the Beacon team there.",
            True,
        ),
        # An interviewer, who decides: a request is out of place whatever the reason.
        (
            FARAI,
            "Thanks for suggesting that we connect on LinkedIn. I've sent you a request.",
            True,
        ),
    ],
)
def test_a_request_takes_its_reason_from_the_sentence_before(
    world: World, to: str, sentences: str, flagged: bool
) -> None:
    body = (
        "Dear Tariro,\n\nThank you for the update on the panel. "
        f"{sentences}\n\nKind regards,\nRudo Chikwanha\n"
    )
    found = _fired(world, to, body, subject="Re: The panel")
    assert ("social-media" in found) is flagged, found


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("I have also written to Medex Imaging Centre to withdraw from their process.", False),
        ("I have declined the Medex Imaging Centre offer, so I am free to start.", False),
        ("Like I told Chef Mhlanga last week, standards come first.", False),
        ("I have written to Medex Imaging Centre about the start date.", True),
    ],
)
def test_withdrawing_from_another_company_names_it_on_purpose(
    world: World, sentence: str, flagged: bool
) -> None:
    assert ("wrong-name" in _thanks(world, sentence)) is flagged


def test_a_title_of_the_kitchen_marks_another_application_s_person(world: World) -> None:
    # Blessing Zvobgo is on The Imaging Service's application; "Chef" is a title before a name.
    found = _thanks(world, "Like I told Chef Zvobgo last week, standards come first.")
    assert "wrong-name" in found


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("Ms Moyo from Beacon let me know today that she had spoken with you.", False),
        ("Please let me know today whether the post is still open.", False),
        ("Please let me know today.", True),
    ],
)
def test_a_message_told_of_is_no_demand(world: World, sentence: str, flagged: bool) -> None:
    assert ("pushy" in _thanks(world, sentence)) is flagged


@pytest.mark.parametrize(
    ("ask", "flagged"),
    [
        ("I'll look out for any news next week.", False),
        ("Is there any news yet?", True),
    ],
)
def test_news_awaited_is_no_question(world: World, ask: str, flagged: bool) -> None:
    body = (
        "Hi Tariro,\n\nJust a note to say thank you for looking after me yesterday; the day "
        f"ran like clockwork. {ask}\n\nBest wishes,\nRudo Chikwanha\n"
    )
    found = _fired(world, TARIRO, body, subject="Thank you")
    assert ("inquiry-too-soon" in found) is flagged, found


def test_the_interviewer_s_candour_recalled_is_specific(world: World) -> None:
    body = (
        "Dear Farai,\n\nIt was a real pleasure to meet you, and I valued your candour about "
        "the quality gaps you are working to close across the branches. Much appreciated.\n\n"
        "Best regards,\nRudo Chikwanha\n"
    )
    assert "generic" not in _fired(world, FARAI, body)
