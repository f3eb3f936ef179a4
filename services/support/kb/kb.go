// Package kb is the support desk's knowledge base: articles by support topic, which
// platform admins write and support staff list, and of which requesters see the published
// ones (in the topic list and as suggestions on a new ticket, both served by package
// support). The articles' API shapes are declared in package support.
package kb

import (
	"context"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/kbarticle"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/support"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Service serves the knowledge base.
type Service struct {
	db    *ent.Client
	clock clock.Clock
}

// New returns the knowledge-base service over db.
func New(db *ent.Client, clk clock.Clock) *Service {
	return &Service{db: db, clock: clk}
}

// check lists what is wrong with r, for a new article (create: topic and title required)
// or a change.
func check(r support.KBArticleRequest, create bool) []string {
	var problems []string
	if r.Topic != nil || create {
		if _, ok := support.TopicOf(deref(r.Topic)); !ok {
			problems = append(problems, "topic: must be one of "+support.TopicKeys)
		}
	}
	if r.Title != nil || create {
		if t := strings.TrimSpace(deref(r.Title)); t == "" || utf8.RuneCountInString(t) > 200 {
			problems = append(problems, "title: is required, at most 200 characters")
		}
	}
	if r.Body != nil && utf8.RuneCountInString(*r.Body) > 20000 {
		problems = append(problems, "body: must be at most 20000 characters")
	}
	if r.URL != nil && *r.URL != "" {
		u, err := url.Parse(*r.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(*r.URL) > 2048 {
			problems = append(problems, "url: must be an http(s) address")
		}
	}
	if r.Language != nil && support.NormaliseLanguage(*r.Language) == "" {
		problems = append(problems, "language: must be one of "+strings.Join(support.Languages, ", "))
	}
	return problems
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// requireAdmin refuses anyone but a platform admin, saying they alone may do what.
//
// Errors: forbidden.
func requireAdmin(ctx context.Context, what string) error {
	if v := tenancy.FromContext(ctx); v == nil || v.Role != tenancy.PlatformAdmin {
		return apperr.ErrForbidden.New("Only platform admins " + what + ".")
	}
	return nil
}

// CreateArticle adds a knowledge-base article (platform admins).
//
// Errors: forbidden, validation_failed.
func (s *Service) CreateArticle(ctx context.Context, r support.KBArticleRequest) (*support.KBArticleView, error) {
	if err := requireAdmin(ctx, "manage knowledge-base articles"); err != nil {
		return nil, err
	}
	if p := check(r, true); len(p) > 0 {
		return nil, apperr.Validation(p...)
	}
	now := s.clock.Now().UTC()
	var a *ent.KBArticle
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		c := tx.KBArticle.Create().SetTopic(*r.Topic).SetTitle(strings.TrimSpace(*r.Title)).SetBody(deref(r.Body)).
			SetCreatedAt(now).SetModifiedAt(now)
		if r.URL != nil && *r.URL != "" {
			c.SetURL(*r.URL)
		}
		if r.Language != nil {
			c.SetLanguage(support.NormaliseLanguage(*r.Language))
		}
		if r.Published != nil {
			c.SetPublished(*r.Published)
		}
		if v := tenancy.FromContext(ctx); v.UserID != "" {
			c.SetCreatedBy(v.UserID)
		}
		var err error
		if a, err = c.Save(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx.Client(), audit.Entry{Action: "kb_article.created", ObjectType: "kb_article", ObjectID: a.ID,
			Details: map[string]any{"topic": a.Topic, "title": a.Title}, At: now})
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	v := support.ArticleView(a)
	return &v, nil
}

// UpdateArticle changes the fields r names (platform admins).
//
// Errors: forbidden, validation_failed, not_found.
func (s *Service) UpdateArticle(ctx context.Context, id string, r support.KBArticleRequest) (*support.KBArticleView, error) {
	if err := requireAdmin(ctx, "manage knowledge-base articles"); err != nil {
		return nil, err
	}
	if p := check(r, false); len(p) > 0 {
		return nil, apperr.Validation(p...)
	}
	now := s.clock.Now().UTC()
	var a *ent.KBArticle
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		u := tx.KBArticle.UpdateOneID(id).SetModifiedAt(now)
		if r.Topic != nil {
			u.SetTopic(*r.Topic)
		}
		if r.Title != nil {
			u.SetTitle(strings.TrimSpace(*r.Title))
		}
		if r.Body != nil {
			u.SetBody(*r.Body)
		}
		if r.URL != nil {
			if *r.URL == "" {
				u.ClearURL()
			} else {
				u.SetURL(*r.URL)
			}
		}
		if r.Language != nil {
			u.SetLanguage(support.NormaliseLanguage(*r.Language))
		}
		if r.Published != nil {
			u.SetPublished(*r.Published)
		}
		var err error
		if a, err = u.Save(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx.Client(), audit.Entry{Action: "kb_article.updated", ObjectType: "kb_article", ObjectID: a.ID, At: now})
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	v := support.ArticleView(a)
	return &v, nil
}

// DeleteArticle removes an article (platform admins).
//
// Errors: forbidden, not_found.
func (s *Service) DeleteArticle(ctx context.Context, id string) error {
	if err := requireAdmin(ctx, "manage knowledge-base articles"); err != nil {
		return err
	}
	now := s.clock.Now().UTC()
	return apperr.From(storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		if err := tx.KBArticle.DeleteOneID(id).Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx.Client(), audit.Entry{Action: "kb_article.deleted", ObjectType: "kb_article", ObjectID: id, At: now})
	}))
}

// Articles lists articles, optionally of one topic: every article for support staff,
// published ones for everybody else.
//
// Errors: validation_failed.
func (s *Service) Articles(ctx context.Context, topic string) ([]support.KBArticleView, error) {
	q := s.db.KBArticle.Query()
	if topic != "" {
		if _, ok := support.TopicOf(topic); !ok {
			return nil, apperr.Validation("topic: must be one of " + support.TopicKeys)
		}
		q.Where(kbarticle.Topic(topic))
	}
	if !support.IsStaff(tenancy.FromContext(ctx)) {
		q.Where(kbarticle.Published(true))
	}
	as, err := q.Order(ent.Asc(kbarticle.FieldTopic), ent.Asc(kbarticle.FieldTitle), ent.Asc(kbarticle.FieldID)).Limit(1000).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	out := make([]support.KBArticleView, len(as))
	for i, a := range as {
		out[i] = support.ArticleView(a)
	}
	return out, nil
}
