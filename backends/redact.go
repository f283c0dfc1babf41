package backends

import "github.com/kvchaos/kvchaos/internal/redact"

// Redact returns rawURL with its secrets replaced by "xxxxx", for logs,
// histories and reports: the password of user:password@, a username-only
// credential (token@host; kept when a password= query parameter shows it
// is a user name), the value of every query parameter whose name
// contains token, secret, password, passwd or key (case-insensitive), and
// the same secrets inside query values that are URLs themselves
// (endpoint=http://user:pw@host). An unparseable URL is shown as
// "scheme://(unparseable URL)" (or "(unparseable URL)" without a valid
// scheme), since its text could hold anything.
func Redact(rawURL string) string { return redact.URL(rawURL) }
