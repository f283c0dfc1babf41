package edgewire

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/kvchaos/kvchaos/kv"
)

// Discover asks the server at baseURL whether it is a kvchaos emulator:
// it GETs baseURL+RegionsPath with the given headers (the dialect's
// credential) and returns the Info. ok is false, with a nil error, when the
// server answered but is not an emulator (any status other than 200, or a
// body that is not an Info); err is set when the server could not be asked
// at all. Error texts never contain the headers.
func Discover(ctx context.Context, client *http.Client, baseURL string, header http.Header) (info Info, ok bool, err error) {
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(baseURL, "/")+RegionsPath, nil)
	if err != nil {
		return Info{}, false, fmt.Errorf("emulator discovery: %w", err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := client.Do(req)
	if err != nil {
		return Info{}, false, fmt.Errorf("emulator discovery: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Info{}, false, fmt.Errorf("emulator discovery: reading the answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return Info{}, false, nil
	}
	if json.Unmarshal(body, &info) != nil || info.Dialect == "" || len(info.Regions) == 0 {
		return Info{}, false, nil
	}
	return info, true, nil
}

// Quiesce POSTs to baseURL+QuiescePath with the given headers (the
// dialect's credential), bringing the emulator's store to rest. It returns
// an error wrapping kv.ErrUnsupported when the server cannot quiesce (501,
// or 404/405 from a server that is not an emulator), and one naming the
// status for any other failure. Error texts never contain the headers.
func Quiesce(ctx context.Context, client *http.Client, baseURL string, header http.Header) error {
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(baseURL, "/")+QuiescePath, nil)
	if err != nil {
		return fmt.Errorf("emulator quiesce: %w", err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("emulator quiesce: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	switch resp.StatusCode {
	case http.StatusOK, http.StatusNoContent:
		return nil
	case http.StatusNotImplemented, http.StatusNotFound, http.StatusMethodNotAllowed:
		return fmt.Errorf("emulator quiesce: %s: %w", resp.Status, kv.ErrUnsupported)
	}
	return fmt.Errorf("emulator quiesce: %s", resp.Status)
}
