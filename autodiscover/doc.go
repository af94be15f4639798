// Package autodiscover implements Exchange Autodiscover, server and client:
//
//   - POX Autodiscover ([MS-OXDSCLI]) with the outlook 2006a response
//     schema (User, Account with EXCH, EXPR, WEB and — for clients sending
//     X-MapiHttpCapability — mapiHttp protocols; redirectAddr and
//     redirectUrl; error responses 500–603) and the mobilesync 2006
//     schema ([MS-ASCMD] 2.2.1.1);
//   - SOAP Autodiscover ([MS-OXWSADISC]) GetUserSettings and
//     GetDomainSettings, with per-user and per-setting errors;
//   - the JSON ("v2") endpoint Outlook and mobile clients use for
//     ActiveSync, EWS and AutodiscoverV1;
//   - Thunderbird's autoconfig file.
//
// The embedder implements Settings (who the users are, which protocols are
// on, at which URLs); Static covers the common case of one set of URLs.
// Handler serves everything on one http.Handler. Client is the other side,
// for gateways: POX and SOAP requests with redirect handling and limits.
//
// Not implemented: GetFederationInformation and GetOrganizationRelationshipSettings
// (answered with a SOAP fault naming the operation), the WS-Security
// endpoint variants (autodiscover.svc/wssecurity is served as the plain
// one), and per-setting types other than StringSetting (AlternateMailboxes,
// ProtocolConnections and the like are answered SettingIsNotAvailable).
//
// Limits: request bodies are bounded by Handler.MaxRequestBytes (64 KiB by
// default); a SOAP request may name at most 100 users or domains and 200
// settings; the client bounds response size and redirect count.
package autodiscover
