"""Planning a campaign with a playbook: ``advocate plan`` and its Python twins.

* :mod:`.models` and :mod:`.playbooks`: the playbooks, loaded and validated from YAML;
* :mod:`.campaign`: the campaign file, saved after every answer;
* :mod:`.walk`: the triage and walking a playbook's steps;
* :mod:`.action_plan`: the action plan and its export.
"""
