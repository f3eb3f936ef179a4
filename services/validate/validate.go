// Package validate checks service input structs with go-playground/validator and turns
// failures into one apperr.Validation error listing every broken field as "field: why",
// with field names as the JSON names the caller sent.
package validate

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/partnerhub/partnerhub/services/apperr"
)

var v = func() *validator.Validate {
	val := validator.New(validator.WithRequiredStructEnabled())
	val.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		if name == "" {
			return f.Name
		}
		return name
	})
	return val
}()

// Struct validates s by its `validate` tags.
//
// Errors: validation_failed.
func Struct(s any) error {
	err := v.Struct(s)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return apperr.From(err)
	}
	details := make([]string, 0, len(ves))
	for _, fe := range ves {
		details = append(details, field(fe)+": "+why(fe))
	}
	return apperr.Validation(details...)
}

// field returns the dotted JSON path of fe without the top-level struct name.
func field(fe validator.FieldError) string {
	ns := fe.Namespace()
	if _, rest, ok := strings.Cut(ns, "."); ok {
		return rest
	}
	return fe.Field()
}

func why(fe validator.FieldError) string {
	p := fe.Param()
	switch fe.Tag() {
	case "required", "required_with", "required_without":
		return "is required"
	case "email":
		return "must be a valid email address"
	case "min":
		if fe.Kind() == reflect.String {
			return fmt.Sprintf("must be at least %s characters", p)
		}
		return "must be at least " + p
	case "max":
		if fe.Kind() == reflect.String {
			return fmt.Sprintf("must be at most %s characters", p)
		}
		return "must be at most " + p
	case "oneof":
		return "must be one of: " + strings.ReplaceAll(p, " ", ", ")
	case "iso3166_1_alpha2":
		return "must be an ISO 3166-1 alpha-2 country code"
	case "url", "http_url":
		return "must be a valid URL"
	case "printascii", "printunicode":
		return "contains characters that are not allowed"
	}
	return "is invalid (" + fe.Tag() + ")"
}
