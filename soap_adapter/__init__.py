"""The SOAP edge: publishes the legacy WSDL and serves it from the REST core through mappings."""
