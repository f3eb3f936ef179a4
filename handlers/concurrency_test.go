package handlers_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// TestConcurrentWritersNeverSeeBusy sends 50 concurrent writing requests of two kinds
// (creating partners, and sign-ins that write tokens, audit rows and throttles). On
// SQLite a writer that lost the lock must wait, never surface SQLITE_BUSY as a 5xx.
func TestConcurrentWritersNeverSeeBusy(t *testing.T) {
	e := newEnv(t)
	admin := e.token(platformAdmin)
	member := e.f.Users[partnerMemberA]
	const writers = 50
	var wg sync.WaitGroup
	statuses := make(chan string, writers)
	for i := 0; i < writers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var r *response
			if i%2 == 0 {
				r = e.do("POST", "/api/v2/partners", map[string]string{"brand_name": fmt.Sprintf("Concurrent %d", i)}, anonymous,
					"Authorization", "Bearer "+admin)
				if r.Status != http.StatusCreated {
					statuses <- fmt.Sprintf("create %d: %d %s", i, r.Status, r.Body)
				}
			} else {
				r = e.do("POST", "/api/v2/token", map[string]string{"username": member.Email, "password": testPassword}, anonymous)
				if r.Status != http.StatusOK {
					statuses <- fmt.Sprintf("login %d: %d %s", i, r.Status, r.Body)
				}
			}
		}(i)
	}
	wg.Wait()
	close(statuses)
	for s := range statuses {
		t.Error(s)
	}
	m := e.do("GET", "/api/v2/partners?limit=1", nil, platformAdmin).JSON(t)
	// Three fixture partners (A, B and C, the destination of A's partner change request).
	if got := m["total"].(float64); got != 3+writers/2 {
		t.Errorf("partners after the run: %v, want %d", got, 3+writers/2)
	}
}
