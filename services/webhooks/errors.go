package webhooks

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes this package returns. A webhook test without a webhook URL answers
// channels.ErrNoWebhook, like a number's webhook test.
var (
	// ErrAlreadyPending: the delivery is queued already.
	ErrAlreadyPending = apperr.Define("already_pending", apperr.Conflict,
		"The webhook delivery is already queued, so it cannot be redelivered now.")
)
