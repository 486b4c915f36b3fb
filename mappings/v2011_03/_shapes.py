"""Release 2011-03's view of the grown REST core: no element or enumeration value it lacks.

2011-03 has no `Scheduled`: a scheduled order is `Confirmed` here, everywhere, and its
`Confirmed` filter asks for both. The elements 2026-12 added (phone, shipping addresses,
ClientReference, RequestedDeliveryDate) are simply not mapped, so they are never written.
"""

from mappings import _codecs as c
from mappings._shapes import CONFIRMATION_WITHOUT_STATUS, ORDER_WITHOUT_STATUS
from soap_adapter.mapping import Field

ORDER_STATUS = c.enumeration(
    "order_status_2011_03",
    to_soap={
        "new":       "New",
        "confirmed": "Confirmed",
        "scheduled": "Confirmed",  # 2011-03's schema has no Scheduled
        "shipped":   "Shipped",
        "cancelled": "Cancelled",
    },
    to_rest={
        "New":       "new",
        "Confirmed": ["confirmed", "scheduled"],  # the filter matches what it shows as Confirmed
        "Shipped":   "shipped",
        "Cancelled": "cancelled",
    },
)

ORDER = (*ORDER_WITHOUT_STATUS, Field("Status", "status", ORDER_STATUS))

CONFIRMATION = (*CONFIRMATION_WITHOUT_STATUS, Field("Status", "status", ORDER_STATUS))
