package cloudflare

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/internal/kvrule"
	"github.com/kvchaos/kvchaos/kv"
)

// The REST API's page size bounds.
const (
	minPage = 10
	maxPage = 1000
)

// cursorTag marks the adapter's own cursors: base64url(JSON [service
// cursor, last key returned]). They arise only for pages smaller than
// minPage.
const cursorTag = "kvchaos~"

// listAnswer is the part of a listing's envelope the adapter reads.
type listAnswer struct {
	Result []struct {
		Name string `json:"name"`
	} `json:"result"`
	ResultInfo struct {
		Cursor string `json:"cursor"`
	} `json:"result_info"`
}

// List returns up to limit keys starting with prefix after cursor.
func (b *Backend) List(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	if limit < 1 || limit > maxPage {
		return kv.Page{}, adapterkit.Wrap(store, "list", prefix, kv.ErrInvalidArgument, fmt.Errorf("page size %d is outside 1..%d", limit, maxPage))
	}
	inner, after, err := decodeCursor(cursor)
	if err != nil {
		return kv.Page{}, adapterkit.Wrap(store, "list", prefix, kv.ErrInvalidArgument, err)
	}
	q := url.Values{}
	q.Set("limit", strconv.Itoa(max(limit, minPage)))
	if prefix != "" {
		q.Set("prefix", prefix)
	}
	if inner != "" {
		q.Set("cursor", inner)
	}
	body, err := b.do(ctx, "list", http.MethodGet, prefix, b.base+"/keys?"+q.Encode(), nil)
	if err != nil {
		return kv.Page{}, err
	}
	var ans listAnswer
	if err := json.Unmarshal(body, &ans); err != nil {
		return kv.Page{}, adapterkit.Wrap(store, "list", prefix, kv.ErrUnavailable, fmt.Errorf("the answer is not a key listing: %w", err))
	}
	keys := make([]string, 0, len(ans.Result))
	for _, k := range ans.Result {
		if after == "" || k.Name > after {
			keys = append(keys, k.Name)
		}
	}
	if len(keys) > limit {
		keys = keys[:limit]
		return kv.Page{Keys: keys, Cursor: encodeCursor(inner, keys[limit-1])}, nil
	}
	return kv.Page{Keys: keys, Cursor: ans.ResultInfo.Cursor}, nil
}

func encodeCursor(inner, after string) string {
	raw, _ := json.Marshal([2]string{inner, after})
	return cursorTag + base64.RawURLEncoding.EncodeToString(raw)
}

// decodeCursor splits a cursor into the service's cursor and the last key
// already returned ("" when the cursor is the service's own).
func decodeCursor(cursor string) (inner, after string, err error) {
	rest, ok := strings.CutPrefix(cursor, cursorTag)
	if !ok {
		return cursor, "", nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(rest)
	var pair [2]string
	if err == nil {
		err = json.Unmarshal(raw, &pair)
	}
	if err != nil || pair[1] == "" {
		return "", "", fmt.Errorf("cursor %s is malformed", kvrule.QuoteKey(cursor))
	}
	return pair[0], pair[1], nil
}
