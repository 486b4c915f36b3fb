"""`python -m soap_adapter.wsdl_diff OLD NEW`."""

import sys

from soap_adapter.wsdl_diff import main

sys.exit(main())
