// Package wbxmlbench measures package wbxml against libwbxml on three
// ActiveSync payloads (a FolderSync response with 50 folders, a Sync
// response with 100 e-mails of a few KB, an ItemOperations response with a
// 1 MB attachment). Run it with: bash bench/wbxml/run.sh
package wbxmlbench
