package handlers_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"regexp"
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/media"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// mediaKeys are channel keys of channel A (the fixture's) and of a channel B of client B.
type mediaKeys struct{ A, B string }

func mediaSetup(e *env) mediaKeys {
	e.t.Helper()
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup) // test fixtures
	db := e.hub.Store.Client
	wb := db.WABA.Create().SetPartnerID(e.f.PartnerB.ID).SetClientID(e.f.ClientB.ID).SetName("WABA B").SaveX(sys)
	chB := db.Channel.Create().SetPartnerID(e.f.PartnerB.ID).SetClientID(e.f.ClientB.ID).SetWabaID(wb.ID).
		SetPhoneNumber("+5511987654321").SetStatus("running").SetSetupInfo(fieldtype.SetupInfo{PhoneNumber: "+5511987654321"}).SaveX(sys)
	key := func(ch *ent.Channel) string {
		k := keyformat.New(keyformat.Channel)
		h := keyformat.Hash(k)
		db.ChannelAPIKey.Create().SetChannelID(ch.ID).SetPartnerID(ch.PartnerID).SetClientID(ch.ClientID).
			SetKeyHash(h[:]).SetHint(keyformat.Hint(k)).SetCreatedAt(e.clock.Now()).SetCreatedByType("system").SaveX(sys)
		return k
	}
	return mediaKeys{A: key(e.f.ChannelA), B: key(chB)}
}

// mediaPart is one part of a multipart form.
type mediaPart struct {
	name, filename, contentType string
	data                        []byte
}

// mediaForm is a multipart upload form: the file (with its part's Content-Type), then the
// fields, as Meta's examples send them. An empty value leaves a field out.
func mediaForm(t *testing.T, declared string, data []byte, extra ...mediaPart) ([]byte, string) {
	t.Helper()
	parts := []mediaPart{{name: "file", filename: "upload.bin", contentType: "application/octet-stream", data: data}}
	if declared != "" {
		parts = append(parts, mediaPart{name: "type", data: []byte(declared)})
	}
	parts = append(parts, mediaPart{name: "messaging_product", data: []byte("whatsapp")})
	return mediaMultipart(t, append(parts, extra...)...)
}

func mediaMultipart(t *testing.T, parts ...mediaPart) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		if p.filename != "" {
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, p.name, p.filename))
		} else {
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q`, p.name))
		}
		if p.contentType != "" {
			h.Set("Content-Type", p.contentType)
		}
		pw, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		pw.Write(p.data)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), w.FormDataContentType()
}

func (e *env) mediaUpload(key string, body []byte, contentType string) *response {
	e.t.Helper()
	return e.do("POST", "/media", body, anonymous, "Content-Type", contentType, "D360-API-KEY", key)
}

// mediaUploaded uploads a file and returns its id.
func (e *env) mediaUploaded(key, declared string, data []byte) string {
	e.t.Helper()
	body, ct := mediaForm(e.t, declared, data)
	r := e.mediaUpload(key, body, ct)
	if r.Status != 200 {
		e.t.Fatalf("upload %s: %d %s", declared, r.Status, r.Body)
	}
	var m map[string]any
	json.Unmarshal(r.Body, &m)
	id, _ := m["id"].(string)
	if len(m) != 1 || !regexp.MustCompile(`^[1-9][0-9]{15}$`).MatchString(id) {
		e.t.Fatalf("upload answer %s", r.Body)
	}
	return id
}

// mediaCheckMetaError checks an answer in Meta's error shape.
func mediaCheckMetaError(t *testing.T, r *response, status, code int, contains ...string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d\n%s", r.Status, status, r.Body)
	}
	var body struct {
		Error struct {
			Message   string `json:"message"`
			Type      string `json:"type"`
			Code      int    `json:"code"`
			ErrorData struct {
				MessagingProduct string `json:"messaging_product"`
				Details          string `json:"details"`
			} `json:"error_data"`
			FBTraceID string `json:"fbtrace_id"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatalf("not JSON: %s", r.Body)
	}
	er := body.Error
	if er.Code != code || er.Type != "OAuthException" || er.ErrorData.MessagingProduct != "whatsapp" || er.FBTraceID == "" ||
		!strings.HasPrefix(er.Message, fmt.Sprintf("(#%d) ", code)) || er.ErrorData.Details == "" {
		t.Fatalf("not Meta's error shape with code %d: %s", code, r.Body)
	}
	for _, s := range contains {
		if !strings.Contains(string(r.Body), s) {
			t.Errorf("error lacks %q: %s", s, r.Body)
		}
	}
}

func mediaPNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 3, 3))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func mediaJPEG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 3, 3)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func mediaDOCX(t *testing.T) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml"} {
		w, _ := z.Create(name)
		w.Write([]byte("<w/>"))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// mediaPadded is data grown to exactly size bytes.
func mediaPadded(data []byte, size int) []byte {
	out := make([]byte, size)
	copy(out, data)
	return out
}

const mediaPDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

func TestMediaUploadEachKind(t *testing.T) {
	e := newEnv(t)
	k := mediaSetup(e)
	_, webp, _ := media.Placeholder("sticker")
	for _, tc := range []struct {
		mime string
		data []byte
	}{
		{"image/jpeg", mediaJPEG(t)},
		{"image/png", mediaPNG(t)},
		{"image/webp", webp},
		{"video/mp4", []byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41\x00\x00\x00\x08free")},
		{"video/3gpp", []byte("\x00\x00\x00\x14ftyp3gp4\x00\x00\x02\x003gp4\x00\x00\x00\x08free")},
		{"audio/mp4", []byte("\x00\x00\x00\x18ftypM4A \x00\x00\x02\x00M4A isom")},
		{"audio/aac", []byte("\xFF\xF1\x50\x80\x02\x1F\xFC\x21\x00\x49\x90\x02")},
		{"audio/mpeg", []byte("ID3\x04\x00\x00\x00\x00\x00\x00\xFF\xFB\x90\x64\x00\x00\x00\x00")},
		{"audio/amr", []byte("#!AMR\n\x3c\x48\xf5\x1f")},
		{"audio/ogg", []byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00")},
		{"application/pdf", []byte(mediaPDF)},
		{"text/plain", []byte("Your order 4711 has shipped.\n")},
		{"application/msword", mediaPadded([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), 1024)},
		{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", mediaDOCX(t)},
	} {
		t.Run(tc.mime, func(t *testing.T) {
			id := e.mediaUploaded(k.A, tc.mime, tc.data)
			r := e.do("GET", "/"+id, nil, anonymous, "D360-API-KEY", k.A)
			if r.Status != 200 {
				t.Fatalf("get: %d %s", r.Status, r.Body)
			}
			var v map[string]any
			json.Unmarshal(r.Body, &v)
			sum := sha256.Sum256(tc.data)
			url := "https://hub.test/whatsapp_business/attachments/?mid=" + id
			if v["messaging_product"] != "whatsapp" || v["url"] != url || v["mime_type"] != tc.mime ||
				v["sha256"] != hex.EncodeToString(sum[:]) || v["file_size"] != float64(len(tc.data)) || v["id"] != id || len(v) != 6 {
				t.Fatalf("view %s", r.Body)
			}
			d := e.do("GET", strings.TrimPrefix(url, "https://hub.test"), nil, anonymous, "D360-API-KEY", k.A)
			if d.Status != 200 || d.Header.Get("Content-Type") != tc.mime || !bytes.Equal(d.Body, tc.data) ||
				d.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Fatalf("download: %d %v %d bytes", d.Status, d.Header, len(d.Body))
			}
		})
	}
	// The type may come from the file part when the field is left out.
	body, ct := mediaMultipart(t, mediaPart{name: "messaging_product", data: []byte("whatsapp")},
		mediaPart{name: "file", filename: "a.png", contentType: "image/png", data: mediaPNG(t)})
	if r := e.mediaUpload(k.A, body, ct); r.Status != 200 {
		t.Fatalf("type from the file part: %d %s", r.Status, r.Body)
	}
}

// The limits hold to the byte, through the whole HTTP path (the route's body limit
// leaves room for the envelope around a 100 MB document).
func TestMediaSizeLimits(t *testing.T) {
	e := newEnv(t)
	k := mediaSetup(e)
	_, webp, _ := media.Placeholder("sticker")
	for _, tc := range []struct {
		mime  string
		head  []byte
		limit int
		over  int // the status one byte over
	}{
		{"image/png", mediaPNG(t), 5 << 20, 400},
		{"image/webp", webp, 500 << 10, 400},
		{"video/mp4", []byte("\x00\x00\x00\x14ftypmp42\x00\x00\x00\x00mp42"), 16 << 20, 400},
		{"application/pdf", []byte(mediaPDF), 100 << 20, 413},
	} {
		t.Run(tc.mime, func(t *testing.T) {
			body, ct := mediaForm(t, tc.mime, mediaPadded(tc.head, tc.limit+1))
			mediaCheckMetaError(t, e.mediaUpload(k.A, body, ct), tc.over, 131053)
			body, ct = mediaForm(t, tc.mime, mediaPadded(tc.head, tc.limit))
			r := e.mediaUpload(k.A, body, ct)
			if r.Status != 200 {
				t.Fatalf("exactly %d bytes: %d %s", tc.limit, r.Status, r.Body)
			}
		})
	}
	// A body declared larger than any upload is refused before it is read, in Meta's shape
	// (over a raw connection: net/http's client sends only what it declares).
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /media HTTP/1.1\r\nHost: hub.test\r\nD360-API-KEY: %s\r\n"+
		"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\n\r\n--x\r\n", k.A, 100<<20+64<<10+1)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	mediaCheckMetaError(t, &response{Status: res.StatusCode, Header: res.Header, Body: raw}, 413, 131053, "100 MB")
	// Other routes keep their 1 MB limit.
	r := e.do("POST", "/v1/configs/webhook", strings.Repeat(" ", 1<<20+1), anonymous, "D360-API-KEY", k.A)
	checkErrorEnvelope(t, r, 413, "body_too_large")
}

func TestMediaUploadRefusals(t *testing.T) {
	e := newEnv(t)
	k := mediaSetup(e)
	form := func(declared string, data []byte) func() ([]byte, string) {
		return func() ([]byte, string) { return mediaForm(t, declared, data) }
	}
	for _, tc := range []struct {
		name     string
		body     func() ([]byte, string)
		status   int
		code     int
		contains []string
	}{
		{"a JPEG declared as PNG", form("image/png", mediaJPEG(t)), 400, 131053, []string{"image/jpeg"}},
		{"a PDF declared as a video", form("video/mp4", []byte(mediaPDF)), 400, 131053, []string{"application/pdf"}},
		{"a PNG declared as a document", form("application/pdf", mediaPNG(t)), 400, 131053, nil},
		{"a type WhatsApp does not take", form("image/gif", []byte("GIF89a\x01\x00")), 400, 100,
			[]string{"Param file must be a file with one of the following types: audio/aac", "Received file of type 'image/gif'"}},
		{"an empty file", form("image/png", nil), 400, 131053, []string{"empty"}},
		{"no type anywhere", form("", mediaPNG(t)), 400, 100, []string{"type is required"}},
		{"no messaging_product", func() ([]byte, string) {
			return mediaMultipart(t, mediaPart{name: "file", filename: "a.png", contentType: "image/png", data: mediaPNG(t)})
		}, 400, 100, []string{"messaging_product is required"}},
		{"another messaging_product", func() ([]byte, string) {
			return mediaMultipart(t, mediaPart{name: "file", filename: "a.png", data: mediaPNG(t)},
				mediaPart{name: "type", data: []byte("image/png")}, mediaPart{name: "messaging_product", data: []byte("instagram")})
		}, 400, 100, []string{"instagram"}},
		{"no file", func() ([]byte, string) {
			return mediaMultipart(t, mediaPart{name: "type", data: []byte("image/png")}, mediaPart{name: "messaging_product", data: []byte("whatsapp")})
		}, 400, 100, []string{"file is required"}},
		{"two files", func() ([]byte, string) {
			return mediaForm(t, "image/png", mediaPNG(t), mediaPart{name: "file", filename: "b.png", data: mediaPNG(t)})
		}, 400, 100, []string{"one file"}},
		{"not a form", func() ([]byte, string) { return []byte(`{"file":"x"}`), "application/json" }, 400, 100, []string{"multipart/form-data"}},
		{"a broken form", func() ([]byte, string) {
			b, ct := mediaForm(t, "image/png", mediaPNG(t))
			return b[:len(b)-20], ct
		}, 400, 100, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, ct := tc.body()
			mediaCheckMetaError(t, e.mediaUpload(k.A, body, ct), tc.status, tc.code, tc.contains...)
		})
	}
	if n := e.hub.Store.Client.Media.Query().CountX(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)); n != 0 { // test check
		t.Fatalf("%d media stored", n)
	}
	// Without a valid key nothing is read (the key guard's 401).
	body, ct := mediaForm(t, "image/png", mediaPNG(t))
	if r := e.mediaUpload("", body, ct); r.Status != 401 {
		t.Fatalf("no key: %d %s", r.Status, r.Body)
	}
}

