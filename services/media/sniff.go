package media

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"net/http"
	"strings"
)

// The type of a file is judged from its bytes: net/http's sniffer (the WHATWG algorithm)
// knows JPEG, PNG, WebP, PDF, MP3 with an ID3 tag, Ogg and text, but not AAC, AMR, 3GPP,
// MP4 audio or the Office formats, and it calls every ZIP a ZIP. sniff adds those.

// sniff returns the accepted MIME types the bytes can be, best first (several for
// containers that do not say what they carry: an MP4 is video/mp4 or audio/mp4, an old
// Office file any of Word, Excel or PowerPoint), or none.
func sniff(data []byte) []string {
	switch {
	case bytes.HasPrefix(data, []byte("\xFF\xD8\xFF")):
		return []string{"image/jpeg"}
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return []string{"image/png"}
	case len(data) >= 16 && string(data[:4]) == "RIFF" && string(data[8:15]) == "WEBPVP8":
		return []string{"image/webp"}
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return []string{"application/pdf"}
	case bytes.HasPrefix(data, []byte("OggS")):
		return []string{"audio/ogg"}
	case bytes.HasPrefix(data, []byte("#!AMR")): // "#!AMR\n" narrow band, "#!AMR-WB\n" wide band
		return []string{"audio/amr"}
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")): // OLE2 compound file
		return []string{"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if t := officeZip(data); t != "" {
			return []string{t}
		}
		return nil
	}
	if brands, ok := ftypBrands(data); ok {
		return isoMedia(brands)
	}
	if isText(data) { // before the audio streams: a UTF-16 mark looks like an MPEG frame
		return []string{"text/plain"}
	}
	if t := mpegAudio(data); t != "" {
		return []string{t}
	}
	return nil
}

// describe names what the bytes are, for a refusal: the sniffed type, else net/http's guess.
func describe(data []byte) string {
	if ts := sniff(data); len(ts) > 0 {
		return ts[0]
	}
	if len(data) >= 12 && string(data[4:8]) == "ftyp" {
		return "an ISO media file of brand " + strings.TrimSpace(string(data[8:12]))
	}
	return normalize(http.DetectContentType(data))
}

// ftypBrands reads the major and compatible brands of an ISO base media file (MP4, 3GPP,
// QuickTime, HEIF): its first box is "ftyp".
func ftypBrands(data []byte) ([]string, bool) {
	if len(data) < 16 || string(data[4:8]) != "ftyp" {
		return nil, false
	}
	size := int(binary.BigEndian.Uint32(data[:4]))
	if size < 16 || size > len(data) || size > 4096 {
		return nil, false
	}
	brands := []string{string(data[8:12])}
	for i := 16; i+4 <= size; i += 4 { // data[12:16] is the minor version
		brands = append(brands, string(data[i:i+4]))
	}
	return brands, true
}

// isoMedia says which accepted types an ISO media file of these brands can be.
func isoMedia(brands []string) []string {
	var mp4, audio, gpp bool
	for _, b := range brands {
		switch {
		case b == "M4A " || b == "M4B " || b == "M4P " || b == "F4A ":
			audio = true
		case strings.HasPrefix(b, "iso"), strings.HasPrefix(b, "mp4"), b == "avc1", b == "M4V ", b == "M4VH",
			b == "M4VP", b == "dash", b == "mmp4", b == "MSNV", b == "f4v ", b == "NDAS", b == "NDSC":
			mp4 = true
		case strings.HasPrefix(b, "3g") && !strings.HasPrefix(b, "3g2"):
			gpp = true
		}
	}
	var out []string
	switch {
	case audio:
		out = append(out, "audio/mp4")
	case mp4:
		out = append(out, "video/mp4", "audio/mp4")
	}
	if gpp {
		out = append(out, "video/3gpp")
	}
	return out
}

// mpegAudio recognises an AAC ADTS stream or an MPEG audio (MP3) stream, either after an
// ID3v2 tag.
func mpegAudio(data []byte) string {
	if bytes.HasPrefix(data, []byte("ADIF")) {
		return "audio/aac"
	}
	tagged := false
	if len(data) >= 10 && string(data[:3]) == "ID3" {
		tagged = true
		size := int(data[6]&0x7f)<<21 | int(data[7]&0x7f)<<14 | int(data[8]&0x7f)<<7 | int(data[9]&0x7f)
		skip := 10 + size
		if data[5]&0x10 != 0 { // a footer follows the tag
			skip += 10
		}
		if skip >= len(data)-4 {
			return "audio/mpeg" // only the tag is there to judge by, as net/http's sniffer does
		}
		data = data[skip:]
	}
	if len(data) < 4 || data[0] != 0xFF {
		if tagged {
			return "audio/mpeg"
		}
		return ""
	}
	switch {
	case data[1]&0xF6 == 0xF0: // 12-bit sync, layer 00: ADTS
		return "audio/aac"
	case data[1]&0xE0 == 0xE0 && (data[1]>>3)&3 != 1 && (data[1]>>1)&3 != 0 && data[2]>>4 != 0xF && (data[2]>>2)&3 != 3:
		return "audio/mpeg" // 11-bit sync, a valid version, layer, bit rate and sample rate
	}
	if tagged {
		return "audio/mpeg"
	}
	return ""
}

// officeZip recognises the Office Open XML formats: a ZIP with [Content_Types].xml and the
// application's folder.
func officeZip(data []byte) string {
	r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	var types bool
	var kind string
	for _, f := range r.File {
		switch {
		case f.Name == "[Content_Types].xml":
			types = true
		case strings.HasPrefix(f.Name, "word/"):
			kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		case strings.HasPrefix(f.Name, "xl/"):
			kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		case strings.HasPrefix(f.Name, "ppt/"):
			kind = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
		}
	}
	if !types {
		return ""
	}
	return kind
}

// isText: net/http's sniffer sees text in the first 512 bytes, and no NUL byte follows
// later (UTF-16 text, which has NULs, must start with its byte-order mark).
func isText(data []byte) bool {
	if !strings.HasPrefix(http.DetectContentType(data), "text/") {
		return false
	}
	if bytes.HasPrefix(data, []byte("\xFE\xFF")) || bytes.HasPrefix(data, []byte("\xFF\xFE")) {
		return true
	}
	return bytes.IndexByte(data, 0) < 0
}
