package users

import (
	"context"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Ref names the person who created or last changed an object, as the Partner API shows
// it: {"user_id": …, "user_name": …} (created_by, modified_by).
type Ref struct {
	UserID   string `json:"user_id"`
	UserName string `json:"user_name"`
}

// Refs returns the Ref of each of ids that names a user. A user who no longer exists keeps
// their id with an empty name.
func Refs(ctx context.Context, db *ent.Client, ids ...string) (map[string]Ref, error) {
	out := make(map[string]Ref, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	// Who changed an object is part of the object: its viewers see the name even when the
	// person is of another tenant (an operator, a client's admin); nothing else is read.
	rows, err := db.User.Query().Where(user.IDIn(ids...)).Select(user.FieldID, user.FieldName).
		All(tenancy.AsSystem(ctx, tenancy.AcrossTenants))
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		out[id] = Ref{UserID: id}
	}
	for _, u := range rows {
		out[u.ID] = Ref{UserID: u.ID, UserName: u.Name}
	}
	return out, nil
}

// RefOf returns the Ref of id in refs, or nil when id is nil (nobody recorded).
func RefOf(refs map[string]Ref, id *string) *Ref {
	if id == nil {
		return nil
	}
	r, ok := refs[*id]
	if !ok {
		r = Ref{UserID: *id}
	}
	return &r
}
