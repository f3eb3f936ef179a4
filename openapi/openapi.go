// Package openapi embeds the generated API description: swagger.json (Swagger 2.0, written
// by swag from the handler annotations) and openapi3.json (the same converted to OpenAPI 3,
// from which the frontend's TypeScript types are generated). Regenerate with make generate.
package openapi

import _ "embed"

// SwaggerJSON is the Swagger 2.0 document.
//
//go:embed swagger.json
var SwaggerJSON []byte
