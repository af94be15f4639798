package ews

import (
	"strings"
	"unicode"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// User configurations ([MS-OXWSUSRCFG]): CreateUserConfiguration,
// GetUserConfiguration, UpdateUserConfiguration and
// DeleteUserConfiguration over the configuration messages of
// [MS-OXOCFG]: an associated (FAI) message of class
// IPM.Configuration.<Name> in the folder, with the Dictionary in
// PidTagRoamingDictionary (see userconfig_dict.go), XmlData in
// PidTagRoamingXmlStream, BinaryData in 0x7C09 (PtypBinary) and
// PidTagRoamingDatatypes saying which of them are present.

// User configuration properties ([MS-OXOCFG] 2.2.2).
var (
	pidTagRoamingXMLStream  = mapi.PidTagRoamingXmlStream              // 2.2.2.3
	pidTagRoamingBinaryData = mapi.NewPropTag(0x7C09, mapi.PtypBinary) // PidTagRoamingBinary
	pidTagRoamingDictionary = mapi.PidTagRoamingDictionary             // 2.2.2.2
	pidTagRoamingDatatypes  = mapi.PidTagRoamingDatatypes              // 2.2.2.1
)

// PidTagRoamingDatatypes bits ([MS-OXOCFG] 2.2.2.1).
const (
	roamingBinary     = 0x00000001
	roamingXMLStream  = 0x00000002
	roamingDictionary = 0x00000004
)

// maxUserConfigName bounds a configuration name: the message class
// IPM.Configuration.<Name> stays within 255 characters.
const maxUserConfigName = 255 - len("IPM.Configuration.")

// userConfigName reads a UserConfigurationName: the Name and the folder.
func (c *call) userConfigName(un *etree.Element) (string, *etree.Element, error) {
	if un == nil {
		return "", nil, &Fault{Code: ErrorSchemaValidation, Message: "UserConfigurationName is required."}
	}
	name := attr(un, "Name")
	ids := folderIDList(un)
	if name == "" || len(ids) != 1 {
		return "", nil, &Fault{Code: ErrorSchemaValidation, Message: "UserConfigurationName needs a Name and a folder."}
	}
	return name, ids[0], nil
}

// validConfigName reports whether name can name a configuration: not too
// long, no control or space characters (it becomes part of a message
// class).
func validConfigName(name string) bool {
	if len(name) > maxUserConfigName {
		return false
	}
	for _, r := range name {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// configRow is a configuration message found in a folder.
type configRow struct {
	mid   store.MID
	props []mapi.PropValue
}

func (c *call) findConfig(mb store.Mailbox, fid store.FID, cfgName string) (*configRow, error) {
	t, ok := mb.(store.Tables)
	if !ok {
		return nil, store.ErrNotFound
	}
	cls := "IPM.Configuration." + cfgName
	r, err := t.QueryMessages(c.ctx, fid, &store.Query{
		Associated:  true,
		Restriction: mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzyFullString, FuzzyLevelHigh: mapi.FuzzyIgnoreCase, PropTag: mapi.PidTagMessageClass, Value: mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: cls}},
		Columns:     []mapi.PropTag{mapi.PidTagChangeKey, pidTagRoamingXMLStream, pidTagRoamingBinaryData, pidTagRoamingDictionary},
		Limit:       1,
	})
	if err != nil {
		return nil, err
	}
	if len(r.Rows) == 0 {
		return nil, errorf(ErrorItemNotFound, "The specified object was not found in the store.")
	}
	return &configRow{mid: r.Rows[0].Message, props: r.Rows[0].Props}, nil
}

// getUserConfiguration implements GetUserConfiguration ([MS-OXWSUSRCFG]
// 3.1.4.3) with UserConfigurationProperties Id, Dictionary, XmlData,
// BinaryData and All. A missing configuration is ErrorItemNotFound, as
// in Exchange.
func (c *call) getUserConfiguration() error {
	body := c.req.Body
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	cfgName, folder, err := c.userConfigName(child(body, "UserConfigurationName"))
	if err != nil {
		return err
	}
	props := strings.Fields(childText(body, "UserConfigurationProperties"))
	if len(props) == 0 {
		return &Fault{Code: ErrorSchemaValidation, Message: "UserConfigurationProperties is required."}
	}
	want := map[string]bool{}
	for _, p := range props {
		switch p {
		case "Id", "Dictionary", "XmlData", "BinaryData":
			want[p] = true
		case "All":
			want["Id"], want["Dictionary"], want["XmlData"], want["BinaryData"] = true, true, true, true
		default:
			return &Fault{Code: ErrorSchemaValidation, Message: "UserConfigurationProperties value " + p + " is not valid."}
		}
	}
	const name = "GetUserConfigurationResponseMessage"
	c.responseStart("GetUserConfiguration")
	defer c.responseEnd("GetUserConfiguration")
	fid, err := c.resolveFolder(folder)
	if err != nil {
		c.msgError(name, err, ErrorFolderNotFound)
		return nil
	}
	row, err := c.findConfig(mb, fid, cfgName)
	if err != nil {
		c.msgError(name, err, ErrorItemNotFound)
		return nil
	}
	var dict []dictEntry
	if want["Dictionary"] {
		if b, ok := getBytes(row.props, pidTagRoamingDictionary); ok {
			if dict, err = unmarshalRoamingDictionary(b); err != nil {
				c.msgError(name, &Error{Code: codeCorruptData, Message: "The stored dictionary is corrupt.", Err: err}, ErrorItemNotFound)
				return nil
			}
		}
	}
	c.msgStart(name)
	c.w.raw(`<m:UserConfiguration><t:UserConfigurationName Name="`)
	c.w.attr(cfgName)
	c.w.raw(`">`)
	if folder.Tag == "DistinguishedFolderId" {
		// Echoed as named: its Id is a distinguished name, not an ID.
		c.w.raw(`<t:DistinguishedFolderId Id="`)
		c.w.attr(attr(folder, "Id"))
		c.w.raw(`"/>`)
	} else {
		c.writeFolderID("t:FolderId", fid, nil)
	}
	c.w.raw(`</t:UserConfigurationName>`)
	if want["Id"] {
		ck, _ := getBytes(row.props, mapi.PidTagChangeKey)
		c.writeItemID("t:ItemId", row.mid, fid, ck)
	}
	if dict != nil {
		c.writeDictionary(dict)
	}
	if v, ok := getBytes(row.props, pidTagRoamingXMLStream); ok && want["XmlData"] {
		c.w.elemBase64("t:XmlData", v)
	}
	if v, ok := getBytes(row.props, pidTagRoamingBinaryData); ok && want["BinaryData"] {
		c.w.elemBase64("t:BinaryData", v)
	}
	c.w.raw(`</m:UserConfiguration>`)
	c.msgEnd(name)
	return nil
}

// configChange is the content of a t:UserConfiguration in a create or
// update request: for each of the three data properties, whether it was
// given and its value (nil: remove).
type configChange struct {
	name                string
	folder              *etree.Element
	hasDict, hasXML     bool
	hasBinary           bool
	dict                []dictEntry
	xmlData, binaryData []byte
}

// parseUserConfiguration reads a t:UserConfiguration element of
// CreateUserConfiguration or UpdateUserConfiguration. Invalid content
// is an *Error for the response message.
func (c *call) parseUserConfiguration(uc *etree.Element) (*configChange, error) {
	if uc == nil {
		return nil, &Fault{Code: ErrorSchemaValidation, Message: "UserConfiguration is required."}
	}
	name, folder, err := c.userConfigName(child(uc, "UserConfigurationName"))
	if err != nil {
		return nil, err
	}
	ch := &configChange{name: name, folder: folder}
	if d := child(uc, "Dictionary"); d != nil {
		ch.hasDict = true
		if ch.dict, err = parseDictionary(d); err != nil {
			return ch, &Error{Code: ErrorInvalidRequest, Message: err.Error(), Err: err}
		}
	}
	for _, f := range []struct {
		name string
		has  *bool
		dst  *[]byte
	}{{"XmlData", &ch.hasXML, &ch.xmlData}, {"BinaryData", &ch.hasBinary, &ch.binaryData}} {
		e := child(uc, f.name)
		if e == nil {
			continue
		}
		*f.has = true
		b, err := base64StdDecode(strings.TrimSpace(e.Text()))
		if err != nil {
			return ch, errorf(ErrorInvalidRequest, "%s is not valid base64.", f.name)
		}
		*f.dst = b
	}
	return ch, nil
}

// configProps returns the properties that store ch, and the tags to
// remove (properties given empty).
func (ch *configChange) configProps(datatypes int32) ([]mapi.PropValue, []mapi.PropTag, int32) {
	var set []mapi.PropValue
	var remove []mapi.PropTag
	apply := func(has bool, tag mapi.PropTag, v []byte, bit int32) {
		if !has {
			return
		}
		if len(v) == 0 {
			remove = append(remove, tag)
			datatypes &^= bit
			return
		}
		set = append(set, mapi.PropValue{Tag: tag, Value: v})
		datatypes |= bit
	}
	var dict []byte
	if ch.hasDict {
		dict = marshalRoamingDictionary(ch.dict)
	}
	apply(ch.hasDict, pidTagRoamingDictionary, dict, roamingDictionary)
	apply(ch.hasXML, pidTagRoamingXMLStream, ch.xmlData, roamingXMLStream)
	apply(ch.hasBinary, pidTagRoamingBinaryData, ch.binaryData, roamingBinary)
	set = append(set, mapi.PropValue{Tag: pidTagRoamingDatatypes, Value: datatypes})
	return set, remove, datatypes
}

// createUserConfiguration implements CreateUserConfiguration
// ([MS-OXWSUSRCFG] 3.1.4.1). A configuration of that name in the folder
// already is ErrorItemSave.
func (c *call) createUserConfiguration() error {
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	ch, perr := c.parseUserConfiguration(child(c.req.Body, "UserConfiguration"))
	if f, ok := perr.(*Fault); ok {
		return f
	}
	const name = "CreateUserConfigurationResponseMessage"
	c.responseStart("CreateUserConfiguration")
	defer c.responseEnd("CreateUserConfiguration")
	if perr != nil {
		c.msgError(name, perr, ErrorItemNotFound)
		return nil
	}
	if !validConfigName(ch.name) {
		c.msgError(name, errorf(ErrorInvalidRequest, "The user configuration name is not valid."), ErrorItemNotFound)
		return nil
	}
	fid, err := c.resolveFolder(ch.folder)
	if err != nil {
		c.msgError(name, err, ErrorFolderNotFound)
		return nil
	}
	if _, err := c.findConfig(mb, fid, ch.name); err == nil {
		c.msgError(name, errorf(ErrorItemSave, "A user configuration object with the name %q already exists in the folder.", ch.name), ErrorItemNotFound)
		return nil
	}
	set, _, _ := ch.configProps(0)
	set = append(set, mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: "IPM.Configuration." + ch.name})
	if _, err := mb.CreateMessage(c.ctx, fid, &store.Message{Associated: true, Read: true, Props: set}); err != nil {
		c.msgError(name, err, ErrorFolderNotFound)
		return nil
	}
	c.msgStart(name)
	c.msgEnd(name)
	return nil
}

