module github.com/oxkit/oxkit/bench/oxcmail

go 1.26.0

require github.com/oxkit/oxkit v0.0.0

require (
	github.com/emersion/go-message v0.18.2
	golang.org/x/text v0.44.0 // indirect
)

replace github.com/oxkit/oxkit => ../..
