"""``python -m followup_guard``: the `followup-guard` command."""

from followup_guard.cli.main import main

raise SystemExit(main())
