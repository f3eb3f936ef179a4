package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// requireSameOrigin guards the routes that read credentials from a body and open a
// browser session — sign-in and the onboarding sign-up — against login CSRF, where a page
// on another site signs the visitor's browser into an account of the attacker's choosing:
//
//   - a browser request from another origin is refused with 403 csrf_failed, judged by
//     net/http's CrossOriginProtection (Sec-Fetch-Site, or else Origin against Host);
//     requests with neither header (API clients, curl) pass;
//   - a body must be sent as JSON (415): text/plain and form posts are "simple" requests
//     that a foreign page can send without a CORS preflight, JSON is not.
//
// The refresh and logout routes need no such guard: requireCSRF runs the same origin
// check and also wants the double-submit token, and they read no body.
//
// Errors: csrf_failed.
func (s *Server) requireSameOrigin(c *gin.Context) {
	if err := s.crossOrigin.Check(c.Request); err != nil {
		writeError(c, ErrCSRFFailed.New("Cross-origin request refused: sign in from PartnerHub's own pages."))
		return
	}
	if r := c.Request; r.Body != nil && r.Body != http.NoBody && r.ContentLength != 0 {
		if err := requireJSONContent(r); err != nil {
			writeError(c, err)
			return
		}
	}
	c.Next()
}
