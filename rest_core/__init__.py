"""The REST core: the order system of record, a clean REST API with no knowledge of SOAP."""
