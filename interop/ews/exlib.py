"""Shared set-up of the exchangelib scenario scripts in this directory:
TLS verification off (the example server's certificate is self-signed),
quiet logging, check() counting the steps, account() for a user, soap()
for operations exchangelib has no API for.

Scripts run as `python3 interop/ews/NAME.py`, so this directory is on
sys.path and `from exlib import ...` finds this module.
"""
import logging
import sys
import xml.etree.ElementTree as ET

from exchangelib import Account, BASIC, Configuration, Credentials, DELEGATE
from exchangelib.protocol import BaseProtocol, NoVerifyHTTPAdapter

BaseProtocol.HTTP_ADAPTER_CLS = NoVerifyHTTPAdapter
logging.basicConfig(level=logging.ERROR)

_steps = 0


def check(cond, what):
    """Counts a passed step, or prints FAIL and exits non-zero."""
    global _steps
    if not cond:
        print("FAIL:", what)
        sys.exit(1)
    _steps += 1
    print("ok:", what)


def steps():
    """The number of steps passed so far."""
    return _steps


def ews_endpoint(base):
    """The EWS URL under base (https://host:port)."""
    return base.rstrip("/") + "/EWS/Exchange.asmx"


def account(endpoint, user, password):
    """An exchangelib Account of user at endpoint, without autodiscover."""
    cfg = Configuration(service_endpoint=endpoint, credentials=Credentials(user, password), auth_type=BASIC)
    return Account(user, config=cfg, autodiscover=False, access_type=DELEGATE)


M = "http://schemas.microsoft.com/exchange/services/2006/messages"


def envelope(body, version="Exchange2016"):
    """A SOAP envelope around one operation (the Body's content)."""
    return ('<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
            'xmlns:m="' + M + '" '
            'xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><s:Header>'
            '<t:RequestServerVersion Version="' + version + '"/></s:Header><s:Body>' + body + '</s:Body></s:Envelope>')


def soap(acct, body, version="Exchange2016"):
    """POSTs one operation (the Body's content) through acct's
    authenticated exchangelib session; returns the HTTP status and the
    parsed response."""
    session = acct.protocol.get_session()
    try:
        r = session.post(acct.protocol.service_endpoint, data=envelope(body, version).encode(),
                         headers={"Content-Type": "text/xml; charset=utf-8"}, allow_redirects=False)
    finally:
        acct.protocol.release_session(session)
    return r.status_code, ET.fromstring(r.content)


def soap_as(endpoint, login, password, body):
    """POSTs one operation as login with Basic authentication (for
    scripts whose accounts act for other mailboxes); returns the HTTP
    status and the parsed response."""
    import requests
    r = requests.post(endpoint, data=envelope(body).encode(), auth=(login, password), verify=False,
                      headers={"Content-Type": "text/xml; charset=utf-8"})
    return r.status_code, ET.fromstring(r.content)


def response_codes(root, message):
    """The ResponseCode of every response message element named message
    (in the messages namespace) of a parsed response."""
    return [e.findtext("{%s}ResponseCode" % M) for e in root.iter("{%s}%s" % (M, message))]
