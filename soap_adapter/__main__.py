"""`python -m soap_adapter ...`, the same as the `soap-adapter` command."""

import sys

from soap_adapter.cli import main

sys.exit(main())
