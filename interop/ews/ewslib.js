// Shared set-up of the ews-javascript-api scenario scripts (ewsjs_*.js):
// the library from interop/node_modules, the server base URL from argv[2],
// check (print "ok: ", or "FAIL: " and exit 1) and service (an
// ExchangeService for a user, Exchange2013_SP1).
'use strict';
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // the example server's certificate is self-signed
const path = require('path');
const ews = require(path.join(__dirname, '..', 'node_modules', 'ews-javascript-api'));

const base = process.argv[2].replace(/\/$/, '');
let count = 0;

function check(cond, what) {
  if (!cond) {
    console.log('FAIL: ' + what);
    process.exit(1);
  }
  count++;
  console.log('ok: ' + what);
}

function service(user, password) {
  const s = new ews.ExchangeService(ews.ExchangeVersion.Exchange2013_SP1);
  s.Credentials = new ews.WebCredentials(user, password);
  s.Url = new ews.Uri(base + '/EWS/Exchange.asmx');
  return s;
}

// passed is how many checks have passed so far.
const passed = () => count;

module.exports = { ews, base, check, service, passed };
