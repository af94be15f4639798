package wbxml

//go:generate go run ./internal/gencodepages -in codepages.txt -out zcodepages.go
