"""One document per row of a spreadsheet: ``advocate batch`` and ``advocate.draft_many``.

* :mod:`.many` is the public face: ``draft_many``, ``plan_batch``, ``run_batch``;
* :mod:`.rows` reads CSV, Excel, YAML and JSON rows;
* :mod:`.plan` checks the rows and decides every file name before anything is written;
* :mod:`.worker` drafts one row, in a worker process or in this one;
* :mod:`.runner` runs the worker pool, yields results and stops cleanly;
* :mod:`.output` writes the manifest and the combined pack;
* :mod:`.models` holds the settings, tasks, events and results they pass around.
"""
