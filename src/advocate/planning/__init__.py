"""Planning a campaign with a playbook: ``advocate plan`` and its Python twins.

* :mod:`.models`, :mod:`.playbook_schema` and :mod:`.playbooks`: playbooks, parsed and validated
  from YAML, and found by id or file (a user's own before the built-in ones);
* :mod:`.campaign` and :mod:`.migration`: the campaign file, saved after every answer, and
  bringing an old one up to date;
* :mod:`.triage`: the questions that pick a playbook, and the ranking;
* :mod:`.conditions` and :mod:`.procedure`: which steps apply, and when each is due (by the
  council's own procedure card, or as general guidance);
* :mod:`.walk`: walking the active steps' questions;
* :mod:`.progress`: opening a campaign to start or resume it, and marking steps done;
* :mod:`.drafting`: drafting a document from a campaign's answers on the spot;
* :mod:`.action_plan`: the action plan and its export.
"""
