// ews-javascript-api 0.15.3 against oxkit's EWS endpoint: delegates
// (AddDelegates, GetDelegates, UpdateDelegates, RemoveDelegates) and
// what they let the delegate do in the owner's mailbox, plus a folder
// permission set with Folder.Permissions.
// Usage: node ewsjs_delegates.js HTTPS_BASE
'use strict';
const { ews, base, check, service, passed } = require('./ewslib');

// errorCode returns the EWS error of a failed call, '' if it succeeded.
async function errorCode(p) {
  try {
    await p;
    return '';
  } catch (e) {
    return e.ErrorCode !== undefined ? ews.ServiceError[e.ErrorCode] : String(e.message || e);
  }
}

const user1 = 'user1@example.com';
const user2 = 'user2@example.com';
const L = ews.DelegateFolderPermissionLevel;

async function main() {
  const s1 = service(user1, 'secret');
  const s2 = service(user2, 'secret2');
  const boss = new ews.Mailbox(user1);
  const bossCalendar = new ews.FolderId(ews.WellKnownFolderName.Calendar, boss);

  // Before: no delegates; user2 cannot open user1's calendar.
  let info = await s1.GetDelegates(boss, true);
  check(info.DelegateUserResponses.length === 0, 'no delegates at first');
  check(await errorCode(ews.Folder.Bind(s2, bossCalendar)) === 'ErrorAccessDenied', 'calendar refused before');

  // AddDelegates: Editor on the calendar, Reviewer on the inbox.
  const d = new ews.DelegateUser(user2);
  d.Permissions.CalendarFolderPermissionLevel = L.Editor;
  d.Permissions.InboxFolderPermissionLevel = L.Reviewer;
  d.ReceiveCopiesOfMeetingMessages = true;
  d.ViewPrivateItems = false;
  let res = await s1.AddDelegates(boss, ews.MeetingRequestsDeliveryScope.DelegatesAndMe, d);
  check(res.length === 1 && res[0].Result === ews.ServiceResult.Success, 'AddDelegates succeeded');
  res = await s1.AddDelegates(boss, null, new ews.DelegateUser(user2));
  check(res.length === 1 && res[0].Result === ews.ServiceResult.Error && ews.ServiceError[res[0].ErrorCode] === 'ErrorDelegateAlreadyExists',
    'adding again: ErrorDelegateAlreadyExists');

  info = await s1.GetDelegates(boss, true);
  check(info.DelegateUserResponses.length === 1, 'GetDelegates: one delegate');
  let du = info.DelegateUserResponses[0].DelegateUser;
  check(du.UserId.PrimarySmtpAddress === user2, 'delegate is ' + du.UserId.PrimarySmtpAddress);
  check(du.Permissions.CalendarFolderPermissionLevel === L.Editor, 'calendar level Editor');
  check(du.Permissions.InboxFolderPermissionLevel === L.Reviewer, 'inbox level Reviewer');
  check(du.Permissions.TasksFolderPermissionLevel === L.None, 'tasks level None');
  check(du.ReceiveCopiesOfMeetingMessages === true && du.ViewPrivateItems === false, 'flags read back');
  check(info.MeetingRequestsDeliveryScope === ews.MeetingRequestsDeliveryScope.DelegatesAndMe, 'DeliverMeetingRequests DelegatesAndMe');

  // The delegate works in the owner's calendar.
  const cal = await ews.Folder.Bind(s2, bossCalendar);
  check(cal.DisplayName === 'Calendar', 'delegate binds the calendar: ' + cal.DisplayName);
  const appt = new ews.Appointment(s2);
  appt.Subject = 'booked by the delegate';
  appt.Start = new ews.DateTime('2031-03-04T09:00:00Z');
  appt.End = new ews.DateTime('2031-03-04T10:00:00Z');
  await appt.Save(bossCalendar, ews.SendInvitationsMode.SendToNone);
  check(appt.Id && appt.Id.UniqueId, 'delegate created an appointment in the owner\'s calendar');
  const seen = await s1.FindItems(ews.WellKnownFolderName.Calendar, new ews.ItemView(50));
  check(seen.Items.some((i) => i.Subject === 'booked by the delegate'), 'the owner sees it');
  check(await errorCode(ews.Folder.Bind(s2, new ews.FolderId(ews.WellKnownFolderName.Tasks, boss))) === 'ErrorAccessDenied',
    'tasks still refused');
  const inbox = await ews.Folder.Bind(s2, new ews.FolderId(ews.WellKnownFolderName.Inbox, boss));
  check(inbox.DisplayName === 'Inbox', 'delegate binds the inbox (Reviewer)');
  const m = new ews.EmailMessage(s2);
  m.Subject = 'not allowed';
  check(await errorCode(m.Save(new ews.FolderId(ews.WellKnownFolderName.Inbox, boss))) === 'ErrorAccessDenied',
    'reviewer cannot create in the inbox');

  // UpdateDelegates: the calendar becomes read-only.
  const u = new ews.DelegateUser(user2);
  u.Permissions.CalendarFolderPermissionLevel = L.Reviewer;
  u.Permissions.InboxFolderPermissionLevel = L.Reviewer;
  u.ViewPrivateItems = true;
  res = await s1.UpdateDelegates(boss, ews.MeetingRequestsDeliveryScope.DelegatesOnly, u);
  check(res.length === 1 && res[0].Result === ews.ServiceResult.Success, 'UpdateDelegates succeeded');
  info = await s1.GetDelegates(boss, true, new ews.UserId(user2));
  du = info.DelegateUserResponses[0].DelegateUser;
  check(du.Permissions.CalendarFolderPermissionLevel === L.Reviewer && du.ViewPrivateItems === true, 'update read back');
  check(info.MeetingRequestsDeliveryScope === ews.MeetingRequestsDeliveryScope.DelegatesOnly, 'DeliverMeetingRequests DelegatesOnly');
  const appt2 = new ews.Appointment(s2);
  appt2.Subject = 'refused';
  appt2.Start = new ews.DateTime('2031-03-05T09:00:00Z');
  appt2.End = new ews.DateTime('2031-03-05T10:00:00Z');
  check(await errorCode(appt2.Save(bossCalendar, ews.SendInvitationsMode.SendToNone)) === 'ErrorAccessDenied',
    'reviewer cannot create in the calendar');

  // RemoveDelegates.
  res = await s1.RemoveDelegates(boss, new ews.UserId(user2));
  check(res.length === 1 && res[0].Result === ews.ServiceResult.Success, 'RemoveDelegates succeeded');
  res = await s1.RemoveDelegates(boss, new ews.UserId(user2));
  check(res[0].Result === ews.ServiceResult.Error && ews.ServiceError[res[0].ErrorCode] === 'ErrorNotDelegate', 'removing again: ErrorNotDelegate');
  info = await s1.GetDelegates(boss, true);
  check(info.DelegateUserResponses.length === 0, 'no delegates after removal');
  check(await errorCode(ews.Folder.Bind(s2, bossCalendar)) === 'ErrorAccessDenied', 'calendar refused after removal');

  // A folder permission set through Folder.Permissions.
  const shared = new ews.Folder(s1);
  shared.DisplayName = 'ewsjs shared';
  await shared.Save(ews.WellKnownFolderName.Inbox);
  const props = new ews.PropertySet(ews.BasePropertySet.FirstClassProperties, [ews.FolderSchema.Permissions]);
  let f = await ews.Folder.Bind(s1, shared.Id, props);
  check(f.Permissions.Count === 2, 'new folder: Default and Anonymous rows (' + f.Permissions.Count + ')');
  f.Permissions.Add(new ews.FolderPermission(user2, ews.FolderPermissionLevel.Author));
  await f.Update();
  f = await ews.Folder.Bind(s1, shared.Id, props);
  const rows = f.Permissions.Items.filter((p) => p.UserId && p.UserId.PrimarySmtpAddress === user2);
  // ews-javascript-api keeps the parsed level as the enum's number in a string.
  check(rows.length === 1 && Number(rows[0].PermissionLevel) === ews.FolderPermissionLevel.Author, 'permission read back as Author');
  const other = await ews.Folder.Bind(s2, shared.Id);
  check(other.DisplayName === 'ewsjs shared', 'user2 binds the shared folder by its ID');
  const note = new ews.EmailMessage(s2);
  note.Subject = 'left by user2';
  await note.Save(shared.Id);
  const items = await s1.FindItems(shared.Id, new ews.ItemView(10));
  check(items.Items.length === 1 && items.Items[0].Subject === 'left by user2', 'the owner sees the item user2 created');
  await shared.Delete(ews.DeleteMode.HardDelete);

  console.log('ewsjs delegates: ' + passed() + ' steps passed');
}

main().catch((e) => {
  console.log('FAIL: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
