// ews-javascript-api 0.15.3 against oxkit's EWS endpoint: folders, a draft
// created, read, updated and deleted, FindItems with a search filter,
// sending to another local user, a pull subscription and ResolveName.
// Usage: node ewsjs_ews.js HTTPS_BASE
'use strict';
const { ews, base, check, service, passed } = require('./ewslib');

async function main() {
  const s1 = service('user1@example.com', 'secret');
  const s2 = service('user2@example.com', 'secret2');

  const inbox = await ews.Folder.Bind(s1, ews.WellKnownFolderName.Inbox);
  check(inbox.DisplayName === 'Inbox', 'bind Inbox: ' + inbox.DisplayName);
  const view = new ews.FolderView(100);
  view.Traversal = ews.FolderTraversal.Deep;
  const folders = await s1.FindFolders(ews.WellKnownFolderName.MsgFolderRoot, view);
  const names = folders.Folders.map((f) => f.DisplayName);
  check(['Inbox', 'Drafts', 'Sent Items'].every((n) => names.includes(n)), 'FindFolders deep');

  // A draft: create, read back, update, find, delete.
  const draft = new ews.EmailMessage(s1);
  draft.Subject = 'ewsjs draft';
  draft.Body = new ews.MessageBody(ews.BodyType.Text, 'from ews-javascript-api');
  draft.ToRecipients.Add('user2@example.com');
  await draft.Save(ews.WellKnownFolderName.Drafts);
  check(draft.Id && draft.Id.UniqueId, 'draft saved with an ID');
  const got = await ews.EmailMessage.Bind(s1, draft.Id);
  check(got.Subject === 'ewsjs draft', 'subject read back: ' + got.Subject);
  check(got.Body.Text.includes('from ews-javascript-api'), 'body read back');
  check(got.ToRecipients.Count === 1 && got.ToRecipients._getItem(0).Address === 'user2@example.com', 'recipient read back');
  got.Subject = 'ewsjs updated';
  await got.Update(ews.ConflictResolutionMode.AutoResolve);
  const filter = new ews.SearchFilter.ContainsSubstring(ews.ItemSchema.Subject, 'updated');
  const found = await s1.FindItems(ews.WellKnownFolderName.Drafts, filter, new ews.ItemView(10));
  check(found.Items.length === 1 && found.Items[0].Subject === 'ewsjs updated', 'FindItems with a filter');
  await got.Delete(ews.DeleteMode.HardDelete);
  const after = await s1.FindItems(ews.WellKnownFolderName.Drafts, filter, new ews.ItemView(10));
  check(after.Items.length === 0, 'draft deleted');

  // Pull subscription on user2's Inbox, then mail from user1.
  const sub = await s2.SubscribeToPullNotifications([new ews.FolderId(ews.WellKnownFolderName.Inbox)], 5, null,
    ews.EventType.NewMail, ews.EventType.Created);
  check(!!sub.Id, 'pull subscription');
  const mail = new ews.EmailMessage(s1);
  mail.Subject = 'ewsjs to two';
  mail.Body = new ews.MessageBody(ews.BodyType.HTML, '<p>hello</p>');
  mail.ToRecipients.Add('user2@example.com');
  await mail.SendAndSaveCopy();
  const received = await s2.FindItems(ews.WellKnownFolderName.Inbox, new ews.SearchFilter.IsEqualTo(ews.ItemSchema.Subject, 'ewsjs to two'), new ews.ItemView(10));
  check(received.Items.length === 1, 'user2 received the message');
  const events = await sub.GetEvents();
  const types = events.AllEvents.map((e) => ews.EventType[e.EventType]);
  check(types.includes('NewMail'), 'GetEvents reports NewMail: ' + types.join(','));
  await sub.Unsubscribe();

  const res = await s1.ResolveName('user2', ews.ResolveNameSearchLocation.DirectoryOnly, false);
  check(res.Count === 1 && res._getItem(0).Mailbox.Address === 'user2@example.com', 'ResolveName');
  console.log(`ews-javascript-api: ${passed()} passed, 0 failed`);
}

main().catch((e) => {
  console.log('FAIL: ' + (e && (e.stack || e.message || e)));
  process.exit(1);
});
