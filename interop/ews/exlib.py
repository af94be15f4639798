"""Shared set-up of the exchangelib scenario scripts in this directory:
TLS verification off (the example server's certificate is self-signed),
quiet logging, check() counting the steps, account() for a user.

Scripts run as `python3 interop/ews/NAME.py`, so this directory is on
sys.path and `from exlib import ...` finds this module.
"""
import logging
import sys

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
