package handlers

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
	swaggerFiles "github.com/swaggo/files"
	ginSwagger "github.com/swaggo/gin-swagger"

	"github.com/partnerhub/partnerhub/openapi"
)

// openapiJSON serves the generated Swagger 2.0 document.
func (s *Server) openapiJSON(c *gin.Context) {
	c.Data(http.StatusOK, "application/json; charset=utf-8", openapi.SwaggerJSON)
}

// swaggerUI serves Swagger UI at /swagger/index.html, reading /openapi.json.
func (s *Server) swaggerUI() gin.HandlerFunc {
	return ginSwagger.WrapHandler(swaggerFiles.Handler, ginSwagger.URL("/openapi.json"))
}

// apiPrefixes are paths that never fall back to the web app: unknown ones are JSON 404s.
var apiPrefixes = []string{"/api/", "/v1/", "/swagger/", "/health_status"}

// noRoute serves the web app for everything that is not an API path: a file when one
// exists, index.html otherwise (client-side routes). Unknown API paths get a 404 envelope.
//
// Errors: route_not_found.
func (s *Server) noRoute(c *gin.Context) {
	p := c.Request.URL.Path
	isAPI := false
	for _, prefix := range apiPrefixes {
		if strings.HasPrefix(p, prefix) || p == strings.TrimSuffix(prefix, "/") {
			isAPI = true
		}
	}
	if isAPI || (c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead) || s.ui == nil {
		writeError(c, ErrRouteNotFound.New("No such endpoint: "+c.Request.Method+" "+p))
		return
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if name != "" && name != "index.html" {
		if st, err := fs.Stat(s.ui, name); err == nil && !st.IsDir() {
			if strings.HasPrefix(name, "assets/") {
				c.Header("Cache-Control", "public, max-age=31536000, immutable")
			}
			c.FileFromFS(name, http.FS(s.ui))
			return
		}
	}
	index, err := fs.ReadFile(s.ui, "index.html")
	if err != nil {
		writeError(c, ErrRouteNotFound.New("No such page."))
		return
	}
	c.Header("Cache-Control", "no-cache")
	c.Header("Content-Security-Policy", "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, "text/html; charset=utf-8", index)
}

// noMethod answers a known path with the wrong method.
//
// Errors: method_not_allowed.
func (s *Server) noMethod(c *gin.Context) {
	if s.answeredWithoutMediaRoutes(c) {
		return
	}
	writeError(c, ErrMethodNotAllowed.New("Method "+c.Request.Method+" is not allowed on "+c.Request.URL.Path))
}
