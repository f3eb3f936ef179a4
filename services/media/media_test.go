package media_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/jpeg"
	"image/png"
	"regexp"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/media"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

var start = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

type fixture struct {
	svc    *media.Service
	db     *ent.Client
	clock  *clock.Manual
	chA    *ent.Channel
	chB    *ent.Channel
	sysCtx context.Context
}

func setup(t *testing.T) fixture {
	t.Helper()
	st := storagetest.Open(t)
	clk := clock.NewManual(start)
	ctx := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup) // test fixtures
	db := st.Client
	mk := func(name, phone string) *ent.Channel {
		p := db.Partner.Create().SetBrandName("Partner " + name).SetCountry("DE").SaveX(ctx)
		cl := db.ClientAccount.Create().SetPartnerID(p.ID).SetName("Client " + name).SaveX(ctx)
		w := db.WABA.Create().SetPartnerID(p.ID).SetClientID(cl.ID).SetName("WABA " + name).SaveX(ctx)
		return db.Channel.Create().SetPartnerID(p.ID).SetClientID(cl.ID).SetWabaID(w.ID).SetPhoneNumber(phone).
			SetStatus("running").SetSetupInfo(fieldtype.SetupInfo{PhoneNumber: phone}).SaveX(ctx)
	}
	return fixture{svc: media.New(db, clk, "https://hub.test/"), db: db, clock: clk,
		chA: mk("A", "+4915112345678"), chB: mk("B", "+5511987654321"), sysCtx: ctx}
}

// Tiny valid files of every accepted kind, made here.

func pngFile(t testing.TB) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegFile(t testing.TB) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 2, 2)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// padded is data grown to exactly size bytes (decoders ignore what follows the file).
func padded(data []byte, size int) []byte {
	out := make([]byte, size)
	copy(out, data)
	return out
}

func ftyp(major string, compatible ...string) []byte {
	b := []byte{0, 0, 0, byte(16 + 4*len(compatible))}
	b = append(b, "ftyp"+major+"\x00\x00\x02\x00"...)
	for _, c := range compatible {
		b = append(b, c...)
	}
	return append(b, "\x00\x00\x00\x08free"...)
}

func officeFile(t testing.TB, folder string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", folder + "/document.xml"} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const (
	docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	pptxType = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
)

