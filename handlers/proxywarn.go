package handlers

import (
	"log/slog"
	"sync"

	"github.com/gin-gonic/gin"
)

// untrustedForwarding makes the warning of warnUntrustedForwarding once per process, not
// once per Server.
var untrustedForwarding = new(sync.Once)

// warnUntrustedForwarding is registered when no proxy is trusted (Config.TrustedProxies
// empty). The first request that carries X-Forwarded-For or X-Real-IP logs one warning:
// the header is ignored, so if a reverse proxy sets it, every client has the proxy's
// address, and login throttling per IP, audit IPs and API key IP rules see one client.
// Ignoring it is right when nothing sits in front (the header would be the caller's own
// claim), so this only warns.
func warnUntrustedForwarding(log *slog.Logger, once *sync.Once) gin.HandlerFunc {
	return func(c *gin.Context) {
		header := "X-Forwarded-For"
		if c.Request.Header.Get(header) == "" {
			header = "X-Real-IP"
		}
		if c.Request.Header.Get(header) != "" {
			once.Do(func() {
				log.Warn("a request carries "+header+" but no proxy is trusted, so the header is ignored and the "+
					"connection's address is taken as the client's; if PartnerHub runs behind a reverse proxy, "+
					"set --trusted-proxies (PARTNERHUB_TRUSTED_PROXIES) to the proxy's addresses, or every client "+
					"shares the proxy's IP for login throttling, audit logs and API key IP rules",
					"header", header, "remote_addr", c.Request.RemoteAddr)
			})
		}
		c.Next()
	}
}
