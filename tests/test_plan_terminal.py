"""``advocate plan`` at a real terminal (a pseudo-terminal driven by pexpect): two sittings."""

from __future__ import annotations

from pathlib import Path

import pexpect
import yaml

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
    child.expect("Step 2 of")
    _interrupt(child)
    saved = yaml.safe_load(campaign.read_text(encoding="utf-8"))
    assert saved["answers"]["evidence"] == "Forty clients turned away last year"
    assert saved["steps"]["open-services"]["map-barriers"]["walked"]
