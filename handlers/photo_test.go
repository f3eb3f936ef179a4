package handlers_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"strings"
	"testing"
)

// tinyPNG is a valid 2×2 PNG.
var tinyPNG = func() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}()

func TestProfilePhoto(t *testing.T) {
	e := newEnv(t)
	p := e.chPath() + "/profile/photo"
	r := e.do("POST", p, tinyPNG, partnerAdminA, "Content-Type", "image/png")
	if r.Status != 200 || !strings.Contains(string(r.Body), `"profile_photo_url":"/api/v2/clients/`) {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	got := e.do("GET", e.portalPath()+"/profile/photo", nil, clientMemberA)
	if got.Status != 200 || got.Header.Get("Content-Type") != "image/png" || !bytes.Equal(got.Body, tinyPNG) {
		t.Fatalf("download: %d %s", got.Status, got.Header.Get("Content-Type"))
	}
	// Multipart works too.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "logo.png")
	fw.Write(tinyPNG)
	mw.Close()
	if r := e.do("POST", e.portalPath()+"/profile/photo", body.Bytes(), clientAdminA, "Content-Type", mw.FormDataContentType()); r.Status != 200 {
		t.Fatalf("multipart: %d %s", r.Status, r.Body)
	}
	// The type comes from the bytes, not from the header.
	checkErrorEnvelope(t, e.do("POST", p, []byte("GIF89a not really"), partnerAdminA, "Content-Type", "image/png"), 422, "validation_failed")
	checkErrorEnvelope(t, e.do("POST", p, append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...), partnerAdminA, "Content-Type", "image/png"), 422, "validation_failed")
	// Over 5 MB is refused.
	big := append(append([]byte{}, tinyPNG...), make([]byte, 5<<20)...)
	checkErrorEnvelope(t, e.do("POST", p, big, partnerAdminA, "Content-Type", "image/png"), 413, "")
	checkErrorEnvelope(t, e.do("POST", p, nil, partnerAdminA, "Content-Type", "image/png"), 422, "validation_failed")
	// Other JSON endpoints keep the 1 MB limit.
	checkErrorEnvelope(t, e.do("PATCH", e.chPath()+"/profile", `{"about_text":"`+strings.Repeat("a", 2<<20)+`"}`, partnerAdminA), 413, "body_too_large")
}
