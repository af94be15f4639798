"""exchangelib 4.9 (Debian python3-exchangelib) against oxkit's Autodiscover.

Drives exchangelib's own POX and SOAP discovery classes, pointed at the
server under test instead of DNS-derived hosts, and asserts what the client
understood. Usage: exchangelib_ad.py HTTPS_BASE
"""
import sys
import warnings

warnings.filterwarnings("ignore", message="Unverified HTTPS request")

from exchangelib import Credentials
from exchangelib.autodiscover.discovery.pox import PoxAutodiscovery
from exchangelib.autodiscover.discovery.soap import SoapAutodiscovery
from exchangelib.protocol import BaseProtocol, NoVerifyHTTPAdapter

base = sys.argv[1].rstrip("/")
# The example server uses a self-signed certificate.
BaseProtocol.HTTP_ADAPTER_CLS = NoVerifyHTTPAdapter
creds = Credentials("user1@example.com", "secret")
failures = []


# exchangelib checks that the URL's host resolves in DNS, but looks up
# "host:port" as a name (4.9.0 _ensure_valid_hostname), which fails for any
# server not on port 443. The harness serves on a free loopback port, so the
# check is skipped; everything else is exchangelib's own code.
class Pox(PoxAutodiscovery):
    def _ensure_valid_hostname(self, url):
        pass


class Soap(SoapAutodiscovery):
    def _ensure_valid_hostname(self, url):
        pass


def check(what, got, want):
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")


# POX: exchangelib's request and response parsing (Autodiscover.from_bytes).
pox = Pox(email="user1@example.com", credentials=creds)
ok, ad = pox._attempt_response(url=f"{base}/Autodiscover/Autodiscover.xml")
check("POX attempt", ok, True)
if ok:
    check("POX error", ad.error_response, None)
    user = ad.response.user
    check("POX DisplayName", user.display_name, "User One")
    check("POX AutoDiscoverSMTPAddress", user.autodiscover_smtp_address, "user1@example.com")
    if not (user.legacy_dn or "").lower().endswith("/cn=recipients/cn=user1"):
        failures.append(f"POX LegacyDN: {user.legacy_dn!r}")
    check("POX Action", ad.response.account.action, "settings")
    if len(sys.argv) > 2:
        # exchangelib picks the EWS endpoint from EXPR/EXCH (Response.protocol).
        check("POX EWS URL", ad.response.protocol.ews_url, sys.argv[2])
        check("POX EWS version", str(ad.response.version.build)[:2], "15")
    types = sorted(p.type for p in ad.response.account.protocols if p.type)
    for t in ("EXCH", "EXPR"):
        if t not in types:
            failures.append(f"POX protocols {types} lack {t}")

# POX redirect handling and an unknown address.
bad = Pox(email="nobody@example.com", credentials=creds)
ok, ad = bad._attempt_response(url=f"{base}/autodiscover/autodiscover.xml")
check("POX unknown address parsed", ok, True)
if ok:
    check("POX unknown address error code", ad.error_response is not None, True)

# SOAP GetUserSettings through exchangelib's AutodiscoverProtocol.
soap = Soap(email="user1@example.com", credentials=creds)
ok, resp = soap._attempt_response(url=f"{base}/autodiscover/autodiscover.svc")
check("SOAP attempt", ok, True)
if ok:
    check("SOAP error", resp.error_code, None)
    check("SOAP UserDisplayName", resp.user_settings.get("user_display_name"), "User One")
    if not (resp.user_settings.get("user_dn") or "").lower().endswith("/cn=recipients/cn=user1"):
        failures.append(f"SOAP UserDN: {resp.user_settings.get('user_dn')!r}")
    check("SOAP AutoDiscoverSMTPAddress", resp.user_settings.get("auto_discover_smtp_address"), "user1@example.com")
    if not (resp.user_settings.get("mailbox_dn") or "").endswith("/cn=Microsoft Private MDB"):
        failures.append(f"SOAP MailboxDN: {resp.user_settings.get('mailbox_dn')!r}")
    # The server announces EWS only where an EWS endpoint is mounted; the
    # settings exchangelib asks for then come back as per-setting errors.
    ews = sys.argv[2] if len(sys.argv) > 2 else ""
    if ews:
        check("SOAP ExternalEwsUrl", resp.user_settings.get("external_ews_url"), ews)
    else:
        check("SOAP setting errors", sorted((k, v[0]) for k, v in resp.user_settings_errors.items()),
              [("ews_supported_schemas", "SettingIsNotAvailable"), ("external_ews_url", "SettingIsNotAvailable")])

# SOAP for an unknown mailbox: exchangelib must see InvalidUser.
ok, resp = Soap(email="nobody@example.com", credentials=creds)._attempt_response(url=f"{base}/autodiscover/autodiscover.svc")
check("SOAP unknown user", (ok, resp.error_code if ok else None), (True, "InvalidUser"))

if failures:
    print("exchangelib autodiscover: FAIL")
    for f in failures:
        print("  " + f)
    sys.exit(1)
print("exchangelib autodiscover: ok")
