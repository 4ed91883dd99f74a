"""``advocate plan`` at a real terminal (a pseudo-terminal driven by pexpect): two sittings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pexpect
import yaml

from advocate.locales import format_date
from advocate.planning.playbooks import resolve_playbook
from advocate.templates import load_template
from plan_support import sample_answers
from terminal import spawn


def _interrupt(child: pexpect.spawn) -> str:
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    output = child.before or ""
    assert "Traceback" not in output
    return output


def test_interrupted_plan_keeps_answers_and_resume_goes_on(tmp_path: Path) -> None:
    campaign = tmp_path / "ours.campaign.yaml"
    child = spawn(["plan", "open-services", "--campaign", str(campaign)], tmp_path)
    child.expect("What kind of municipality")
    child.sendline("2")  # small-town-rural
    child.expect("When does the council")
    child.sendline("2027-03-01")
    child.expect("integration or welcoming strategy")
    child.sendline("n")
    child.expect("Step 1 of")
    child.expect("Which services do clients struggle to use")
    child.sendline("1")
    child.expect("What kinds of barrier are they")
    child.sendline("1")
    child.expect("The numbers behind the picture")
    child.expect("an empty line ends the answer")
    child.send("Forty clients turned away\r")
    output = _interrupt(child)
    assert "advocate plan --resume --campaign" in output
    saved = yaml.safe_load(campaign.read_text(encoding="utf-8"))
    assert saved["municipal_context"] == "small-town-rural"
    assert saved["target_date"] == "2027-03-01"
    assert len(saved["answers"]) == 2
    assert "evidence" not in saved["answers"]

    child = spawn(["plan", "--resume", "--campaign", str(campaign)], tmp_path)
    child.expect("Step 1 of")
    child.expect("The numbers behind the picture")
    assert "Which services do clients struggle" not in (child.before or "")
    child.sendline("Forty clients turned away last year")
    child.sendline("")
    child.expect("Draft the intake-tally now")  # the step suggests a tally sheet
    child.sendline("no")
    child.expect("Step 2 of")
    _interrupt(child)
    saved = yaml.safe_load(campaign.read_text(encoding="utf-8"))
    assert saved["answers"]["evidence"] == "Forty clients turned away last year"
    assert saved["steps"]["open-services"]["map-barriers"]["walked"]


def _walk_answers(tmp_path: Path) -> Path:
    """Every open-services and deputation-letter answer except the meeting date."""
    answers = {
        **load_template("deputation-letter").example_answers,
        **sample_answers(resolve_playbook("open-services")),
    }
    del answers["meeting_date"]
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    return path


def test_rough_weeks_are_an_estimate_no_letter_states(tmp_path: Path) -> None:
    answers = _walk_answers(tmp_path)
    campaign = tmp_path / "c.campaign.yaml"
    child = spawn(["plan", "--answers", str(answers), "--campaign", str(campaign)], tmp_path)
    for prompt, typed in [
        ("What change", "5"),
        ("What kind of municipality", "1"),
        ("When does the council or committee decide", ""),  # not known yet
        ("Roughly how many weeks", "6"),
        ("integration or welcoming strategy", "n"),
        ("Which playbook", "open-services"),
    ]:
        child.expect(prompt)
        child.sendline(typed)
    estimated_due = False
    prompts = [
        r"Draft the (\S+) now\?",
        "When does the committee or council meet",
        pexpect.EOF,
        r"Due: \S+ \d+, \d{4} \(estimated",
    ]
    while (seen := child.expect(prompts)) != 2:
        if seen == 3:
            estimated_due = True
        elif seen == 1:
            child.expect(">")
            assert "(20" not in (child.before or "")  # no date is offered as the default
            child.sendline("")
            child.expect("needs an answer")
            child.sendline("2027-02-02")
        else:
            child.sendline("y" if child.match.group(1) == "deputation-letter" else "n")
    child.close()
    assert child.exitstatus == 0, child.before
    assert estimated_due
    saved = yaml.safe_load(campaign.read_text(encoding="utf-8"))
    assert saved["target_date"] is None
    estimate = dt.date.fromisoformat(saved["estimated_target_date"])
    assert saved["answers"]["meeting_date"] == "2027-02-02"
    (letter,) = tmp_path.glob("deputation-*.docx")
    text = "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)
    assert "February 2, 2027" in text
    assert format_date(estimate, "en-CA") not in text