func TestMediaGetDownloadDelete(t *testing.T) {
	e := newEnv(t)
	k := mediaSetup(e)
	id := e.mediaUploaded(k.A, "application/pdf", []byte(mediaPDF))
	hdrA, hdrB := []string{"D360-API-KEY", k.A}, []string{"D360-API-KEY", k.B}
	download := "/whatsapp_business/attachments/?mid=" + id

	// Channel B: A's media does not exist for it.
	mediaCheckMetaError(t, e.do("GET", "/"+id, nil, anonymous, hdrB...), 400, 100, "Unsupported get request", id)
	mediaCheckMetaError(t, e.do("GET", download, nil, anonymous, hdrB...), 404, 100)
	mediaCheckMetaError(t, e.do("DELETE", "/"+id, nil, anonymous, hdrB...), 400, 100, "Unsupported delete request")
	// A's own still works.
	if r := e.do("GET", download, nil, anonymous, hdrA...); r.Status != 200 || string(r.Body) != mediaPDF {
		t.Fatalf("download: %d %s", r.Status, r.Body)
	}
	// Unknown ids and a missing mid.
	mediaCheckMetaError(t, e.do("GET", "/1234567890123456", nil, anonymous, hdrA...), 400, 100)
	mediaCheckMetaError(t, e.do("GET", "/whatsapp_business/attachments/", nil, anonymous, hdrA...), 400, 100, "mid")
	mediaCheckMetaError(t, e.do("GET", "/whatsapp_business/attachments/?mid=abc", nil, anonymous, hdrA...), 404, 100)

	r := e.do("DELETE", "/"+id, nil, anonymous, hdrA...)
	if r.Status != 200 || strings.TrimSpace(string(r.Body)) != `{"success":true}` {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	mediaCheckMetaError(t, e.do("GET", "/"+id, nil, anonymous, hdrA...), 400, 100)
	mediaCheckMetaError(t, e.do("GET", download, nil, anonymous, hdrA...), 404, 100)
	mediaCheckMetaError(t, e.do("DELETE", "/"+id, nil, anonymous, hdrA...), 400, 100)
	// The routes want the key.
	if r := e.do("GET", "/"+id, nil, anonymous); r.Status != 401 {
		t.Fatalf("no key: %d", r.Status)
	}
}

// The media routes take single digit-only segments; every other path answers as it did
// without them: the web app (a client-side route), a JSON 404 for API paths, 405 where
// another method has the path, and the hub's own endpoints.
func TestUIFallbackBesideMediaRoutes(t *testing.T) {
	e := newEnv(t)
	k := mediaSetup(e)
	for _, tc := range []struct {
		method, path string
		status       int
		contentType  string
		allow        string
	}{
		{"GET", "/login", 200, "text/html; charset=utf-8", ""},
		{"GET", "/login?next=%2Fpartners", 200, "text/html; charset=utf-8", ""},
		{"GET", "/", 200, "text/html; charset=utf-8", ""},
		{"GET", "/index.html", 200, "text/html; charset=utf-8", ""},
		{"GET", "/a%2Fb", 200, "text/html; charset=utf-8", ""},
		{"GET", "/12ab", 200, "text/html; charset=utf-8", ""},
		{"GET", "/whatsapp_business", 200, "text/html; charset=utf-8", ""},
		{"DELETE", "/login", 404, "application/json; charset=utf-8", ""},
		{"GET", "/api", 404, "application/json; charset=utf-8", ""},
		{"GET", "/v1", 404, "application/json; charset=utf-8", ""},
		{"DELETE", "/v1", 404, "application/json; charset=utf-8", ""},
		{"GET", "/api/v2/nope", 404, "application/json; charset=utf-8", ""},
		{"GET", "/messages", 405, "application/json; charset=utf-8", "POST"},
		{"GET", "/media", 405, "application/json; charset=utf-8", "POST"},
		{"DELETE", "/healthz", 405, "application/json; charset=utf-8", "GET"},
		{"DELETE", "/health_status", 405, "application/json; charset=utf-8", "GET"},
		{"GET", "/healthz", 200, "application/json; charset=utf-8", ""},
		{"GET", "/readyz", 200, "application/json; charset=utf-8", ""},
		{"GET", "/openapi.json", 200, "application/json; charset=utf-8", ""},
		{"GET", "/health_status", 401, "application/json; charset=utf-8", ""},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			r := e.do(tc.method, tc.path, nil, anonymous)
			if r.Status != tc.status || r.Header.Get("Content-Type") != tc.contentType || r.Header.Get("Allow") != tc.allow {
				t.Fatalf("%d %q allow %q\n%.200s", r.Status, r.Header.Get("Content-Type"), r.Header.Get("Allow"), r.Body)
			}
			if tc.status == 200 && strings.HasPrefix(tc.contentType, "text/html") && !strings.Contains(string(r.Body), "PartnerHub") {
				t.Fatalf("not the web app: %.200s", r.Body)
			}
			switch tc.status {
			case 404:
				checkErrorEnvelope(t, r, 404, "route_not_found")
			case 405:
				checkErrorEnvelope(t, r, 405, "method_not_allowed")
			}
		})
	}
	if r := e.do("GET", "/metrics", nil, anonymous); r.Status != 200 || !strings.Contains(string(r.Body), "partnerhub_http_requests_total") {
		t.Fatalf("metrics: %d", r.Status)
	}
	if r := e.do("GET", "/health_status", nil, anonymous, "D360-API-KEY", k.A); r.Status != 200 {
		t.Fatalf("health_status with a key: %d %s", r.Status, r.Body)
	}
}

