package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"github.com/partnerhub/partnerhub/ent/idgen"
)

// IDMixin gives a schema a short random string id with a type suffix (SPEC §3).
type IDMixin struct {
	mixin.Schema
	Suffix string
}

// Fields of the IDMixin.
func (m IDMixin) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").DefaultFunc(idgen.Generator(m.Suffix)).Immutable().NotEmpty().MaxLen(32),
	}
}

// TimeMixin records creation and last modification, in UTC.
type TimeMixin struct{ mixin.Schema }

// Fields of the TimeMixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(now).Immutable(),
		field.Time("modified_at").Default(now).UpdateDefault(now),
	}
}

func now() time.Time { return time.Now().UTC() }
