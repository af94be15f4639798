// ews-javascript-api 0.15.3 against oxkit's Inbox rules ([MS-OXWSRULES]):
// create, list, modify and delete rules with UpdateInboxRules and
// GetInboxRules, a validation error per operation, then mail from user2
// to user1 through EWS that user1's rule moves into a folder and marks
// read.
// Usage: node ewsjs_rules.js HTTPS_BASE
'use strict';
const { ews, base, check, service, passed } = require('./ewslib');

function rules(coll) {
  return coll.GetEnumerator().slice();
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

async function main() {
  const s1 = service('user1@example.com', 'secret');
  const s2 = service('user2@example.com', 'secret2');
  const stamp = Date.now().toString(36);

  // Start from user1's current rules (none on a fresh server).
  const before = rules(await s1.GetInboxRules());
  check(Array.isArray(before), 'GetInboxRules answers: ' + before.length + ' rules');
  if (before.length > 0) {
    await s1.UpdateInboxRules(before.map((r) => new ews.DeleteRuleOperation(r.Id)), true);
  }

  // A target folder under the Inbox.
  const folder = new ews.Folder(s1);
  folder.DisplayName = 'Rules ' + stamp;
  await folder.Save(ews.WellKnownFolderName.Inbox);
  check(folder.Id && folder.Id.UniqueId, 'target folder created');

  // Create: mail from user2 with "invoice" in the subject goes to the folder, read.
  const r1 = new ews.Rule();
  r1.DisplayName = 'Invoices from two';
  r1.Priority = 1;
  r1.IsEnabled = true;
  r1.Conditions.ContainsSubjectStrings.Add('invoice');
  r1.Conditions.FromAddresses.Add('user2@example.com');
  r1.Exceptions.ContainsSubjectStrings.Add('draft');
  r1.Actions.MoveToFolder = folder.Id;
  r1.Actions.MarkAsRead = true;
  const r2 = new ews.Rule();
  r2.DisplayName = 'Flag important';
  r2.Priority = 2;
  r2.IsEnabled = true;
  r2.Conditions.ContainsBodyStrings.Add('urgent');
  r2.Actions.MarkImportance = ews.Importance.High;
  r2.Actions.StopProcessingRules = true;
  await s1.UpdateInboxRules([new ews.CreateRuleOperation(r1), new ews.CreateRuleOperation(r2)], true);

  let list = rules(await s1.GetInboxRules());
  check(list.length === 2, 'two rules listed: ' + list.map((r) => r.DisplayName).join(', '));
  const got1 = list.find((r) => r.DisplayName === 'Invoices from two');
  const got2 = list.find((r) => r.DisplayName === 'Flag important');
  check(got1 && got1.Id && got2 && got2.Id && got1.Id !== got2.Id, 'rules have distinct IDs');
  check(got1.Priority === 1 && got1.IsEnabled === true && got1.IsNotSupported === false, 'rule 1 priority/enabled/supported');
  check(got1.Conditions.ContainsSubjectStrings.Count === 1 && got1.Conditions.ContainsSubjectStrings._getItem(0) === 'invoice', 'rule 1 subject condition');
  check(got1.Conditions.FromAddresses.Count === 1 && got1.Conditions.FromAddresses._getItem(0).Address === 'user2@example.com', 'rule 1 from condition');
  check(got1.Exceptions.ContainsSubjectStrings.Count === 1 && got1.Exceptions.ContainsSubjectStrings._getItem(0) === 'draft', 'rule 1 exception');
  check(got1.Actions.MoveToFolder && got1.Actions.MoveToFolder.UniqueId === folder.Id.UniqueId, 'rule 1 MoveToFolder is the folder');
  check(got1.Actions.MarkAsRead === true, 'rule 1 MarkAsRead');
  check(got2.Actions.MarkImportance === ews.Importance.High && got2.Actions.StopProcessingRules === true, 'rule 2 actions');

  // Modify: rename rule 2 and disable it.
  got2.DisplayName = 'Flag important (off)';
  got2.IsEnabled = false;
  await s1.UpdateInboxRules([new ews.SetRuleOperation(got2)], true);
  list = rules(await s1.GetInboxRules());
  const mod = list.find((r) => r.Id === got2.Id);
  check(mod && mod.DisplayName === 'Flag important (off)' && mod.IsEnabled === false, 'SetRuleOperation renamed and disabled rule 2');
  check(mod.Conditions.ContainsBodyStrings.Count === 1, 'rule 2 keeps its condition');

  // A validation error names the operation; nothing is applied.
  let failed = null;
  const badOps = [new ews.DeleteRuleOperation(got2.Id), new ews.DeleteRuleOperation('AAAAAAAAAAA=')];
  try {
    await s1.UpdateInboxRules(badOps, true);
  } catch (e) {
    failed = e;
  }
  check(failed !== null && failed.ErrorCode === ews.ServiceError.ErrorInboxRulesValidationError, 'UpdateInboxRules with an unknown rule fails: ' + (failed && failed.message));
  const errs = failed && failed.Errors ? failed.Errors.Items : [];
  check(errs.length === 1 && errs[0].Operation === badOps[1], 'RuleOperationErrors names the second operation');
  const ruleErr = errs[0]._getItem(0);
  check(ruleErr.ErrorCode === ews.RuleErrorCode.RuleNotFound, 'its error is RuleNotFound: ' + ews.RuleErrorCode[ruleErr.ErrorCode]);
  check(rules(await s1.GetInboxRules()).length === 2, 'the failed update changed nothing');

  // Delete rule 2.
  await s1.UpdateInboxRules([new ews.DeleteRuleOperation(got2.Id)], true);
  list = rules(await s1.GetInboxRules());
  check(list.length === 1 && list[0].Id === got1.Id, 'DeleteRuleOperation removed rule 2');

  // Delivery: user2 sends two messages to user1; the rule moves one.
  for (const subject of ['Invoice ' + stamp, 'Hello ' + stamp, 'Invoice draft ' + stamp]) {
    const m = new ews.EmailMessage(s2);
    m.Subject = subject;
    m.Body = new ews.MessageBody(ews.BodyType.Text, 'rules scenario');
    m.ToRecipients.Add('user1@example.com');
    await m.Send();
  }
  let moved = null;
  for (let i = 0; i < 20; i++) {
    moved = await s1.FindItems(folder.Id, new ews.ItemView(10));
    if (moved.Items.length > 0) break;
    await sleep(100);
  }
  check(moved.Items.length === 1 && moved.Items[0].Subject === 'Invoice ' + stamp, 'the matching message is in the rule folder');
  await moved.Items[0].Load(new ews.PropertySet(ews.BasePropertySet.FirstClassProperties));
  check(moved.Items[0].IsRead === true, 'the moved message is marked read');
  const inbox = await s1.FindItems(ews.WellKnownFolderName.Inbox, new ews.SearchFilter.ContainsSubstring(ews.ItemSchema.Subject, stamp), new ews.ItemView(10));
  const inboxSubjects = inbox.Items.map((i) => i.Subject).sort();
  check(JSON.stringify(inboxSubjects) === JSON.stringify(['Hello ' + stamp, 'Invoice draft ' + stamp].sort()), 'the others stay in the Inbox: ' + inboxSubjects.join(', '));

  // Clean up: delete the rule; mail is no longer moved.
  await s1.UpdateInboxRules([new ews.DeleteRuleOperation(got1.Id)], true);
  check(rules(await s1.GetInboxRules()).length === 0, 'all rules deleted');
  const m = new ews.EmailMessage(s2);
  m.Subject = 'Invoice after ' + stamp;
  m.ToRecipients.Add('user1@example.com');
  await m.Send();
  const after = await s1.FindItems(ews.WellKnownFolderName.Inbox, new ews.SearchFilter.IsEqualTo(ews.ItemSchema.Subject, 'Invoice after ' + stamp), new ews.ItemView(10));
  check(after.Items.length === 1, 'without the rule the message stays in the Inbox');

  console.log(`ews-javascript-api rules: ${passed()} passed, 0 failed`);
}

main().catch((e) => {
  console.log('FAIL: ' + (e && (e.stack || e.message || e)));
  process.exit(1);
});
