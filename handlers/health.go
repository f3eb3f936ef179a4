package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// HealthResponse reports liveness or readiness.
type HealthResponse struct {
	Status string            `json:"status" example:"ok"`
	Checks map[string]string `json:"checks,omitempty"`
}

// healthz godoc
//
//	@Summary      Liveness
//	@Description  200 while the process serves HTTP.
//	@Tags         operations
//	@Produce      json
//	@Success      200  {object}  HealthResponse
//	@Router       /healthz [get]
func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, HealthResponse{Status: "ok"})
}

// readyz godoc
//
//	@Summary      Readiness
//	@Description  200 when the database answers and its migrations are current; 503 otherwise.
//	@Tags         operations
//	@Produce      json
//	@Success      200  {object}  HealthResponse
//	@Failure      503  {object}  HealthResponse
//	@Router       /readyz [get]
func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	checks := map[string]string{"database": "ok", "migrations": "ok"}
	status := http.StatusOK
	if err := s.hub.Store.DB.PingContext(ctx); err != nil {
		checks["database"] = "unreachable"
		status = http.StatusServiceUnavailable
	} else if err := s.hub.Store.MigrationsCurrent(ctx); err != nil {
		checks["migrations"] = err.Error()
		status = http.StatusServiceUnavailable
	}
	body := HealthResponse{Status: "ok", Checks: checks}
	if status != http.StatusOK {
		body.Status = "unavailable"
	}
	c.JSON(status, body)
}
