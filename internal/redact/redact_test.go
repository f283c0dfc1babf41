package redact

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestURL(t *testing.T) {
	for in, want := range map[string]string{
		"redis://u:secret@h:6379/0":                             "redis://u:xxxxx@h:6379/0",
		"cloudflare://acct?api_token=abc":                       "cloudflare://acct?api_token=xxxxx",
		"::":                                                    "(unparseable URL)",
		"sim://?preset=edgecache":                               "sim://?preset=edgecache",
		"mem://":                                                "mem://",
		"redis://tok3nonly@h:6379/0":                            "redis://xxxxx@h:6379/0",
		"postgres://postgres@h:5432/db":                         "postgres://postgres@h:5432/db",
		"postgresql://kv:pw@h/db":                               "postgresql://kv:xxxxx@h/db",
		"postgres://h/db?sslpassword=pw1&sslmode=x":             "postgres://h/db?sslmode=x&sslpassword=xxxxx",
		"nats://h?Auth_Token=T1":                                "nats://h?Auth_Token=xxxxx",
		"x://h?X-Api-Key=K1&apikey=K2":                          "x://h?X-Api-Key=xxxxx&apikey=xxxxx",
		"x://h?clientSecret=S1&PASSWD=P1":                       "x://h?PASSWD=xxxxx&clientSecret=xxxxx",
		"fastly://S?escape_keys=true&region=eu":                 "fastly://S?escape_keys=true&region=eu",
		"fastly://S?endpoint=http://user:pw9@h:1":               "fastly://S?endpoint=http%3A%2F%2Fuser%3Axxxxx%40h%3A1",
		"fastly://S?endpoint=http://tok7@h:1":                   "fastly://S?endpoint=http%3A%2F%2Fxxxxx%40h%3A1",
		"fastly://S?endpoint=http://h:1/?token=T9":              "fastly://S?endpoint=http%3A%2F%2Fh%3A1%2F%3Ftoken%3Dxxxxx",
		"fastly://S?endpoint=http://127.0.0.1:1":                "fastly://S?endpoint=http://127.0.0.1:1",
		"cloudflare://A/N?endpoint=http%3A%2F%2Fu%3Asecret%40h": "cloudflare://A/N?endpoint=http%3A%2F%2Fu%3Axxxxx%40h",
	} {
		assert.Equal(t, want, URL(in), in)
	}
}

func TestSecretsAndText(t *testing.T) {
	raw := "fastly://S?endpoint=" + url.QueryEscape("http://user:pw-9%2F1@h:1/?api_key=inner-K") + "&token=outer-T&escape_keys=true"
	assert.Equal(t, []string{"inner-K", "outer-T", "pw-9/1"}, secrets(raw), "longest first, then in byte order")
	assert.Equal(t, "fastly://S?endpoint=http%3A%2F%2Fuser%3Axxxxx%40h%3A1%2F%3Fapi_key%3Dxxxxx&escape_keys=true&token=xxxxx", URL(raw))
	assert.Equal(t, []string{"tok"}, secrets("redis://tok@h"))
	assert.Equal(t, []string{"pw"}, secrets("postgres://kv@h/db?password=pw"), "a user name with a password parameter is no secret")
	assert.Nil(t, secrets("::"))
	assert.Empty(t, secrets("sim://?preset=replicated"))

	msg := `dial "http://user:pw-9%2F1@h:1/" failed (key inner-K, token outer-T, path pw-9/1)`
	got := Text(msg, raw)
	for _, s := range []string{"pw-9", "inner-K", "outer-T"} {
		assert.NotContains(t, got, s)
	}
	assert.Equal(t, `dial "http://user:xxxxx@h:1/" failed (key xxxxx, token xxxxx, path xxxxx)`, got)
	assert.Equal(t, "nothing to hide", Text("nothing to hide", "mem://"))
}

func TestTextKeepsPostgresUserName(t *testing.T) {
	assert.Equal(t, "postgres: connection refused", Text("postgres: connection refused", "postgres://postgres@127.0.0.1:1/db"))
	assert.Equal(t, "dial failed: xxxxx", Text("dial failed: T0K", "nats://T0K@127.0.0.1:4222"))
}
