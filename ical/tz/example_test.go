package tz_test

import (
	"fmt"
	"time"

	"github.com/oxkit/oxkit/ical/tz"
)

func ExampleFromLocation() {
	loc, _ := time.LoadLocation("America/New_York")
	r := tz.FromLocation(loc, 2025)
	win, _ := tz.IANAToWindows(loc.String())
	fmt.Println(win)
	fmt.Println(r)
	z := tz.TimeZoneInformation{Rule: r, StandardName: "Eastern Standard Time", DaylightName: "Eastern Daylight Time"}
	back, _ := tz.ParseTimeZoneInformationBase64(z.Base64())
	fmt.Println(back.Rule == r)
	// Output:
	// Eastern Standard Time
	// bias=300 std=+0 dst=-60 stdDate=M11.W1.D0 02:00:00.000 dstDate=M3.W2.D0 02:00:00.000
	// true
}
