package support

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/kbarticle"
	"github.com/partnerhub/partnerhub/ent/viewer"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/storage"
)

// KBArticleView is a knowledge-base article.
type KBArticleView struct {
	ID         string    `json:"id"`
	Topic      string    `json:"topic" example:"templates"`
	Title      string    `json:"title"`
	Body       string    `json:"body"`
	URL        *string   `json:"url"`
	Language   string    `json:"language" example:"en"`
	Published  bool      `json:"published"`
	CreatedAt  time.Time `json:"created_at"`
	ModifiedAt time.Time `json:"modified_at"`
}

func articleView(a *ent.KBArticle) KBArticleView {
	return KBArticleView{ID: a.ID, Topic: a.Topic, Title: a.Title, Body: a.Body, URL: a.URL, Language: a.Language,
		Published: a.Published, CreatedAt: a.CreatedAt.UTC(), ModifiedAt: a.ModifiedAt.UTC()}
}

// KBArticleRequest creates an article (topic and title required) or changes the fields
// it names.
type KBArticleRequest struct {
	Topic     *string `json:"topic" example:"templates"`
	Title     *string `json:"title" example:"Why templates get rejected"`
	Body      *string `json:"body"`
	URL       *string `json:"url" example:"https://docs.example.com/templates"`
	Language  *string `json:"language" example:"en"`
	Published *bool   `json:"published"`
}

func (r KBArticleRequest) check(create bool) []string {
	var problems []string
	if r.Topic != nil || create {
		if _, ok := TopicOf(deref(r.Topic)); !ok {
			problems = append(problems, "topic: must be one of "+topicKeys)
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
	if r.Language != nil && NormaliseLanguage(*r.Language) == "" {
		problems = append(problems, "language: must be one of "+strings.Join(Languages, ", "))
	}
	return problems
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func requireAdmin(ctx context.Context, what string) error {
	if v := viewer.FromContext(ctx); v == nil || v.Role != viewer.PlatformAdmin {
		return apperr.New(apperr.Forbidden, "forbidden", "Only platform admins "+what+".")
	}
	return nil
}

// CreateArticle adds a knowledge-base article (platform admins).
func (s *Service) CreateArticle(ctx context.Context, r KBArticleRequest) (*KBArticleView, error) {
	if err := requireAdmin(ctx, "manage knowledge-base articles"); err != nil {
		return nil, err
	}
	if p := r.check(true); len(p) > 0 {
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
			c.SetLanguage(NormaliseLanguage(*r.Language))
		}
		if r.Published != nil {
			c.SetPublished(*r.Published)
		}
		if v := viewer.FromContext(ctx); v.UserID != "" {
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
	v := articleView(a)
	return &v, nil
}

// UpdateArticle changes the fields r names (platform admins).
func (s *Service) UpdateArticle(ctx context.Context, id string, r KBArticleRequest) (*KBArticleView, error) {
	if err := requireAdmin(ctx, "manage knowledge-base articles"); err != nil {
		return nil, err
	}
	if p := r.check(false); len(p) > 0 {
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
			u.SetLanguage(NormaliseLanguage(*r.Language))
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
	v := articleView(a)
	return &v, nil
}

// DeleteArticle removes an article (platform admins).
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
func (s *Service) Articles(ctx context.Context, topic string) ([]KBArticleView, error) {
	q := s.db.KBArticle.Query()
	if topic != "" {
		if _, ok := TopicOf(topic); !ok {
			return nil, apperr.Validation("topic: must be one of " + topicKeys)
		}
		q.Where(kbarticle.Topic(topic))
	}
	if !isStaff(viewer.FromContext(ctx)) {
		q.Where(kbarticle.Published(true))
	}
	as, err := q.Order(ent.Asc(kbarticle.FieldTopic), ent.Asc(kbarticle.FieldTitle), ent.Asc(kbarticle.FieldID)).Limit(1000).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	out := make([]KBArticleView, len(as))
	for i, a := range as {
		out[i] = articleView(a)
	}
	return out, nil
}

// TopicView is a topic as the new-ticket form shows it: the caller's default severity
// (under the caller's support package), what must be included, and articles to read first.
type TopicView struct {
	Topic
	DefaultSeverity string          `json:"default_severity" enums:"critical,urgent,standard"`
	KBArticles      []KBArticleView `json:"kb_articles"`
}

// TopicList returns the topic catalogue with each topic's published articles.
func (s *Service) TopicList(ctx context.Context) ([]TopicView, error) {
	v := viewer.FromContext(ctx)
	pkg := "standard"
	if v != nil && !isStaff(v) && v.PartnerID != "" {
		sys := viewer.SystemContext(ctx)
		if v.ClientID != "" {
			if c, err := s.db.ClientAccount.Get(sys, v.ClientID); err == nil {
				pkg = packageOf(string(c.Plan))
			}
		} else if p, err := s.db.Partner.Get(sys, v.PartnerID); err == nil {
			pkg = packageOf(string(p.PartnerPlan))
		}
	}
	arts, err := s.db.KBArticle.Query().Where(kbarticle.Published(true)).
		Order(ent.Asc(kbarticle.FieldTitle), ent.Asc(kbarticle.FieldID)).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	byTopic := map[string][]KBArticleView{}
	for _, a := range arts {
		byTopic[a.Topic] = append(byTopic[a.Topic], articleView(a))
	}
	out := make([]TopicView, len(Topics))
	for i, t := range Topics {
		out[i] = TopicView{Topic: t, DefaultSeverity: t.SeverityFor(pkg), KBArticles: byTopic[t.Key]}
		if out[i].KBArticles == nil {
			out[i].KBArticles = []KBArticleView{}
		}
		if out[i].Required == nil {
			out[i].Required = []InfoItem{}
		}
	}
	return out, nil
}
