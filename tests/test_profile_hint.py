"""The one-time suggestion to save the organisation's details with 'advocate profile init'."""

from __future__ import annotations

from pathlib import Path

from advocate.profile import save_profile
from advocate.profile_hint import profile_suggestion


def test_said_once_without_a_profile(isolated_home: Path, tmp_path: Path) -> None:
    del isolated_home  # no profile in the config folder
    state = tmp_path / "state"
    tip = profile_suggestion(["organisation", "recommendation", "contact_name"], state_dir=state)
    assert tip is not None
    assert "advocate profile init" in tip
    assert "(contact_name, organisation)" in tip
    assert profile_suggestion(["organisation"], state_dir=state) is None  # once only


def test_not_said_with_a_profile_or_without_profile_questions(
    isolated_home: Path, tmp_path: Path
) -> None:
    del isolated_home
    state = tmp_path / "state"
    assert profile_suggestion(["recommendation"], state_dir=state) is None
    assert profile_suggestion(["organisation"], profile_file=tmp_path / "p.yaml",
                              state_dir=state) is None  # fmt: skip
    save_profile({"organisation": "Riverside"})
    assert profile_suggestion(["contact_name"], state_dir=state) is None
    assert not state.exists()
