package templates

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes this package returns.
var (
	ErrInvalid        = apperr.Define("template_invalid", apperr.Invalid, "The template breaks WhatsApp's rules; details lists every problem as \"field: why\".")
	ErrExists         = apperr.Define("template_exists", apperr.Conflict, "The WABA already has a template of this name in this language.")
	ErrNameDeleted    = apperr.Define("template_name_deleted", apperr.Conflict, "A template of this name was deleted in the last 30 days; Meta keeps the name blocked until then.")
	ErrLimitReached   = apperr.Define("template_limit_reached", apperr.Conflict, "The WABA holds as many templates as it may: 250 while its business is not verified, 6 000 once it is.")
	ErrNotEditable    = apperr.Define("template_not_editable", apperr.Conflict, "Only approved, rejected or paused templates can be edited; the message says the template's status.")
	ErrCategoryLocked = apperr.Define("template_category_locked", apperr.Conflict, "The category of an approved template cannot change; create a new template instead.")
	ErrEditLimited    = apperr.Define("template_edit_limited", apperr.RateLimited, "An approved template may be edited once in 24 hours and 10 times in 30 days; Retry-After says when the next edit is allowed.")
)
