"""Namespace URIs of the specifications the edge and wsdl-diff read and write, each declared once.

Names say which specification a URI belongs to: `SOAP11_ENV` is the SOAP 1.1 envelope, while
`WSDL_SOAP11` is WSDL's SOAP 1.1 binding extension; the two are never the same thing.
"""

# SOAP envelopes and their roles
SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope"
SOAP11_ACTOR_NEXT = "http://schemas.xmlsoap.org/soap/actor/next"
SOAP12_ROLE_NEXT = "http://www.w3.org/2003/05/soap-envelope/role/next"
SOAP12_ROLE_ULTIMATE = "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver"
SOAP_ENCODING = "http://schemas.xmlsoap.org/soap/encoding/"
ENVELOPE = {"1.1": SOAP11_ENV, "1.2": SOAP12_ENV}

# WSDL 1.1 and its binding extensions
WSDL = "http://schemas.xmlsoap.org/wsdl/"
WSDL_SOAP11 = "http://schemas.xmlsoap.org/wsdl/soap/"
WSDL_SOAP12 = "http://schemas.xmlsoap.org/wsdl/soap12/"
WSDL_HTTP = "http://schemas.xmlsoap.org/wsdl/http/"

# XML and XML Schema
XML = "http://www.w3.org/XML/1998/namespace"
XS = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

# WS-Security UsernameToken profile
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
WSS_PASSWORD_TEXT = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText"
WSS_PASSWORD_DIGEST = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest"