// updateUserConfiguration implements UpdateUserConfiguration
// ([MS-OXWSUSRCFG] 3.1.4.4): the Dictionary, XmlData and BinaryData the
// request carries replace the stored ones (an empty XmlData or BinaryData
// removes it); those it leaves out are kept.
func (c *call) updateUserConfiguration() error {
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	ch, perr := c.parseUserConfiguration(child(c.req.Body, "UserConfiguration"))
	if f, ok := perr.(*Fault); ok {
		return f
	}
	const name = "UpdateUserConfigurationResponseMessage"
	c.responseStart("UpdateUserConfiguration")
	defer c.responseEnd("UpdateUserConfiguration")
	if perr != nil {
		c.msgError(name, perr, ErrorItemNotFound)
		return nil
	}
	fid, err := c.resolveFolder(ch.folder)
	if err != nil {
		c.msgError(name, err, ErrorFolderNotFound)
		return nil
	}
	row, err := c.findConfig(mb, fid, ch.name)
	if err != nil {
		c.msgError(name, err, ErrorItemNotFound)
		return nil
	}
	cur, err := mb.Message(c.ctx, row.mid, &store.MessageOptions{Tags: []mapi.PropTag{pidTagRoamingDatatypes}})
	if err != nil {
		c.msgError(name, err, ErrorItemNotFound)
		return nil
	}
	dt, _ := getInt(cur.Props, pidTagRoamingDatatypes)
	set, remove, _ := ch.configProps(int32(dt))
	if _, err := mb.UpdateMessage(c.ctx, row.mid, &store.MessageUpdate{Set: set, Remove: remove}); err != nil {
		c.msgError(name, err, ErrorItemNotFound)
		return nil
	}
	c.msgStart(name)
	c.msgEnd(name)
	return nil
}

// deleteUserConfiguration implements DeleteUserConfiguration
// ([MS-OXWSUSRCFG] 3.1.4.2): the configuration message is deleted hard.
func (c *call) deleteUserConfiguration() error {
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	cfgName, folder, err := c.userConfigName(child(c.req.Body, "UserConfigurationName"))
	if err != nil {
		return err
	}
	const name = "DeleteUserConfigurationResponseMessage"
	c.responseStart("DeleteUserConfiguration")
	defer c.responseEnd("DeleteUserConfiguration")
	fid, err := c.resolveFolder(folder)
	if err != nil {
		c.msgError(name, err, ErrorFolderNotFound)
		return nil
	}
	row, err := c.findConfig(mb, fid, cfgName)
	if err == nil {
		var done []store.MID
		done, err = mb.DeleteMessages(c.ctx, fid, []store.MID{row.mid}, &store.DeleteOptions{Hard: true})
		if err == nil && len(done) == 0 {
			err = store.ErrNotFound
		}
	}
	if err != nil {
		c.msgError(name, err, ErrorItemNotFound)
		return nil
	}
	c.msgStart(name)
	c.msgEnd(name)
	return nil
}
