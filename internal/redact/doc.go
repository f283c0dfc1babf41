// Package redact hides the secrets of store URLs: URL for logs, histories
// and reports, Text for any text that may quote a URL's secrets, and
// URLError for errors about a store URL, parseable or not. backends.Redact
// is its public face for adapter authors; the commands and the adapters'
// shared plumbing use it directly.
package redact
