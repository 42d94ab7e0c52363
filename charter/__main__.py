from __future__ import annotations

from charter.cli import main

raise SystemExit(main())
