// ews-javascript-api 0.15.3 against oxkit's EWS endpoint, the core beyond
// ewsjs_ews.js: streaming notifications (StreamingSubscriptionConnection:
// NewMail/Created/Modified, Close, the server ending the connection at
// its ConnectionTimeout), a weekly series with StartTimeZone across a DST
// change, contacts with addresses and phones, file attachments,
// SyncFolderItems and SyncFolderHierarchy, GetUserAvailability,
// Get/SetUserOofSettings, ResolveName with contact data, ConvertId.
// Usage: node ewsjs_core.js HTTPS_BASE
'use strict';
const { ews, base, check, service, passed } = require('./ewslib');
const tag = 'ewsjs-core-' + Date.now();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(cond, ms, what) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) {
      check(false, 'timed out waiting for ' + what);
    }
    await sleep(50);
  }
}
const utc = (y, mo, d, h, mi) => new ews.DateTime(Date.UTC(y, mo - 1, d, h, mi || 0));
const iso = (dt) => new Date(dt.TotalMilliSeconds).toISOString().replace('.000Z', 'Z');

async function findBySubject(s, folder, subject) {
  const r = await s.FindItems(folder, new ews.SearchFilter.IsEqualTo(ews.ItemSchema.Subject, subject), new ews.ItemView(10));
  return r.Items;
}

