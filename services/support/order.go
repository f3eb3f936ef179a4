package support

import (
	"entgo.io/ent/dialect/sql"

	"github.com/partnerhub/partnerhub/ent/ticketchange"
)

func sqlDesc() sql.OrderTermOption      { return sql.OrderDesc() }
func sqlNullsLast() sql.OrderTermOption { return sql.OrderNullsLast() }

func ticketchangeField(f string) ticketchange.Field { return ticketchange.Field(f) }
