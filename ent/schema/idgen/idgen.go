// Package idgen makes the short random identifiers PartnerHub uses for every object:
// random base62 characters followed by a type suffix ("…PA", "…CL", "…CH"), as in the
// 360dialog Partner API.
package idgen

import (
	"crypto/rand"
	"encoding/binary"
)

// Suffixes of the object types: each id ends with two letters naming its type, as the Partner API's do.
const (
	Partner       = "PA"
	Client        = "CL"
	WABA          = "WA"
	Channel       = "CH"
	PartnerChange = "PCR"
	User          = "US"
	AuditLog      = "AU"
	RefreshToken  = "RT"
	Event         = "EV"
	OTPChallenge  = "OT"
	SimulatorMsg  = "SM"
	LimitRaise    = "LR"
	ChannelKey    = "CK"
	PartnerKey    = "PK"
	Migration     = "MG"
	Template      = "TP"
	Registration  = "RG"
	Ticket        = "TK"
	TicketMessage = "TM"
	SLAPolicy     = "SP"
	KBArticle     = "KB"
	SimulatedUser = "SU"
)

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// randomLength is the number of random characters: 62^10 ≈ 8·10^17 values, so a
// collision among a billion rows stays below one in a million.
const randomLength = 10

// New returns randomLength base62 characters from crypto/rand followed by suffix.
// Characters are drawn by rejection sampling so every one is uniform.
func New(suffix string) string {
	out := make([]byte, 0, randomLength+len(suffix))
	var buf [32]byte
	for len(out) < randomLength {
		if _, err := rand.Read(buf[:]); err != nil {
			panic("idgen: crypto/rand failed: " + err.Error())
		}
		for i := 0; i+1 < len(buf) && len(out) < randomLength; i += 2 {
			v := binary.BigEndian.Uint16(buf[i:]) >> 10 // 0..63
			if v < 62 {
				out = append(out, alphabet[v])
			}
		}
	}
	return string(append(out, suffix...))
}

// Generator returns a func suitable for ent's DefaultFunc.
func Generator(suffix string) func() string {
	return func() string { return New(suffix) }
}
