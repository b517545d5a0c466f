"""``python -m dls_proceedings`` runs the command-line tool."""

from dls_proceedings.cli import main

raise SystemExit(main())
