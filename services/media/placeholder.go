package media

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
)

// Placeholder returns a small file of a message media type (image, video, audio, document
// or sticker) that passes the type rules, for a simulated user's media message that names
// no uploaded file. The image, sticker and document are real (a 1×1 PNG, a 1×1 WebP, a
// one-page PDF); the video and audio only carry their container's signature.
func Placeholder(mediaType string) (mimeType string, data []byte, ok bool) {
	switch mediaType {
	case "image":
		img := image.NewGray(image.Rect(0, 0, 1, 1))
		img.SetGray(0, 0, color.Gray{Y: 0xcc})
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			return "", nil, false
		}
		return "image/png", b.Bytes(), true
	case "sticker":
		return "image/webp", []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"), true
	case "video":
		return "video/mp4", []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom\x00\x00\x00\x08free"), true
	case "audio":
		return "audio/ogg", []byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"), true
	case "document":
		return "application/pdf", []byte("%PDF-1.4\n" +
			"1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n" +
			"2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n" +
			"3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>> endobj\n" +
			"trailer <</Root 1 0 R>>\n%%EOF\n"), true
	}
	return "", nil, false
}
