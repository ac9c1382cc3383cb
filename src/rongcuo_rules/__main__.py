"""``python -m rongcuo_rules`` is the ``rongcuo`` command."""

import sys

from .cli import main

sys.exit(main())
