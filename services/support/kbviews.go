package support

import (
	"time"

	"github.com/partnerhub/partnerhub/ent"
)

// The knowledge base's API shapes. Package kb serves the articles; the shapes are declared
// here, with the rest of the support desk's, so the API names them support.… and the
// topic list and the tickets' suggestions show articles the same way.

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

// ArticleView is article a as the API shows it.
func ArticleView(a *ent.KBArticle) KBArticleView {
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
