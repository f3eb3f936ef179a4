// Package apikey is the format of PartnerHub's API keys (reference apikey-anchors §3.1):
// "<prefix>_<32 base62 random><6 base62 CRC32>", 42 characters. The prefix names the
// type — channel keys (D360-API-KEY), partner API keys (X-API-Key) and sandbox channel
// keys differ — so a key of the wrong type is refused before any lookup, and the checksum
// lets garbage be refused without hashing or touching the database, and lets Redact find
// real keys in free text with almost no false positives. It is a pure package: no I/O.
package keyformat

import (
	"crypto/rand"
	"crypto/sha256"
	"hash/crc32"
	"regexp"
	"strings"
)

// Type is the kind of a key.
type Type string

// The key types and their prefixes.
const (
	Channel Type = "phc" // channel key, D360-API-KEY
	Partner Type = "php" // partner API key, X-API-Key
	Sandbox Type = "pht" // sandbox channel key
)

// Length is the length of every key.
const Length = 4 + randomLen + checksumLen

const (
	randomLen   = 32 // ≈ 190 bits
	checksumLen = 6
	alphabet    = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)

// New returns a fresh key of type t.
func New(t Type) string {
	b := make([]byte, 0, Length)
	b = append(b, t...)
	b = append(b, '_')
	var buf [64]byte
	for len(b) < 4+randomLen {
		if _, err := rand.Read(buf[:]); err != nil {
			panic("apikey: crypto/rand failed: " + err.Error())
		}
		for _, c := range buf {
			// Rejection sampling: 62·4 = 248 values map evenly; the rest are dropped.
			if c < 248 && len(b) < 4+randomLen {
				b = append(b, alphabet[c%62])
			}
		}
	}
	return string(appendChecksum(b))
}

func appendChecksum(b []byte) []byte {
	sum := crc32.ChecksumIEEE(b)
	var cs [checksumLen]byte
	for i := checksumLen - 1; i >= 0; i-- {
		cs[i] = alphabet[sum%62]
		sum /= 62
	}
	return append(b, cs[:]...)
}

// Check reports the type of key if it is well formed — known prefix, length, alphabet and
// checksum — and false otherwise. It allocates nothing.
func Check(key string) (Type, bool) {
	if len(key) != Length || key[3] != '_' {
		return "", false
	}
	t := Type(key[:3])
	if t != Channel && t != Partner && t != Sandbox {
		return "", false
	}
	for i := 4; i < Length; i++ {
		if !isBase62(key[i]) {
			return "", false
		}
	}
	sum := crcString(key[:4+randomLen])
	for i := Length - 1; i >= 4+randomLen; i-- {
		if key[i] != alphabet[sum%62] {
			return "", false
		}
		sum /= 62
	}
	return t, true
}

// crcString is crc32.ChecksumIEEE over a string without converting it to a slice, so
// Check allocates nothing.
func crcString(s string) uint32 {
	crc := ^uint32(0)
	for i := 0; i < len(s); i++ {
		crc = crc32.IEEETable[byte(crc)^s[i]] ^ (crc >> 8)
	}
	return ^crc
}

func isBase62(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
}

// Hash is what is stored and looked up: SHA-256 of the whole key. Keys carry ~190 bits of
// randomness, so a slow password hash would add cost and no safety.
func Hash(key string) [32]byte { return sha256.Sum256([]byte(key)) }

// Hint is the part of a key that may be shown again: its last 4 random characters.
func Hint(key string) string {
	if len(key) != Length {
		return ""
	}
	return key[4+randomLen-4 : 4+randomLen]
}

var candidate = regexp.MustCompile(`\bph[cpt]_[0-9A-Za-z]{38}\b`)

// Redact replaces every well-formed key in text with "<prefix>_…<hint> [redacted]" and
// reports how many it found. Strings that look like keys but fail the checksum stay.
func Redact(text string) (string, int) {
	n := 0
	out := candidate.ReplaceAllStringFunc(text, func(m string) string {
		if _, ok := Check(m); !ok {
			return m
		}
		n++
		return m[:4] + "…" + Hint(m) + " [redacted]"
	})
	return out, n
}

// Contains reports whether text holds a well-formed key.
func Contains(text string) bool {
	if !strings.Contains(text, "_") {
		return false
	}
	_, n := Redact(text)
	return n > 0
}
