package apikeys

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// benchKey stores a valid channel key and returns it with a verifier.
func benchKey(b *testing.B) (*Verifier, string) {
	st := storagetest.Open(b)
	ctx := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := st.Client
	p := db.Partner.Create().SetBrandName("Bench").SaveX(ctx)
	c := db.ClientAccount.Create().SetPartnerID(p.ID).SetName("C").SaveX(ctx)
	w := db.WABA.Create().SetPartnerID(p.ID).SetClientID(c.ID).SetName("W").SaveX(ctx)
	ch := db.Channel.Create().SetPartnerID(p.ID).SetClientID(c.ID).SetWabaID(w.ID).SetPhoneNumber("+4915112345678").
		SetStatus(channel.StatusRunning).SaveX(ctx)
	key := keyformat.New(keyformat.Channel)
	h := keyformat.Hash(key)
	db.ChannelAPIKey.Create().SetChannelID(ch.ID).SetPartnerID(p.ID).SetClientID(c.ID).SetKeyHash(h[:]).SetHint("x").
		SetCreatedAt(time.Now()).SetCreatedByType("system").ExecX(ctx)
	return NewVerifier(db, clock.Real{}, slog.New(slog.NewTextHandler(io.Discard, nil))), key
}

// BenchmarkVerifyMalformed is the cost of refusing garbage: no hash, no cache, no query.
func BenchmarkVerifyMalformed(b *testing.B) {
	v, key := benchKey(b)
	bad := key[:41] + "!"
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.VerifyChannelKey(ctx, bad, "127.0.0.1"); err == nil {
			b.Fatal("accepted")
		}
	}
	if v.Queries() != 0 {
		b.Fatalf("%d queries", v.Queries())
	}
}

// BenchmarkVerifyCacheHit is a valid key answered from the in-process cache.
func BenchmarkVerifyCacheHit(b *testing.B) {
	v, key := benchKey(b)
	ctx := context.Background()
	if _, err := v.VerifyChannelKey(ctx, key, "127.0.0.1"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.VerifyChannelKey(ctx, key, "127.0.0.1"); err != nil {
			b.Fatal(err)
		}
	}
	if v.Queries() != 1 {
		b.Fatalf("%d queries, want 1 (the first miss)", v.Queries())
	}
}

// BenchmarkVerifyCacheHitParallel is the same on every core at once.
func BenchmarkVerifyCacheHitParallel(b *testing.B) {
	v, key := benchKey(b)
	ctx := context.Background()
	v.VerifyChannelKey(ctx, key, "127.0.0.1")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := v.VerifyChannelKey(ctx, key, "127.0.0.1"); err != nil {
				b.Error(err)
			}
		}
	})
}
