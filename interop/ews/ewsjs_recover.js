// ews-javascript-api 0.15.3 against oxkit's EWS endpoint: the
// Recoverable Items folders the EWS Managed API way (WellKnownFolderName
// RecoverableItems*): Folder.Bind, FindFolders under the root, FindItems
// in Deletions after Item.Delete(SoftDelete), Item.Move back to the
// Inbox, Item.Delete(HardDelete) there purging, Folder.Empty of
// Deletions.
// Usage: node ewsjs_recover.js HTTPS_BASE
'use strict';
const { ews, check, service, passed } = require('./ewslib');
const tag = 'ewsjs-recover-' + Date.now();
const W = ews.WellKnownFolderName;

async function find(s, folder, subject) {
  const r = await s.FindItems(new ews.FolderId(folder), new ews.SearchFilter.IsEqualTo(ews.ItemSchema.Subject, subject), new ews.ItemView(10));
  return r.Items;
}

async function main() {
  const s = service('user1@example.com', 'secret');

  const root = await ews.Folder.Bind(s, new ews.FolderId(W.RecoverableItemsRoot));
  check(root.DisplayName === 'Recoverable Items' && root.ChildFolderCount === 4,
    'Folder.Bind(RecoverableItemsRoot): ' + root.DisplayName + ', ' + root.ChildFolderCount + ' children');
  const kids = await s.FindFolders(root.Id, new ews.FolderView(10));
  const names = kids.Folders.map((f) => f.DisplayName).sort();
  check(JSON.stringify(names) === JSON.stringify(['Deletions', 'DiscoveryHolds', 'Purges', 'Versions']), 'FindFolders under the root: ' + names);

  // Soft-delete two messages.
  const subjects = [tag + ' a', tag + ' b'];
  for (const subj of subjects) {
    const m = new ews.EmailMessage(s);
    m.Subject = subj;
    m.Body = new ews.MessageBody(ews.BodyType.Text, 'body of ' + subj);
    await m.Save(new ews.FolderId(W.Inbox));
    await m.Delete(ews.DeleteMode.SoftDelete);
  }
  const del = await ews.Folder.Bind(s, new ews.FolderId(W.RecoverableItemsDeletions));
  check(del.DisplayName === 'Deletions' && del.TotalCount >= 2, 'Folder.Bind(RecoverableItemsDeletions): TotalCount ' + del.TotalCount);
  let found = await find(s, W.RecoverableItemsDeletions, subjects[0]);
  check(found.length === 1, 'FindItems in Deletions finds the soft-deleted message');
  check(found[0].ParentFolderId.UniqueId === del.Id.UniqueId, 'its ParentFolderId is Deletions');

  // Restore one with Move.
  const moved = await found[0].Move(new ews.FolderId(W.Inbox));
  check(!!moved && moved.Id.UniqueId !== found[0].Id.UniqueId, 'Item.Move to the Inbox gave a new ItemId');
  const back = await find(s, W.Inbox, subjects[0]);
  check(back.length === 1 && back[0].Id.UniqueId === moved.Id.UniqueId, 'the restored message is in the Inbox');
  check((await find(s, W.RecoverableItemsDeletions, subjects[0])).length === 0, 'and gone from Deletions');

  // Purge the other with a hard delete there.
  found = await find(s, W.RecoverableItemsDeletions, subjects[1]);
  check(found.length === 1, 'the other is still in Deletions');
  await found[0].Delete(ews.DeleteMode.HardDelete);
  check((await find(s, W.RecoverableItemsDeletions, subjects[1])).length === 0, 'Item.Delete(HardDelete) in Deletions purged it');

  // Empty Deletions.
  await back[0].Delete(ews.DeleteMode.SoftDelete);
  await del.Empty(ews.DeleteMode.HardDelete, false);
  const after = await ews.Folder.Bind(s, new ews.FolderId(W.RecoverableItemsDeletions));
  check(after.TotalCount === 0, 'Folder.Empty(HardDelete) of Deletions leaves TotalCount ' + after.TotalCount);
  const purges = await ews.Folder.Bind(s, new ews.FolderId(W.RecoverableItemsPurges));
  check(purges.TotalCount === 0, 'Purges is empty');

  console.log('ewsjs_recover: ' + passed() + ' steps passed');
}

main().catch((e) => {
  console.log('FAIL: ' + (e && (e.stack || e.message || e.toString())));
  process.exit(1);
});