// GET /swagger still redirects to /swagger/ (Gin would otherwise take "swagger" for a
// media id's place and not redirect).
func TestUIRedirectsBesideMediaRoutes(t *testing.T) {
	e := newEnv(t)
	cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, loc := range map[string]string{"/swagger": "/swagger/", "/healthz/": "/healthz", "/health_status/": "/health_status"} {
		res, err := cl.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 301 || res.Header.Get("Location") != loc {
			t.Errorf("GET %s: %d %q, want 301 to %s", path, res.StatusCode, res.Header.Get("Location"), loc)
		}
	}
}

// Methods the media routes lack answer as without them: noMethod asks
// answeredWithoutMediaRoutes first (handlers/ui.go).
func TestNoRouteOtherMethodsBesideMediaRoutes(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{"HEAD", "/login", 200, ""},
		{"POST", "/login", 404, ""},
		{"PUT", "/login", 404, ""},
		{"PATCH", "/login", 404, ""},
		{"OPTIONS", "/login", 404, ""},
		{"POST", "/healthz", 405, "GET"},
		{"PUT", "/media", 405, "POST"},
		{"POST", "/123", 405, "GET, DELETE"}, // a media id's path: the media routes' methods
	} {
		r := e.do(tc.method, tc.path, nil, anonymous)
		if r.Status != tc.status || r.Header.Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d allow %q, want %d %q", tc.method, tc.path, r.Status, r.Header.Get("Allow"), tc.status, tc.allow)
		}
		if tc.status == 404 {
			checkErrorEnvelope(t, r, 404, "route_not_found")
		}
	}
}
