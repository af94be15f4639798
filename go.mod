module github.com/oxkit/oxkit

go 1.26
