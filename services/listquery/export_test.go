package listquery

// WhereTerms and OrderTerms count a parsed query's predicates and order terms, for the
// tests of Parse.
func (q *Query) WhereTerms() int { return len(q.where) }
func (q *Query) OrderTerms() int { return len(q.order) }
