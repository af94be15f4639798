module github.com/oxkit/oxkit

go 1.26.0

require (
	github.com/beevik/etree v1.8.1 // indirect
	github.com/google/go-cmp v0.7.0 // indirect
	golang.org/x/text v0.44.0 // indirect
)
