package swarm

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
)

// tokenPrefix starts every replay token; the digit is the token format.
const tokenPrefix = "kvchaos1."

// maxTokenLen bounds what DecodeToken reads.
const maxTokenLen = 16 << 10

// Token is what a replay token encodes: the kvchaos version that made the
// run and the run's configuration (seed included).
type Token struct {
	Version string `json:"version"`
	Config  Config `json:"config"`
}

// Encode returns the token as one line of URL-safe characters:
// "kvchaos1." then the base64 of its JSON, safe to paste into a shell, a
// CI log or an issue.
func (t Token) Encode() string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(t) // a Token always encodes
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(bytes.TrimRight(buf.Bytes(), "\n"))
}

// DecodeToken reads a replay token (surrounding white space ignored) and
// validates its configuration, naming what is wrong.
func DecodeToken(s string) (Token, error) {
	var t Token
	s = strings.TrimSpace(s)
	if len(s) > maxTokenLen {
		return t, fmt.Errorf("replay token: %d characters, more than %d", len(s), maxTokenLen)
	}
	body, ok := strings.CutPrefix(s, tokenPrefix)
	if !ok {
		return t, fmt.Errorf("replay token: does not start with %q (a token is the content of a failure directory's replay file)", tokenPrefix)
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return t, fmt.Errorf("replay token: not base64 (was it cut short?): %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return t, fmt.Errorf("replay token: %w", err)
	}
	if err := t.Config.Validate(); err != nil {
		return t, fmt.Errorf("replay token: config: %w", err)
	}
	return t, nil
}
