package registration_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/registration"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
)

const number = "+4915112345678"

func attempt(kind registration.Kind) registration.Attempt {
	return registration.Attempt{PhoneNumber: number, Kind: kind, ObjectID: "x"}
}

// TestTheEleventhWithinTheMovingWindowBlocksFor72Hours walks the window edges on a
// controlled clock. Attempts at t0, t0+1h, …, t0+9h fill the window (10). The window is
// (now-72h, now]: at t0+72h-1s the attempt at t0 still counts, so the 11th is refused and
// blocks the number until t0+144h-1s; a second earlier the block is still on, at that
// instant it is over and, all ten attempts being older than 72 h, the number is free again.
func TestTheEleventhWithinTheMovingWindowBlocksFor72Hours(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 27, 12, 0, 0, 0, time.UTC)
	clk := clock.NewManual(t0)
	svc := registration.New(storagetest.Open(t).Client, clk)
	kinds := []registration.Kind{registration.NumberRegistration, registration.DisplayNameChange,
		registration.MigrationRegistration, registration.HostingChange, registration.TestNumberRegistration}
	for i := 0; i < 10; i++ {
		clk.Set(t0.Add(time.Duration(i) * time.Hour))
		if err := svc.Consume(ctx, attempt(kinds[i%len(kinds)])); err != nil {
			t.Fatalf("attempt %d refused: %v", i+1, err)
		}
	}
	st, err := svc.StatusOf(ctx, number)
	if err != nil || st.Used != 10 || st.BlockedUntil != nil {
		t.Fatalf("status after 10: %+v %v", st, err)
	}

	refusedAt := t0.Add(72*time.Hour - time.Second)
	clk.Set(refusedAt)
	err = svc.Consume(ctx, attempt(registration.DisplayNameChange))
	e := apperr.As(err)
	if e == nil || e.Kind != apperr.RateLimited || e.Code != registration.CodeLimited || e.RetryAfter != 72*time.Hour {
		t.Fatalf("11th attempt: %v (%+v), want 429 with Retry-After 72h", err, e)
	}
	wantUntil := refusedAt.Add(72 * time.Hour)
	st, _ = svc.StatusOf(ctx, number)
	if st.BlockedUntil == nil || !st.BlockedUntil.Equal(wantUntil) {
		t.Fatalf("blocked_until %v, want %v", st.BlockedUntil, wantUntil)
	}

	// At t0+72h the first attempt left the window, but the block holds regardless.
	clk.Set(t0.Add(72 * time.Hour))
	if e := apperr.As(svc.Consume(ctx, attempt(registration.NumberRegistration))); e == nil || e.RetryAfter != wantUntil.Sub(t0.Add(72*time.Hour)) {
		t.Fatalf("attempt during the block: %+v, want refused with the remaining block as Retry-After", e)
	}
	clk.Set(wantUntil.Add(-time.Second))
	if e := apperr.As(svc.Consume(ctx, attempt(registration.NumberRegistration))); e == nil || e.RetryAfter != time.Second {
		t.Fatalf("one second before the block ends: %+v", e)
	}
	clk.Set(wantUntil)
	if err := svc.Consume(ctx, attempt(registration.NumberRegistration)); err != nil {
		t.Fatalf("at the end of the block: %v, want allowed", err)
	}
	if st, _ := svc.StatusOf(ctx, number); st.Used != 1 || st.BlockedUntil != nil {
		t.Fatalf("status after the block: %+v, want 1 used and no block", st)
	}
}

// TestTheWindowMovesWithoutABlock: ten attempts one hour apart; the 11th at exactly
// t0+72h is allowed because the attempt at t0 is no longer inside (now-72h, now].
func TestTheWindowMovesWithoutABlock(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 10, 23, 8, 0, 0, 0, time.UTC)
	clk := clock.NewManual(t0)
	svc := registration.New(storagetest.Open(t).Client, clk)
	for i := 0; i < 10; i++ {
		clk.Set(t0.Add(time.Duration(i) * time.Hour))
		if err := svc.Consume(ctx, attempt(registration.NumberRegistration)); err != nil {
			t.Fatal(err)
		}
	}
	clk.Set(t0.Add(72 * time.Hour))
	if err := svc.Consume(ctx, attempt(registration.NumberRegistration)); err != nil {
		t.Fatalf("11th attempt exactly 72 h after the first: %v, want allowed", err)
	}
	// Now t0+1h..t0+9h and t0+72h are in the window (10): the next one is refused.
	if err := svc.Consume(ctx, attempt(registration.NumberRegistration)); apperr.KindOf(err) != apperr.RateLimited {
		t.Fatalf("12th: %v, want refused", err)
	}
	// Other numbers are not affected.
	if err := svc.Consume(ctx, registration.Attempt{PhoneNumber: "+4915199999999", Kind: registration.NumberRegistration}); err != nil {
		t.Fatalf("another number: %v", err)
	}
}

// TestConcurrentAttemptsNeverExceedTheLimit: 30 attempts at the same instant on one
// number; exactly 10 are recorded, 20 refused.
func TestConcurrentAttemptsNeverExceedTheLimit(t *testing.T) {
	ctx := context.Background()
	clk := clock.NewManual(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	svc := registration.New(storagetest.Open(t).Client, clk)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, refused := 0, 0
	for i := 0; i < 30; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := svc.Consume(ctx, attempt(registration.NumberRegistration))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case apperr.KindOf(err) == apperr.RateLimited:
				refused++
			default:
				t.Errorf("attempt: %v", err)
			}
		}()
	}
	wg.Wait()
	if ok != 10 || refused != 20 {
		t.Fatalf("%d recorded, %d refused; want 10 and 20", ok, refused)
	}
}
