"""One problem, said once: an emoji or capitals in a signature that advertises a side business
are the signature's problem (`unprofessional-signature` names them), not a second finding of
`too-casual` (rules43: nineteen development letters about a signature got both, their writers
expected the first alone). The same marks in the letter itself are still too casual."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from fgtest import CORPUS_CONFIG, DANA, eml
from followup_guard.api import check_message, open_context

AT = datetime(2026, 11, 21, 10, 0, tzinfo=timezone.utc)
BODY = (
    "Dear Dana,\n\nThank you for the onsite yesterday. I enjoyed hearing how the team "
    "plans the Kafka migration, and I left keen on the Backend Engineer role.\n\n"
    "{extra}Best regards,\nAlex Morgan\n"
    "Owner, Glow Up Smiles Teeth Whitening | Book your party at glowupsmiles.example {mark}\n"
)


def _rules(tmp_path: Path, extra: str, mark: str) -> dict[str, list[str]]:
    with open_context(CORPUS_CONFIG, tmp_path / "data") as ctx:
        body = BODY.format(extra=extra, mark=mark)
        result = check_message(ctx, eml(to=DANA, subject="Thank you", body=body), at=AT)
    out: dict[str, list[str]] = {}
    for f in result.findings:
        out.setdefault(f.rule, []).append(f.message)
    return out


def test_a_signature_emoji_is_said_once_by_the_signature_rule(tmp_path: Path) -> None:
    found = _rules(tmp_path, "", "😁")
    assert any("😁" in m for m in found["unprofessional-signature"])
    assert "too-casual" not in found


def test_capitals_in_an_advert_line_are_the_signature_s_problem(tmp_path: Path) -> None:
    found = _rules(tmp_path, "", "- call for a FREE quote")
    assert "unprofessional-signature" in found
    assert "too-casual" not in found


def test_the_same_emoji_in_the_letter_is_still_too_casual(tmp_path: Path) -> None:
    found = _rules(tmp_path, "It was a great day 😁 thanks again.\n\n", "😁")
    assert "unprofessional-signature" in found
    assert any("😁" in m for m in found["too-casual"])


SALES = (
    "Dear Dana,\n\nThank you for the onsite yesterday. I enjoyed hearing how the team "
    "plans the Kafka migration, and I left keen on the Backend Engineer role.\n\n"
    "Kind regards,\nAlex Morgan\n"
    "\u2728 Engineer by day, glow queen by night \u2728\n"
    "{line}\n"
)


def _sales(tmp_path: Path, line: str) -> dict[str, list[str]]:
    with open_context(CORPUS_CONFIG, tmp_path / "data") as ctx:
        body = SALES.format(line=line)
        result = check_message(ctx, eml(to=DANA, subject="Thank you", body=body), at=AT)
    out: dict[str, list[str]] = {}
    for f in result.findings:
        out.setdefault(f.rule, []).append(f.message)
    return out


def test_the_tone_model_s_reading_of_a_sales_line_is_the_signature_s_problem(
    tmp_path: Path,
) -> None:
    # rules43: the model read this line as sarcastic (a block) beside the signature's warning.
    found = _sales(
        tmp_path, "Glow Naturals shea butter and black soap: DM @glownaturals_msa on Instagram"
    )
    assert "unprofessional-signature" in found
    assert "sarcastic" not in found


def test_a_listed_sarcastic_phrase_in_the_signature_still_stands(tmp_path: Path) -> None:
    found = _sales(tmp_path, "Thanks for nothing, recruiters of the world")
    assert "unprofessional-signature" in found
    assert "sarcastic" in found
