package schema

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	entschema "entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/privacy"
	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// KBArticle is a knowledge-base article for one support topic, suggested to requesters
// before they submit a ticket. Operators manage them.
type KBArticle struct{ ent.Schema }

// Mixin of the KBArticle.
func (KBArticle) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.KBArticle}, TimeMixin{}, OwnPolicy(KBArticle{}.policy())}
}

// Fields of the KBArticle.
func (KBArticle) Fields() []ent.Field {
	return []ent.Field{
		field.String("topic").NotEmpty().MaxLen(64),
		field.String("title").NotEmpty().MaxLen(200),
		field.Text("body").Default(""),
		field.String("url").Optional().Nillable().MaxLen(2048),
		field.String("language").Default("en").MaxLen(8),
		field.Bool("published").Default(true),
		field.String("created_by").Optional().Nillable().Immutable(),
	}
}

// Indexes of the KBArticle.
func (KBArticle) Indexes() []ent.Index {
	return []ent.Index{index.Fields("topic", "published")}
}

// Annotations of the KBArticle.
func (KBArticle) Annotations() []entschema.Annotation {
	return []entschema.Annotation{entsql.Annotation{Table: "kb_articles"}}
}

// policy of the KBArticle: every signed-in viewer reads (the support service shows
// tenants published articles only); platform staff write.
func (KBArticle) policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.ContextQueryMutationRule(func(ctx context.Context) error {
			if tenancy.FromContext(ctx) != nil {
				return privacy.Allow
			}
			return privacy.Denyf("no viewer")
		})},
		Mutation: privacy.MutationPolicy{privacy.ContextQueryMutationRule(func(ctx context.Context) error {
			if tenancy.FromContext(ctx).IsPlatform() {
				return privacy.Allow
			}
			return privacy.Denyf("operators only")
		})},
	}
}
