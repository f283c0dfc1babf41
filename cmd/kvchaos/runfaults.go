package main

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/kvchaos/kvchaos/backends"
)

// withSimParam adds name=value to a sim:// URL that does not set name.
// Other URLs are returned unchanged with ok false.
func withSimParam(raw, name, value string) (_ string, ok bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "sim" {
		return raw, false
	}
	if u.Query().Has(name) {
		return raw, true
	}
	sep := "?"
	if strings.Contains(raw, "?") {
		sep = "&"
	}
	return raw + sep + name + "=" + url.QueryEscape(value), true
}

// withNemesis turns --nemesis into the sim:// URL's nemesis= parameter (a
// nemesis= already in the URL wins). Only the simulator injects faults.
func withNemesis(raw, nemesis string) (string, error) {
	if nemesis == "" {
		return raw, nil
	}
	out, ok := withSimParam(raw, "nemesis", nemesis)
	if !ok {
		return "", fmt.Errorf("--nemesis: fault injection needs a sim:// store, not %q", backends.Redact(raw))
	}
	return out, nil
}
