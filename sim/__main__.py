"""``python -m sim``: the same as the ``peacesim`` command."""

import sys

from sim.cli import main

sys.exit(main())
