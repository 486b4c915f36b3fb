"""Codecs of the JIRA mappings."""

import datetime

from soap_adapter.mapping import Codec

DATETIME = Codec(
    "datetime", datetime.datetime.isoformat, datetime.datetime.fromisoformat, xsd="dateTime"
)
