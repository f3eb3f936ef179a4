// Package ent holds the generated data-access code for PartnerHub; schemas live in ent/schema.
package ent

//go:generate go tool ent generate --feature privacy,entql,sql/upsert,sql/versioned-migration,sql/execquery,sql/lock ./schema
