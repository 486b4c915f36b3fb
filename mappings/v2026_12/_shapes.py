"""Release 2026-12's shapes: the shared ones with Scheduled, phone, shipping addresses, references."""

from mappings import _codecs as c
from mappings._shapes import (
    ADDRESS,
    CONFIRMATION_WITHOUT_STATUS,
    CUSTOMER,
    ORDER_WITHOUT_STATUS,
)
from soap_adapter.mapping import Field, Group

ORDER_STATUS = c.title_case(
    "order_status_2026_12", ["New", "Confirmed", "Scheduled", "Shipped", "Cancelled"]
)

CUSTOMER_2026 = (
    *CUSTOMER,
    Field("Phone", "phone"),                                # minOccurs=0: left out when null
    Group("ShippingAddress", "shipping_address", ADDRESS),  # minOccurs=0: left out when null
)

ORDER = (
    *ORDER_WITHOUT_STATUS,
    Field("Status",                "status",                  ORDER_STATUS),
    Field("ClientReference",       "client_reference"),                     # minOccurs=0
    Field("RequestedDeliveryDate", "requested_delivery_date", c.DATE),      # minOccurs=0
    Group("ShippingAddress",       "shipping_address",        ADDRESS),     # minOccurs=0
)

CONFIRMATION = (*CONFIRMATION_WITHOUT_STATUS, Field("Status", "status", ORDER_STATUS))
