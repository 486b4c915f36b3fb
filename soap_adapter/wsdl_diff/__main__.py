"""`python -m soap_adapter.wsdl_diff OLD NEW [--format text|json]`."""

import sys

from soap_adapter.wsdl_diff import main

sys.exit(main())