// samples are one file of each accepted type, with its message media type.
func samples(t testing.TB) []struct {
	mime, kind string
	data       []byte
} {
	_, webp, _ := media.Placeholder("sticker")
	ole := padded([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), 512)
	return []struct {
		mime, kind string
		data       []byte
	}{
		{"image/jpeg", "image", jpegFile(t)},
		{"image/png", "image", pngFile(t)},
		{"image/webp", "sticker", webp},
		{"video/mp4", "video", ftyp("isom", "isom", "iso2", "avc1", "mp41")},
		{"video/3gpp", "video", ftyp("3gp4", "3gp4", "3gp5")},
		{"audio/mp4", "audio", ftyp("M4A ", "M4A ", "isom")},
		{"audio/aac", "audio", []byte("\xFF\xF1\x50\x80\x02\x1F\xFC\x21\x00\x49\x90\x02\x19\x00\x23\x80")},
		{"audio/mpeg", "audio", []byte("\xFF\xFB\x90\x64\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")},
		{"audio/mpeg", "audio", append([]byte("ID3\x03\x00\x00\x00\x00\x00\x02\x00\x00"), "\xFF\xFB\x90\x64\x00\x00\x00\x00"...)},
		{"audio/amr", "audio", []byte("#!AMR\n\x3c\x48\xf5\x1f\x96\x66\x79\xe1")},
		{"audio/ogg", "audio", []byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")},
		{"application/pdf", "document", []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")},
		{"text/plain", "document", []byte("Order 4711 shipped.\n")},
		{"text/plain; charset=utf-8", "document", []byte("Bestellung verschickt: Grüße.\n")},
		{"application/msword", "document", ole},
		{"application/vnd.ms-excel", "document", ole},
		{"application/vnd.ms-powerpoint", "document", ole},
		{docxType, "document", officeFile(t, "word")},
		{xlsxType, "document", officeFile(t, "xl")},
		{pptxType, "document", officeFile(t, "ppt")},
	}
}

var idPattern = regexp.MustCompile(`^[1-9][0-9]{15}$`)

func TestMediaUploadGetDownload(t *testing.T) {
	f := setup(t)
	ctx := context.Background() // no viewer: the channel key is the credential
	for _, s := range samples(t) {
		t.Run(s.mime, func(t *testing.T) {
			id, err := f.svc.Upload(ctx, f.chA.ID, s.mime, "C:\\Users\\ana\\file\x00.bin", s.data)
			if err != nil {
				t.Fatal(err)
			}
			if !idPattern.MatchString(id) {
				t.Fatalf("id %q is not 16 digits", id)
			}
			v, err := f.svc.Get(ctx, f.chA.ID, id)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(s.data)
			mt, _, _ := bytes.Cut([]byte(s.mime), []byte(";"))
			want := media.View{MessagingProduct: "whatsapp", URL: "https://hub.test/whatsapp_business/attachments/?mid=" + id,
				MimeType: string(mt), SHA256: hex.EncodeToString(sum[:]), FileSize: int64(len(s.data)), ID: id}
			if v != want {
				t.Fatalf("view %+v\nwant %+v", v, want)
			}
			gotType, data, err := f.svc.Download(ctx, f.chA.ID, id)
			if err != nil || gotType != string(mt) || !bytes.Equal(data, s.data) {
				t.Fatalf("download: %q %d bytes %v", gotType, len(data), err)
			}
			if kind, ok := media.TypeOf(gotType); !ok || kind != s.kind {
				t.Fatalf("TypeOf(%s) = %s %v, want %s", gotType, kind, ok, s.kind)
			}
			m := f.db.Media.GetX(f.sysCtx, id)
			if m.Type != s.kind || m.PartnerID != f.chA.PartnerID || m.ClientID != f.chA.ClientID || m.ChannelID != f.chA.ID ||
				m.Filename != "file.bin" || !m.ExpiresAt.Equal(start.Add(30*24*time.Hour)) {
				t.Fatalf("row: %+v", m)
			}
		})
	}
}

func TestMediaTypeRules(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	pdf := []byte("%PDF-1.4\n%%EOF\n")
	for _, tc := range []struct {
		name, mime string
		data       []byte
		code       string
	}{
		{"a type WhatsApp does not take", "image/gif", []byte("GIF89a\x01\x00\x01\x00"), "media_type_not_accepted"},
		{"no type", "", pngFile(t), "media_type_not_accepted"},
		{"a JPEG declared as PNG", "image/png", jpegFile(t), "media_type_mismatch"},
		{"a PDF declared as video", "video/mp4", pdf, "media_type_mismatch"},
		{"a PNG declared as text", "text/plain", pngFile(t), "media_type_mismatch"},
		{"text with a NUL byte later", "text/plain", append(bytes.Repeat([]byte("a"), 600), 0), "media_type_mismatch"},
		{"a Word file declared as Excel", xlsxType, officeFile(t, "word"), "media_type_mismatch"},
		{"a plain ZIP declared as Word", docxType, func() []byte {
			var b bytes.Buffer
			z := zip.NewWriter(&b)
			w, _ := z.Create("a.txt")
			w.Write([]byte("x"))
			z.Close()
			return b.Bytes()
		}(), "media_type_mismatch"},
		{"an MP4 declared as 3GPP", "video/3gpp", ftyp("isom", "isom", "mp41"), "media_type_mismatch"},
		{"a HEIF image declared as MP4", "video/mp4", ftyp("heic", "mif1", "heic"), "media_type_mismatch"},
		{"an M4A declared as video", "video/mp4", ftyp("M4A ", "M4A "), "media_type_mismatch"},
		{"an MP3 declared as AAC", "audio/aac", []byte("\xFF\xFB\x90\x64\x00\x00\x00\x00"), "media_type_mismatch"},
		{"an empty file", "image/png", nil, "validation_failed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.svc.Upload(ctx, f.chA.ID, tc.mime, "", tc.data)
			if apperr.CodeOf(err) != tc.code {
				t.Fatalf("got %v, want %s", err, tc.code)
			}
		})
	}
	if n := f.db.Media.Query().CountX(f.sysCtx); n != 0 {
		t.Fatalf("%d media stored", n)
	}
}

func TestMediaSizeLimits(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	_, webp, _ := media.Placeholder("sticker")
	mp4 := ftyp("isom", "isom", "mp41")
	for _, tc := range []struct {
		mime  string
		head  []byte
		limit int
	}{
		{"image/png", pngFile(t), 5 << 20},
		{"image/jpeg", jpegFile(t), 5 << 20},
		{"image/webp", webp, 500 << 10},
		{"video/mp4", mp4, 16 << 20},
		{"audio/ogg", []byte("OggS\x00\x02"), 16 << 20},
		{"application/pdf", []byte("%PDF-1.7\n"), 100 << 20},
	} {
		t.Run(tc.mime, func(t *testing.T) {
			if got := media.LimitOf(tc.mime); got != int64(tc.limit) {
				t.Fatalf("LimitOf = %d, want %d", got, tc.limit)
			}
			if _, err := f.svc.Upload(ctx, f.chA.ID, tc.mime, "", padded(tc.head, tc.limit+1)); !media.ErrTooLarge.Is(err) {
				t.Fatalf("one byte over: %v", err)
			}
			id, err := f.svc.Upload(ctx, f.chA.ID, tc.mime, "", padded(tc.head, tc.limit))
			if err != nil {
				t.Fatalf("exactly the limit: %v", err)
			}
			if v, err := f.svc.Get(ctx, f.chA.ID, id); err != nil || v.FileSize != int64(tc.limit) {
				t.Fatalf("%+v %v", v, err)
			}
		})
	}
}

// Another channel's id does not exist for a channel; nothing of the other is touched.
func TestMediaOnlyTheChannelsOwn(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	id, err := f.svc.Upload(ctx, f.chA.ID, "image/png", "a.png", pngFile(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Get(ctx, f.chB.ID, id); !media.ErrMediaNotFound.Is(err) {
		t.Fatalf("get: %v", err)
	}
	if _, _, err := f.svc.Download(ctx, f.chB.ID, id); !media.ErrMediaNotFound.Is(err) {
		t.Fatalf("download: %v", err)
	}
	if err := f.svc.Delete(ctx, f.chB.ID, id); !media.ErrMediaNotFound.Is(err) {
		t.Fatalf("delete: %v", err)
	}
	if _, ok, err := f.svc.Exists(ctx, f.chB.ID, id); ok || err != nil {
		t.Fatalf("exists for B: %v %v", ok, err)
	}
	if mt, ok, err := f.svc.Exists(ctx, f.chA.ID, id); !ok || err != nil || mt != "image/png" {
		t.Fatalf("exists for A: %q %v %v", mt, ok, err)
	}
	if _, err := f.svc.Get(ctx, f.chA.ID, "1"+id); !media.ErrMediaNotFound.Is(err) {
		t.Fatalf("unknown id: %v", err)
	}
	if _, err := f.svc.Upload(ctx, "noSuchCH", "image/png", "", pngFile(t)); !apperr.ErrNotFound.Is(err) {
		t.Fatalf("upload to no channel: %v", err)
	}
}

func TestMediaDelete(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	id, err := f.svc.Upload(ctx, f.chA.ID, "application/pdf", "a.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Delete(ctx, f.chA.ID, id); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Get(ctx, f.chA.ID, id); !media.ErrMediaNotFound.Is(err) {
		t.Fatalf("get after delete: %v", err)
	}
	if err := f.svc.Delete(ctx, f.chA.ID, id); !media.ErrMediaNotFound.Is(err) {
		t.Fatalf("second delete: %v", err)
	}
}

// Media is kept 30 days: absent from exactly then on, and PurgeExpired removes it.
func TestMediaExpiresAfter30Days(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	old, err := f.svc.Upload(ctx, f.chA.ID, "image/png", "", pngFile(t))
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Hour)
	young, err := f.svc.Upload(ctx, f.chA.ID, "image/png", "", pngFile(t))
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Set(start.Add(30*24*time.Hour - time.Nanosecond))
	if _, err := f.svc.Get(ctx, f.chA.ID, old); err != nil {
		t.Fatalf("just before 30 days: %v", err)
	}
	if n, err := f.svc.PurgeExpired(ctx); err != nil || n != 0 {
		t.Fatalf("purge before 30 days: %d %v", n, err)
	}
	f.clock.Set(start.Add(30 * 24 * time.Hour))
	if _, err := f.svc.Get(ctx, f.chA.ID, old); !media.ErrMediaNotFound.Is(err) {
		t.Fatalf("get at 30 days: %v", err)
	}
	if _, _, err := f.svc.Download(ctx, f.chA.ID, old); !media.ErrMediaNotFound.Is(err) {
		t.Fatalf("download at 30 days: %v", err)
	}
	if _, ok, _ := f.svc.Exists(ctx, f.chA.ID, old); ok {
		t.Fatal("exists at 30 days")
	}
	if err := f.svc.Delete(ctx, f.chA.ID, old); !media.ErrMediaNotFound.Is(err) {
		t.Fatalf("delete at 30 days: %v", err)
	}
	if n, err := f.svc.PurgeExpired(ctx); err != nil || n != 1 {
		t.Fatalf("purge at 30 days: %d %v", n, err)
	}
	if f.db.Media.Query().CountX(f.sysCtx) != 1 {
		t.Fatal("the purge took more than the expired file")
	}
	if _, err := f.svc.Get(ctx, f.chA.ID, young); err != nil {
		t.Fatalf("the younger file: %v", err)
	}
	f.clock.Advance(time.Hour)
	if n, err := f.svc.PurgeExpired(ctx); err != nil || n != 1 {
		t.Fatalf("second purge: %d %v", n, err)
	}
}

// The purge works in batches and leaves nothing behind.
func TestMediaPurgeManyExpired(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	png := pngFile(t)
	for i := 0; i < 450; i++ {
		if _, err := f.svc.Upload(ctx, f.chA.ID, "image/png", "", png); err != nil {
			t.Fatal(err)
		}
	}
	f.clock.Advance(media.Retention)
	if n, err := f.svc.PurgeExpired(ctx); err != nil || n != 450 {
		t.Fatalf("purge: %d %v", n, err)
	}
	if f.db.Media.Query().CountX(f.sysCtx) != 0 {
		t.Fatal("media left")
	}
}

// Store keeps inbound media in the caller's transaction, with the same rules; the
// placeholders of every media type pass them.
func TestMediaStore(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	for _, kind := range []string{"image", "video", "audio", "document", "sticker"} {
		mt, data, ok := media.Placeholder(kind)
		if !ok {
			t.Fatalf("no placeholder for %s", kind)
		}
		var id string
		err := storage.WithTx(f.sysCtx, f.db, func(tx *ent.Tx) error {
			var err error
			id, err = f.svc.Store(ctx, tx.Client(), f.chA.ID, f.chA.PartnerID, f.chA.ClientID, mt, data)
			return err
		})
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if got, ok, err := f.svc.Exists(ctx, f.chA.ID, id); !ok || err != nil || got != mt {
			t.Fatalf("%s: exists %q %v %v", kind, got, ok, err)
		}
		if k, _ := media.TypeOf(mt); k != kind {
			t.Fatalf("placeholder of %s is %s", kind, k)
		}
	}
	if _, _, ok := media.Placeholder("location"); ok {
		t.Fatal("a placeholder for location")
	}
	if _, err := f.svc.Store(ctx, nil, f.chA.ID, f.chA.PartnerID, f.chA.ClientID, "image/png", jpegFile(t)); !media.ErrTypeMismatch.Is(err) {
		t.Fatalf("store of a mismatch: %v", err)
	}
	id, err := f.svc.Store(ctx, nil, f.chA.ID, f.chA.PartnerID, f.chA.ClientID, "image/jpeg", jpegFile(t))
	if err != nil {
		t.Fatal(err)
	}
	// A rolled-back transaction keeps nothing.
	var rolled string
	storage.WithTx(f.sysCtx, f.db, func(tx *ent.Tx) error {
		rolled, _ = f.svc.Store(ctx, tx.Client(), f.chA.ID, f.chA.PartnerID, f.chA.ClientID, "image/jpeg", jpegFile(t))
		return apperr.ErrConflict.New("roll back")
	})
	if _, ok, _ := f.svc.Exists(ctx, f.chA.ID, rolled); ok {
		t.Fatal("the rolled-back file exists")
	}
	if _, ok, _ := f.svc.Exists(ctx, f.chA.ID, id); !ok {
		t.Fatal("stored without a transaction: absent")
	}
}

func TestMediaAcceptedTypes(t *testing.T) {
	types := media.AcceptedTypes()
	if len(types) != 18 {
		t.Fatalf("%d types: %v", len(types), types)
	}
	for _, mt := range types {
		if _, ok := media.TypeOf(mt); !ok || media.LimitOf(mt) == 0 {
			t.Errorf("%s has no rule", mt)
		}
	}
	if _, ok := media.TypeOf("IMAGE/PNG; x=y"); !ok {
		t.Error("case and parameters matter")
	}
	if _, ok := media.TypeOf("image/gif"); ok {
		t.Error("image/gif accepted")
	}
}
