package fastly

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/kv"
)

// maxPage is the largest page the adapter asks for.
const maxPage = 1000

// listAnswer is a listing's body.
type listAnswer struct {
	Data []string `json:"data"`
	Meta struct {
		NextCursor string `json:"next_cursor"`
	} `json:"meta"`
}

// List returns up to limit keys starting with prefix after cursor, with
// the configured consistency.
func (b *backend) List(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	if limit < 1 || limit > maxPage {
		return kv.Page{}, adapterkit.Wrap(store, "list", prefix, kv.ErrInvalidArgument, fmt.Errorf("page size %d is outside 1..%d", limit, maxPage))
	}
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	if prefix != "" {
		if b.escape {
			q.Set("prefix", escapeKey(prefix))
		} else {
			q.Set("prefix", prefix)
		}
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if b.consistency != "" {
		q.Set("consistency", string(b.consistency))
	}
	body, _, err := b.do(ctx, "list", http.MethodGet, prefix, b.base+"/keys?"+q.Encode(), nil, nil)
	if err != nil {
		return kv.Page{}, err
	}
	var ans listAnswer
	if err := json.Unmarshal(body, &ans); err != nil {
		return kv.Page{}, adapterkit.Wrap(store, "list", prefix, kv.ErrUnavailable, fmt.Errorf("the answer is not a key listing: %w", err))
	}
	if len(ans.Data) > limit {
		return kv.Page{}, adapterkit.Wrap(store, "list", prefix, kv.ErrUnavailable, fmt.Errorf("asked for %d keys, got %d", limit, len(ans.Data)))
	}
	if b.escape {
		for i, k := range ans.Data {
			ans.Data[i] = unescapeKey(k)
		}
	}
	return kv.Page{Keys: ans.Data, Cursor: ans.Meta.NextCursor}, nil
}
