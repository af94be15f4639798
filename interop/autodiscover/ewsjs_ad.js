// ews-javascript-api 0.15.3 against oxkit's SOAP Autodiscover.
// Usage: node ewsjs_ad.js HTTPS_BASE [EWS_URL]
'use strict';
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // the example server's certificate is self-signed
const path = require('path');
const ews = require(path.join(__dirname, '..', 'node_modules', 'ews-javascript-api'));

const base = process.argv[2].replace(/\/$/, '');
const ewsURL = process.argv[3] || '';
const failures = [];
function check(what, got, want) {
  if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

async function main() {
  const ad = new ews.AutodiscoverService(new ews.Uri(base + '/autodiscover/autodiscover.svc'), ews.ExchangeVersion.Exchange2013);
  ad.Credentials = new ews.WebCredentials('user1@example.com', 'secret');
  const names = [ews.UserSettingName.UserDisplayName, ews.UserSettingName.UserDN,
    ews.UserSettingName.InternalEwsUrl, ews.UserSettingName.ExternalEwsUrl, ews.UserSettingName.NoSuchSettingName];
  const resp = await ad.GetUserSettings('user1@example.com', names.filter((n) => n !== undefined));
  check('ErrorCode', ews.AutodiscoverErrorCode[resp.ErrorCode], 'NoError');
  const got = {};
  for (const k of resp.Settings.Keys) got[ews.UserSettingName[k]] = resp.Settings.get(k);
  check('UserDisplayName', got.UserDisplayName, 'User One');
  if (!/\/cn=Recipients\/cn=user1$/i.test(got.UserDN || '')) failures.push(`UserDN: ${got.UserDN}`);
  const errs = {};
  for (const e of resp.UserSettingErrors || []) errs[e.SettingName] = ews.AutodiscoverErrorCode[e.ErrorCode];
  if (ewsURL) {
    check('InternalEwsUrl', got.InternalEwsUrl, ewsURL);
  } else {
    check('EWS settings errors', errs, { InternalEwsUrl: 'SettingIsNotAvailable', ExternalEwsUrl: 'SettingIsNotAvailable' });
  }

  const bad = await ad.GetUserSettings('nobody@example.com', [ews.UserSettingName.UserDisplayName]);
  check('unknown user', ews.AutodiscoverErrorCode[bad.ErrorCode], 'InvalidUser');

  const wrong = new ews.AutodiscoverService(new ews.Uri(base + '/autodiscover/autodiscover.svc'), ews.ExchangeVersion.Exchange2013);
  wrong.Credentials = new ews.WebCredentials('user1@example.com', 'wrong');
  let rejected = false;
  try { await wrong.GetUserSettings('user1@example.com', [ews.UserSettingName.UserDisplayName]); } catch (e) { rejected = true; }
  check('wrong password rejected', rejected, true);
}

main().then(() => {
  if (failures.length) { console.log('ews-javascript-api autodiscover: FAIL\n  ' + failures.join('\n  ')); process.exit(1); }
  console.log('ews-javascript-api autodiscover: ok');
}, (e) => { console.log('ews-javascript-api autodiscover: FAIL', e && (e.stack || e.message || e)); process.exit(1); });
