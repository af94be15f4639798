package autodiscover_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/oxkit/oxkit/autodiscover"
)

// A server announcing EWS and ActiveSync for one user, and the client side
// reading it back.
func Example() {
	settings := &autodiscover.Static{
		Endpoints: autodiscover.Services{
			Hostname:   "mail.example.com",
			EWS:        "https://mail.example.com/EWS/Exchange.asmx",
			ActiveSync: "https://mail.example.com/Microsoft-Server-ActiveSync",
		},
		Find: func(_ context.Context, email string) (*autodiscover.User, error) {
			if !strings.EqualFold(email, "alice@example.com") {
				return nil, autodiscover.ErrUnknownUser
			}
			return &autodiscover.User{DisplayName: "Alice", Email: "alice@example.com"}, nil
		},
	}
	srv := httptest.NewTLSServer(&autodiscover.Handler{Settings: settings})
	defer srv.Close()

	c := &autodiscover.Client{HTTP: srv.Client()}
	resp, err := c.POX(context.Background(), srv.URL+"/autodiscover/autodiscover.xml",
		"alice@example.com", autodiscover.NSOutlookResponse, false)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.DisplayName, resp.Protocol("EXPR").EwsUrl)

	mobile, _ := c.POX(context.Background(), srv.URL+"/autodiscover/autodiscover.xml",
		"alice@example.com", autodiscover.NSMobileSyncResponse, false)
	fmt.Println(mobile.MobileSyncURL)
	// Output:
	// Alice https://mail.example.com/EWS/Exchange.asmx
	// https://mail.example.com/Microsoft-Server-ActiveSync
}
