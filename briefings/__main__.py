"""`python -m briefings ...` runs the offline CLI."""

import sys

from briefings.cli import main

sys.exit(main())
