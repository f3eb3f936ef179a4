package handlers_test

import (
	"io"
	"net/http"
	"net/url"
)

func ioCopy(w io.Writer, res *http.Response) (int64, error) { return io.Copy(w, res.Body) }

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
