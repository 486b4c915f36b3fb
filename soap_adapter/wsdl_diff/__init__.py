"""Direction-aware compatibility check of two WSDLs and their XSDs (`soap-adapter wsdl-diff`)."""

from soap_adapter.wsdl_diff._cli import main
from soap_adapter.wsdl_diff._compare import diff
from soap_adapter.wsdl_diff._load import ContractError, load_contract
from soap_adapter.wsdl_diff._model import Contract, Difference

__all__ = ["Contract", "ContractError", "Difference", "diff", "load_contract", "main"]
