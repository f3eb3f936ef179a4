package accountsharing

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes this package returns.
var (
	// ErrWABAOfAnotherClient: the WABA named is another client's.
	ErrWABAOfAnotherClient = apperr.Define("waba_of_another_client", apperr.Conflict, "The WABA named by waba_external_id belongs to another client.")
)