async function main() {
  const s1 = service('user1@example.com', 'secret');
  const s2 = service('user2@example.com', 'secret2');

  // --- Streaming notifications on user2's Inbox ---------------------------
  const ssub = await s2.SubscribeToStreamingNotifications([new ews.FolderId(ews.WellKnownFolderName.Inbox)],
    ews.EventType.NewMail, ews.EventType.Created, ews.EventType.Modified);
  check(!!ssub.Id, 'streaming subscription');
  const conn = new ews.StreamingSubscriptionConnection(s2, [ssub], 1);
  const events = [];
  const disconnects = [];
  const errors = [];
  conn.OnNotificationEvent.push((sender, args) => { for (const ev of args.Events) events.push(ev); });
  conn.OnDisconnect.push((sender, args) => disconnects.push(args));
  conn.OnSubscriptionError.push((sender, args) => errors.push(args));
  conn.Open().catch((e) => errors.push(e));

  const mail = new ews.EmailMessage(s1);
  mail.Subject = tag + ' streamed';
  mail.Body = new ews.MessageBody(ews.BodyType.Text, 'hello over a stream');
  mail.ToRecipients.Add('user2@example.com');
  await mail.SendAndSaveCopy();
  const got2 = await findBySubject(s2, ews.WellKnownFolderName.Inbox, tag + ' streamed');
  check(got2.length === 1, 'user2 received the message');
  const rid = got2[0].Id.UniqueId;
  const evKinds = () => events.map((e) => ews.EventType[e.EventType]);
  await until(() => events.some((e) => e.EventType === ews.EventType.NewMail), 10000, 'NewMail on the stream');
  check(conn.IsOpen, 'connection is open');
  const nm = events.find((e) => e.EventType === ews.EventType.NewMail);
  check(nm.ItemId && nm.ItemId.UniqueId === rid, 'NewMail carries the item id');
  check(events.some((e) => e.EventType === ews.EventType.Created && e.ItemId && e.ItemId.UniqueId === rid), 'Created carries the item id: ' + evKinds().join(','));
  // Read-flag change → Modified.
  const msg = await ews.EmailMessage.Bind(s2, got2[0].Id);
  const n0 = events.length;
  msg.IsRead = true;
  await msg.Update(ews.ConflictResolutionMode.AutoResolve);
  await until(() => events.slice(n0).some((e) => e.EventType === ews.EventType.Modified), 10000, 'Modified on the stream');
  const mod = events.slice(n0).find((e) => e.EventType === ews.EventType.Modified);
  check(mod.ItemId && mod.ItemId.UniqueId === rid, 'Modified after the read flag carries the item id');
  check(errors.length === 0, 'no subscription errors: ' + errors.map(String).join(';'));
  conn.Close();
  await until(() => disconnects.length === 1, 5000, 'OnDisconnect after Close');
  check(!disconnects[0].Exception, 'Close disconnects cleanly');
  check(!conn.IsOpen, 'connection closed');

  // A second connection is left open: the server ends it at its
  // ConnectionTimeout (1 minute) and the client sees a clean disconnect.
  const conn2 = new ews.StreamingSubscriptionConnection(s2, [ssub], 1);
  const disc2 = [];
  const errs2 = [];
  const ev2 = [];
  conn2.OnDisconnect.push((sender, args) => disc2.push({ args, at: Date.now() }));
  conn2.OnSubscriptionError.push((sender, args) => errs2.push(args));
  conn2.OnNotificationEvent.push((sender, args) => { for (const ev of args.Events) ev2.push(ev); });
  const opened2 = Date.now();
  conn2.Open().catch((e) => errs2.push(e));

  // --- A weekly series at 10:00 Berlin time across the DST change ---------
  const berlin = ews.TimeZoneInfo.FindSystemTimeZoneById('W. Europe Standard Time');
  check(berlin && berlin.Id === 'W. Europe Standard Time', 'time zone W. Europe Standard Time');
  const appt = new ews.Appointment(s1);
  appt.Subject = tag + ' weekly';
  appt.StartTimeZone = berlin;
  appt.EndTimeZone = berlin;
  appt.Start = utc(2030, 3, 25, 9, 0); // Monday 10:00 CET
  appt.End = utc(2030, 3, 25, 9, 30);
  appt.Location = 'Room 3';
  appt.Recurrence = new ews.Recurrence.WeeklyPattern(appt.Start, 1, [ews.DayOfTheWeek.Monday]);
  appt.Recurrence.NumberOfOccurrences = 3;
  await appt.Save(ews.WellKnownFolderName.Calendar, ews.SendInvitationsMode.SendToNone);
  check(!!appt.Id, 'series saved');
  const view = await s1.FindAppointments(ews.WellKnownFolderName.Calendar, new ews.CalendarView(utc(2030, 3, 20, 0), utc(2030, 4, 20, 0)));
  const occ = view.Items.filter((a) => a.Subject === tag + ' weekly').map((a) => iso(a.Start));
  // 10:00 local each Monday: 09:00Z before 31 March 2030, 08:00Z after.
  check(JSON.stringify(occ) === JSON.stringify(['2030-03-25T09:00:00Z', '2030-04-01T08:00:00Z', '2030-04-08T08:00:00Z']),
    'CalendarView keeps 10:00 local across DST: ' + occ.join(' '));
  const occItems = view.Items.filter((a) => a.Subject === tag + ' weekly');
  check(occItems.every((a) => a.AppointmentType === ews.AppointmentType.Occurrence), 'occurrences are Occurrence');
  const master = await ews.Appointment.Bind(s1, appt.Id, new ews.PropertySet(ews.BasePropertySet.FirstClassProperties,
    [ews.AppointmentSchema.Recurrence, ews.AppointmentSchema.StartTimeZone, ews.AppointmentSchema.AppointmentType]));
  check(master.AppointmentType === ews.AppointmentType.RecurringMaster, 'master is RecurringMaster');
  check(master.Recurrence instanceof ews.Recurrence.WeeklyPattern && master.Recurrence.NumberOfOccurrences === 3,
    'recurrence read back: ' + (master.Recurrence && master.Recurrence.constructor.name));
  check(master.StartTimeZone && master.StartTimeZone.Id === 'W. Europe Standard Time', 'StartTimeZone read back: ' + (master.StartTimeZone && master.StartTimeZone.Id));
  await master.Delete(ews.DeleteMode.HardDelete, ews.SendCancellationsMode.SendToNone);

  // --- Contacts --------------------------------------------------------------
  const c = new ews.Contact(s1);
  c.GivenName = 'Ann';
  c.Surname = 'Lee';
  c.FileAs = 'Lee, Ann';
  c.CompanyName = 'Acme';
  c.EmailAddresses._setItem(ews.EmailAddressKey.EmailAddress1, new ews.EmailAddress('ann@example.net'));
  c.PhoneNumbers._setItem(ews.PhoneNumberKey.MobilePhone, '+49 170 1234567');
  c.PhoneNumbers._setItem(ews.PhoneNumberKey.BusinessPhone, '+49 30 987654');
  const addr = new ews.PhysicalAddressEntry();
  addr.Street = 'Hauptstraße 5';
  addr.City = 'Berlin';
  addr.PostalCode = '10115';
  addr.CountryOrRegion = 'Germany';
  c.PhysicalAddresses._setItem(ews.PhysicalAddressKey.Business, addr);
  await c.Save(ews.WellKnownFolderName.Contacts);
  check(!!c.Id, 'contact saved');
  let gc = await ews.Contact.Bind(s1, c.Id);
  check(gc.GivenName === 'Ann' && gc.Surname === 'Lee' && gc.CompanyName === 'Acme', 'contact names read back');
  check(gc.EmailAddresses._getItem(ews.EmailAddressKey.EmailAddress1).Address === 'ann@example.net', 'contact email read back');
  check(gc.PhoneNumbers._getItem(ews.PhoneNumberKey.MobilePhone) === '+49 170 1234567' &&
    gc.PhoneNumbers._getItem(ews.PhoneNumberKey.BusinessPhone) === '+49 30 987654', 'contact phones read back');
  const ga = gc.PhysicalAddresses._getItem(ews.PhysicalAddressKey.Business);
  check(ga && ga.Street === 'Hauptstraße 5' && ga.City === 'Berlin' && ga.PostalCode === '10115' && ga.CountryOrRegion === 'Germany',
    'business address read back');
  gc.PhoneNumbers._setItem(ews.PhoneNumberKey.MobilePhone, '+49 170 7654321');
  const home = new ews.PhysicalAddressEntry();
  home.City = 'Potsdam';
  gc.PhysicalAddresses._setItem(ews.PhysicalAddressKey.Home, home);
  gc.JobTitle = 'Engineer';
  await gc.Update(ews.ConflictResolutionMode.AutoResolve);
  gc = await ews.Contact.Bind(s1, c.Id);
  check(gc.PhoneNumbers._getItem(ews.PhoneNumberKey.MobilePhone) === '+49 170 7654321', 'phone updated');
  check(gc.PhysicalAddresses._getItem(ews.PhysicalAddressKey.Home).City === 'Potsdam', 'home address added');
  check(gc.PhysicalAddresses._getItem(ews.PhysicalAddressKey.Business).City === 'Berlin', 'business address kept');
  check(gc.JobTitle === 'Engineer', 'job title updated');
  await gc.Delete(ews.DeleteMode.HardDelete);

  // --- File attachments --------------------------------------------------------
  const bytes = Buffer.alloc(5000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
  const draft = new ews.EmailMessage(s1);
  draft.Subject = tag + ' attach';
  draft.Body = new ews.MessageBody(ews.BodyType.Text, 'files');
  const fa = draft.Attachments.AddFileAttachment('Bild ü.bin', bytes.toString('base64'));
  fa.ContentId = 'img1@ewsjs';
  draft.Attachments.AddFileAttachment('two.txt', Buffer.from('second').toString('base64'));
  await draft.Save(ews.WellKnownFolderName.Drafts);
  let d = await ews.EmailMessage.Bind(s1, draft.Id, new ews.PropertySet(ews.BasePropertySet.FirstClassProperties, [ews.ItemSchema.Attachments]));
  check(d.HasAttachments && d.Attachments.Count === 2, 'two attachments listed: ' + d.Attachments.Count);
  const first = d.Attachments._getItem(0);
  check(first.Name === 'Bild ü.bin' && first.ContentId === 'img1@ewsjs', 'name and content id: ' + first.Name + ' ' + first.ContentId);
  await first.Load();
  check(Buffer.from(first.Base64Content, 'base64').equals(bytes), 'FileAttachment.Load content byte-exact');
  d.Attachments.Remove(d.Attachments._getItem(1));
  await d.Update(ews.ConflictResolutionMode.AlwaysOverwrite);
  d = await ews.EmailMessage.Bind(s1, draft.Id, new ews.PropertySet(ews.BasePropertySet.FirstClassProperties, [ews.ItemSchema.Attachments]));
  check(d.Attachments.Count === 1 && d.Attachments._getItem(0).Name === 'Bild ü.bin', 'attachment deleted');
  d.Attachments.AddFileAttachment('three.txt', Buffer.from('third').toString('base64'));
  await d.Update(ews.ConflictResolutionMode.AlwaysOverwrite);
  d = await ews.EmailMessage.Bind(s1, draft.Id, new ews.PropertySet(ews.BasePropertySet.FirstClassProperties, [ews.ItemSchema.Attachments]));
  check(d.Attachments.Count === 2, 'attachment added to a saved item');
  await d.Delete(ews.DeleteMode.HardDelete);

  // --- SyncFolderItems and SyncFolderHierarchy ------------------------------
  const folder = new ews.Folder(s1);
  folder.DisplayName = tag + ' sync';
  await folder.Save(ews.WellKnownFolderName.Inbox);
  const fid = folder.Id;
  let ch = await s1.SyncFolderItems(fid, ews.PropertySet.FirstClassProperties, null, 100, ews.SyncFolderItemsScope.NormalItems, null);
  check(ch.Count === 0 && !ch.MoreChangesAvailable && !!ch.SyncState, 'initial item sync is empty');
  let state = ch.SyncState;
  const m1 = new ews.EmailMessage(s1);
  m1.Subject = tag + ' s1';
  m1.Body = new ews.MessageBody(ews.BodyType.Text, 'b');
  m1.IsRead = false;
  await m1.Save(fid);
  ch = await s1.SyncFolderItems(fid, ews.PropertySet.FirstClassProperties, null, 100, ews.SyncFolderItemsScope.NormalItems, state);
  check(ch.Count === 1 && ch._getItem(0).ChangeType === ews.ChangeType.Create && ch._getItem(0).ItemId.UniqueId === m1.Id.UniqueId,
    'sync: Create');
  check(ch._getItem(0).Item.Subject === tag + ' s1', 'sync Create carries the subject');
  state = ch.SyncState;
  const m1b = await ews.EmailMessage.Bind(s1, m1.Id);
  m1b.IsRead = true;
  await m1b.Update(ews.ConflictResolutionMode.AutoResolve);
  ch = await s1.SyncFolderItems(fid, ews.PropertySet.FirstClassProperties, null, 100, ews.SyncFolderItemsScope.NormalItems, state);
  check(ch.Count === 1 && ch._getItem(0).ChangeType === ews.ChangeType.ReadFlagChange && ch._getItem(0).IsRead === true,
    'sync: ReadFlagChange (' + (ch.Count && ews.ChangeType[ch._getItem(0).ChangeType]) + ')');
  state = ch.SyncState;
  await m1b.Delete(ews.DeleteMode.HardDelete);
  ch = await s1.SyncFolderItems(fid, ews.PropertySet.FirstClassProperties, null, 100, ews.SyncFolderItemsScope.NormalItems, state);
  check(ch.Count === 1 && ch._getItem(0).ChangeType === ews.ChangeType.Delete && ch._getItem(0).ItemId.UniqueId === m1.Id.UniqueId, 'sync: Delete');

  let hch = await s1.SyncFolderHierarchy(new ews.FolderId(ews.WellKnownFolderName.MsgFolderRoot), ews.PropertySet.FirstClassProperties, null);
  const names = [];
  for (let i = 0; i < hch.Count; i++) names.push(hch._getItem(i).Folder && hch._getItem(i).Folder.DisplayName);
  check(names.includes('Inbox') && names.includes(tag + ' sync'), 'initial hierarchy sync lists the folders');
  let hstate = hch.SyncState;
  folder.DisplayName = tag + ' renamed';
  await folder.Update();
  hch = await s1.SyncFolderHierarchy(new ews.FolderId(ews.WellKnownFolderName.MsgFolderRoot), ews.PropertySet.FirstClassProperties, hstate);
  check(hch.Count === 1 && hch._getItem(0).ChangeType === ews.ChangeType.Update && hch._getItem(0).Folder.DisplayName === tag + ' renamed',
    'hierarchy: Update');
  hstate = hch.SyncState;
  await folder.Delete(ews.DeleteMode.HardDelete);
  hch = await s1.SyncFolderHierarchy(new ews.FolderId(ews.WellKnownFolderName.MsgFolderRoot), ews.PropertySet.FirstClassProperties, hstate);
  check(hch.Count === 1 && hch._getItem(0).ChangeType === ews.ChangeType.Delete && hch._getItem(0).FolderId.UniqueId === fid.UniqueId,
    'hierarchy: Delete');

  // --- GetUserAvailability ------------------------------------------------------
  const busy = new ews.Appointment(s2);
  busy.Subject = tag + ' busy';
  busy.Start = utc(2031, 6, 3, 12, 0);
  busy.End = utc(2031, 6, 3, 13, 30);
  busy.LegacyFreeBusyStatus = ews.LegacyFreeBusyStatus.Busy;
  await busy.Save(ews.WellKnownFolderName.Calendar, ews.SendInvitationsMode.SendToNone);
  const opts = new ews.AvailabilityOptions();
  opts.RequestedFreeBusyView = ews.FreeBusyViewType.Detailed;
  const av = await s1.GetUserAvailability([new ews.AttendeeInfo('user2@example.com')],
    new ews.TimeWindow(utc(2031, 6, 3, 0), utc(2031, 6, 4, 0)), ews.AvailabilityData.FreeBusy, opts);
  const aa = av.AttendeesAvailability.__thisIndexer(0);
  check(aa.ErrorCode === ews.ServiceError.NoError, 'availability answered: ' + ews.ServiceError[aa.ErrorCode]);
  const cev = aa.CalendarEvents.filter((e) => e.Details && e.Details.Subject === tag + ' busy');
  check(cev.length === 1 && cev[0].FreeBusyStatus === ews.LegacyFreeBusyStatus.Busy, 'busy event seen');
  check(iso(cev[0].StartTime) === '2031-06-03T12:00:00Z' && iso(cev[0].EndTime) === '2031-06-03T13:30:00Z',
    'busy event times: ' + iso(cev[0].StartTime) + ' ' + iso(cev[0].EndTime));
  await busy.Delete(ews.DeleteMode.HardDelete);

  // --- Out of office -----------------------------------------------------------
  const oof0 = await s2.GetUserOofSettings('user2@example.com');
  check(oof0.State === ews.OofState.Disabled, 'OOF disabled at first: ' + ews.OofState[oof0.State]);
  const oof = new ews.OofSettings();
  oof.State = ews.OofState.Scheduled;
  oof.ExternalAudience = ews.OofExternalAudience.Known;
  const from = Math.floor(Date.now() / 60000) * 60000 + 86400000;
  oof.Duration = new ews.TimeWindow(new ews.DateTime(from), new ews.DateTime(from + 3 * 86400000));
  oof.InternalReply = new ews.OofReply('Away until Thursday');
  oof.ExternalReply = new ews.OofReply('Away');
  await s2.SetUserOofSettings('user2@example.com', oof);
  const oof1 = await s2.GetUserOofSettings('user2@example.com');
  check(oof1.State === ews.OofState.Scheduled && oof1.ExternalAudience === ews.OofExternalAudience.Known, 'OOF scheduled, audience Known');
  check(oof1.Duration && oof1.Duration.StartTime.TotalMilliSeconds === from && oof1.Duration.EndTime.TotalMilliSeconds === from + 3 * 86400000,
    'OOF duration read back: ' + (oof1.Duration && iso(oof1.Duration.StartTime)));
  check(oof1.InternalReply.Message === 'Away until Thursday' && oof1.ExternalReply.Message === 'Away', 'OOF replies read back');
  oof1.State = ews.OofState.Disabled;
  await s2.SetUserOofSettings('user2@example.com', oof1);
  check((await s2.GetUserOofSettings('user2@example.com')).State === ews.OofState.Disabled, 'OOF disabled again');

  // --- ResolveName with contact data, ConvertId --------------------------------
  const res = await s1.ResolveName('user2', ews.ResolveNameSearchLocation.DirectoryOnly, true);
  check(res.Count === 1 && res._getItem(0).Mailbox.Address === 'user2@example.com', 'ResolveName');
  const rc = res._getItem(0).Contact;
  check(rc && rc.DisplayName === 'User Two', 'ResolveName contact data: ' + (rc && rc.DisplayName));
  const hex = await s2.ConvertId(new ews.AlternateId(ews.IdFormat.EwsId, got2[0].Id.UniqueId, 'user2@example.com'), ews.IdFormat.HexEntryId);
  check(/^[0-9A-F]+$/.test(hex.UniqueId) && hex.Format === ews.IdFormat.HexEntryId, 'ConvertId to HexEntryId: ' + hex.UniqueId.slice(0, 16));
  const back = await s2.ConvertId(new ews.AlternateId(ews.IdFormat.HexEntryId, hex.UniqueId, 'user2@example.com'), ews.IdFormat.EwsId);
  check(back.UniqueId === got2[0].Id.UniqueId, 'ConvertId back to EwsId');

  // --- The second stream ends at its ConnectionTimeout -------------------------
  const m2 = new ews.EmailMessage(s1);
  m2.Subject = tag + ' second stream';
  m2.Body = new ews.MessageBody(ews.BodyType.Text, 'x');
  m2.ToRecipients.Add('user2@example.com');
  await m2.SendAndSaveCopy();
  await until(() => ev2.some((e) => e.EventType === ews.EventType.NewMail), 10000, 'NewMail on the second stream');
  check(true, 'second stream delivers events');
  await until(() => disc2.length > 0, 90000, 'the server to end the stream');
  const secs = (disc2[0].at - opened2) / 1000;
  check(secs >= 55 && secs <= 80, 'stream ended at the 1-minute ConnectionTimeout (' + secs.toFixed(1) + 's)');
  check(!disc2[0].args.Exception, 'OnDisconnect without an exception');
  check(errs2.length === 0, 'no errors on the second stream');
  await ssub.Unsubscribe();

  console.log(`ews-javascript-api core: ${passed()} passed, 0 failed`);
  process.exit(0);
}

main().catch((e) => {
  console.log('FAIL: ' + (e && (e.stack || e.message || e)));
  process.exit(1);
});
