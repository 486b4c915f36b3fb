"""UpdateCustomerContact: PATCH /v1/customers/{id} with email and phone; the whole customer back."""

from mappings import _codecs as c
from mappings._shapes import CUSTOMER_NOT_FOUND, validation_fault
from mappings.v2026_12._shapes import CUSTOMER_2026
from soap_adapter.mapping import Field, Group, Operation, Request

MAPPING = Operation(
    name="UpdateCustomerContact",
    request=Request(
        "PATCH", "/v1/customers/{customer_id}",
        params=(Field("CustomerId", "customer_id", c.CUSTOMER_ID),),
        body=(
            Field("Email", "email"),  # absent: unchanged; empty: sent, and Invalid
            Field("Phone", "phone"),
        ),
    ),
    result=Group("UpdateCustomerContactResult", "", CUSTOMER_2026),
    faults={
        "customer-not-found": CUSTOMER_NOT_FOUND,
        "validation-error": validation_fault(
            Field("Field",   "field", c.error_field({"email": "Email", "phone": "Phone"})),
            Field("Code",    "code",  c.ERROR_CODE),
            Field("Message", "",      c.error_message({
                ("email", "required"): "Email or Phone must be given.",
                ("email", "invalid"):  "Email is not valid.",
                ("phone", "invalid"):  "Phone is not valid.",
            })),
        ),
    },
)
