package redact

import (
	"errors"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

// hostileURLs are store URLs url.Parse refuses, each carrying the secret
// "Sup3rPw" (as a password, a username-only token, or a query value).
var hostileURLs = []string{
	"redis://u:Sup3rPw@127.0.0.1:-1/0",
	"redis://u:Sup3rPw@127.0.0.1:abc/0",
	"redis://u:Sup%zzPw@127.0.0.1:6379/0",
	"redis://u:Sup3rPw@[::1:6379/0",
	"nats://Sup3rPw@[::1",
	"nats://Sup3rPw@127.0.0.1:abc",
	"redis://u:pa/Sup3rPw@127.0.0.1:6379/0",
	"etcd://u:Sup3rPw@h\x7f:2379",
	"postgres://kv@[::1/db?password=Sup3rPw",
	"cloudflare://acct:%zz@h?api_token=Sup3rPw",
}

func TestURLErrorHidesSecretsOfUnparseableURLs(t *testing.T) {
	for _, raw := range hostileURLs {
		_, perr := url.Parse(raw)
		require.Error(t, perr, raw)
		require.Contains(t, perr.Error(), "Sup", "url.Parse quotes the secret, which is the attack")
		err := URLError(raw, perr)
		assert.NotContains(t, err.Error(), "Sup3rPw", raw)
		assert.NotContains(t, err.Error(), "Sup%zzPw", raw)
		assert.Contains(t, err.Error(), "(unparseable URL)", raw)
		assert.NotContains(t, URL(raw), "Sup", raw)
	}
}

func TestURLErrorReasons(t *testing.T) {
	raw := "redis://u:Sup3rPw@127.0.0.1:-1/0"
	_, perr := url.Parse(raw)
	err := URLError(raw, perr)
	assert.Equal(t, "store URL redis://(unparseable URL): invalid port after host (percent-encode reserved characters such as @ : / % in the user name and password, e.g. %40 for @)", err.Error())

	// Another error quoting the URL keeps its words and its identity.
	other := errors.Join(kv.ErrUnavailable, errors.New("dial "+raw+": refused by u:Sup3rPw"))
	err = URLError(raw, other)
	assert.NotContains(t, err.Error(), "Sup3rPw")
	assert.Contains(t, err.Error(), "refused by")
	assert.ErrorIs(t, err, kv.ErrUnavailable)

	parseable := "redis://u:Sup3rPw@127.0.0.1:1/0"
	err = URLError(parseable, errors.New("auth failed for u:Sup3rPw"))
	assert.Equal(t, "auth failed for u:xxxxx", err.Error())
	assert.NoError(t, URLError(parseable, nil))
	plain := errors.New("nothing secret")
	assert.Same(t, plain, URLError(parseable, plain))
}
