package ews_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/ews"
	"github.com/oxkit/oxkit/examples/memstore"
	"github.com/oxkit/oxkit/httpauth"
)

// Example serves GetFolder for the Inbox of a fresh mailbox. In a server
// the identity comes from Handler.Auth (or a middleware); here it is put
// in the context directly.
func Example() {
	st := memstore.New(nil)
	defer st.Close()
	st.CreateMailbox(context.Background(), "alice@example.com", nil)
	h := &ews.Handler{Store: st}

	body := `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"
	  xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"
	  xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
	 <s:Header><t:RequestServerVersion Version="Exchange2016"/></s:Header>
	 <s:Body><m:GetFolder>
	  <m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape>
	  <m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds>
	 </m:GetFolder></s:Body></s:Envelope>`
	req := httptest.NewRequest(http.MethodPost, "/EWS/Exchange.asmx", strings.NewReader(body))
	req = req.WithContext(httpauth.WithIdentity(req.Context(), httpauth.Identity{User: "alice@example.com"}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	doc := etree.NewDocument()
	doc.ReadFromBytes(rec.Body.Bytes())
	msg := doc.FindElement("//GetFolderResponseMessage")
	fmt.Println(rec.Code, msg.SelectAttrValue("ResponseClass", ""), msg.FindElement("ResponseCode").Text())
	fmt.Println(msg.FindElement(".//DisplayName").Text(), msg.FindElement(".//TotalCount").Text())
	// Output:
	// 200 Success NoError
	// Inbox 0
}
