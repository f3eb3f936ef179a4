package support

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/kbarticle"
	"github.com/partnerhub/partnerhub/ent/ticketmessage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// maskNotice tells a requester that keys were masked.
func maskNotice(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "We masked an API key in your text before storing it. Never share full API keys: revoke that key and create a new one."
	}
	return fmt.Sprintf("We masked %d API keys in your text before storing it. Never share full API keys: revoke those keys and create new ones.", n)
}

// addMessage appends a message to t's conversation. A message of the requester or an
// agent is written with the caller's viewer (so the privacy rules check it); a message of
// the hub itself (side "system") is not.
func (s *Service) addMessage(ctx context.Context, db *ent.Client, t *ent.Ticket, kind, side string, author *string, body string, masked int, at time.Time) (*ent.TicketMessage, error) {
	// The conversation's numbering counts internal notes too, which a requester's viewer
	// cannot read; and the hub's own messages (the knowledge-base suggestions, the
	// escalation notice) are its bookkeeping, not the viewer's words.
	sys := tenancy.AsSystem(ctx, tenancy.Bookkeeping)
	n, err := db.TicketMessage.Query().Where(ticketmessage.TicketID(t.ID)).Count(sys)
	if err != nil {
		return nil, err
	}
	wctx := ctx
	if side == "system" {
		wctx = sys
	}
	return db.TicketMessage.Create().SetTicketID(t.ID).SetPartnerID(t.PartnerID).SetNillableClientID(t.ClientID).
		SetKind(ticketmessage.Kind(kind)).SetAuthorSide(ticketmessage.AuthorSide(side)).SetNillableAuthorUserID(author).
		SetBody(body).SetKeysMasked(masked).SetCreatedAt(at).SetSeq(n + 1).Save(wctx)
}

// suggestArticles adds the automated knowledge-base message for the ticket's topic: up to
// five published articles. It is not a reply by support, so it never stops the
// first-response timer.
func (s *Service) suggestArticles(ctx context.Context, db *ent.Client, t *ent.Ticket, at time.Time) error {
	// Published articles are readable by every signed-in viewer.
	arts, err := db.KBArticle.Query().Where(kbarticle.Topic(t.Topic), kbarticle.Published(true)).
		Order(ent.Asc(kbarticle.FieldTitle)).Limit(5).All(ctx)
	if err != nil || len(arts) == 0 {
		return err
	}
	var b strings.Builder
	b.WriteString("While support looks at your request, these articles may help:")
	for _, a := range arts {
		b.WriteString("\n- " + a.Title)
		if a.URL != nil {
			b.WriteString(" (" + *a.URL + ")")
		}
	}
	_, err = s.addMessage(ctx, db, t, "automated", "system", nil, b.String(), 0, at)
	return err
}
