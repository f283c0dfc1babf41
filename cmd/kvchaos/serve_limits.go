package main

import (
	"fmt"
	"net"
	"net/http"
	"time"
)

// Limits of kvchaos serve against slow or greedy clients.
const (
	// serveMaxBody bounds a request body: a bulk write of Cloudflare's
	// 10,000 pairs within its 100 MB limit, plus room for the JSON around
	// the values.
	serveMaxBody = 110 << 20
	// serveBigBody is the size from which a request counts as a bulk
	// write: at most serveBulkSlots of them are read at once, so that
	// concurrent 100 MB writes cannot take the memory of the machine.
	serveBigBody   = 1 << 20
	serveBulkSlots = 2
	// Timeouts: a request must arrive whole within serveReadTimeout (a
	// client trickling a byte every few seconds is cut off), an idle
	// keep-alive connection is closed after serveIdleTimeout.
	serveReadHeaderTimeout = 10 * time.Second
	serveReadTimeout       = 2 * time.Minute
	serveWriteTimeout      = 2 * time.Minute
	serveIdleTimeout       = 2 * time.Minute
)

// newServeServer wraps h in the request limits and returns the server
// with its timeouts.
func newServeServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           limitRequests(h, serveMaxBody, serveBulkSlots),
		ReadHeaderTimeout: serveReadHeaderTimeout,
		ReadTimeout:       serveReadTimeout,
		WriteTimeout:      serveWriteTimeout,
		IdleTimeout:       serveIdleTimeout,
	}
}

// limitRequests refuses bodies over maxBody (413, via http.MaxBytesReader)
// and lets at most slots requests with a big or unknown-length body in at
// once; the others wait their turn, or give up with their request.
func limitRequests(h http.Handler, maxBody int64, slots int) http.Handler {
	sem := make(chan struct{}, slots)
	limited := http.MaxBytesHandler(h, maxBody)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxBody {
			http.Error(w, fmt.Sprintf("request body of %d bytes is over the %d-byte limit", r.ContentLength, maxBody), http.StatusRequestEntityTooLarge)
			return
		}
		if r.Body != nil && r.Body != http.NoBody && (r.ContentLength < 0 || r.ContentLength >= serveBigBody) {
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-r.Context().Done():
				return
			}
		}
		limited.ServeHTTP(w, r)
	})
}

// checkExposure refuses to serve on an address other machines can reach
// without a token, unless public is set: anyone there could read and write
// the store.
func checkExposure(listen, token string, public bool) error {
	if token != "" || public {
		return nil
	}
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return fmt.Errorf("--addr: %w", err)
	}
	if host == "localhost" {
		return nil
	}
	ips, err := net.LookupIP(host)
	if host == "" || err != nil || len(ips) == 0 {
		return fmt.Errorf("--addr %s listens on every interface: set $%s so requests must carry a token, or pass --public to serve without one", listen, tokenEnv)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("--addr %s is reachable from other machines (%s): set $%s so requests must carry a token, or pass --public to serve without one", listen, ip, tokenEnv)
		}
	}
	return nil
}
