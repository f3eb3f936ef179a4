package handlers_test

import (
	"context"
	"sync"
	"testing"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// TestANumberIsRegisteredOnceUnderRace: clients of two partners register the same number
// at the same moment, eight times over; exactly one registration wins and the others are
// told the number is already active — on PostgreSQL too, where the existence check alone
// could let two concurrent transactions through.
func TestANumberIsRegisteredOnceUnderRace(t *testing.T) {
	e := newEnv(t)
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup) // test fixtures
	db := e.hub.Store.Client
	wabaB := db.WABA.Create().SetPartnerID(e.f.PartnerB.ID).SetClientID(e.f.ClientB.ID).SetName("WABA B").SaveX(sys)
	const number = "+4915199887766"
	var wg sync.WaitGroup
	var mu sync.Mutex
	won, refused := 0, 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, w := e.f.ClientA, e.f.WABAA
			if i%2 == 1 {
				c, w = e.f.ClientB, wabaB
			}
			err := storage.WithTx(sys, db, func(tx *ent.Tx) error {
				_, err := e.hub.Channels.Create(sys, tx.Client(), c, w, channels.NewChannel{PhoneNumber: number})
				return err
			})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case apperr.CodeOf(err) == "number_already_active":
				refused++
			default:
				t.Errorf("register: %v", err)
			}
		}()
	}
	wg.Wait()
	if won != 1 || refused != 7 {
		t.Fatalf("%d registrations won, %d refused; want 1 and 7", won, refused)
	}
	if n := db.Channel.Query().Where(channel.PhoneNumber(number)).CountX(sys); n != 1 {
		t.Fatalf("%d channels carry the number", n)
	}
}
