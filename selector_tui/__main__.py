from __future__ import annotations

import sys

from selector_tui.app import main

sys.exit(main())
