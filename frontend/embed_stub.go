//go:build !embedui

// Package frontend holds the React web app (built by Vite into dist/) and embeds it into
// the binary when built with -tags embedui (make build does). Without the tag — plain
// go build, go test — it serves a one-page stub, so Go work never needs Node.
package frontend

import (
	"io/fs"
	"testing/fstest"
)

const stubPage = `<!doctype html><html><head><meta charset="utf-8"><title>PartnerHub</title></head>
<body><h1>PartnerHub</h1><p>This binary was built without the web app. Run <code>make build</code>
(or <code>make run</code>) to include it; the API is at <a href="/swagger/index.html">/swagger/index.html</a>.</p></body></html>`

// FS returns a stub web app with only an index page.
func FS() fs.FS {
	return fstest.MapFS{"index.html": &fstest.MapFile{Data: []byte(stubPage)}}
}
