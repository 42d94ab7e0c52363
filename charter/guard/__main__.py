"""`python -I -m charter.guard`: the guard without its console script."""

from __future__ import annotations

import sys

from charter.guard.main import main

sys.exit(main())
