package backends_test

import (
	"context"
	"fmt"
	"regexp"

	"github.com/kvchaos/kvchaos/backends"
	_ "github.com/kvchaos/kvchaos/backends/mem" // registers mem://
	"github.com/kvchaos/kvchaos/kv"
)

// Open a store by URL and use it through a typed kv.Store. With prefix=app/
// every key the program uses lives under "app/" in the store, and listings
// return the program's own key names.
func ExampleOpen() {
	ctx := context.Background()
	s, err := backends.Open(ctx, "mem://?prefix=app/")
	if err != nil {
		fmt.Println(err)
		return
	}
	if s.Close != nil {
		defer func() { _ = s.Close() }()
	}
	fmt.Printf("prefix: %q\n", s.Prefix)

	users := kv.NewStore[string](s.Backend)
	for _, id := range []string{"2", "1"} {
		if err := users.Put(ctx, "user/"+id, "name "+id); err != nil {
			fmt.Println(err)
			return
		}
	}
	name, found, err := users.Get(ctx, "user/1")
	fmt.Println(name, found, err)
	for key, err := range users.Keys(ctx, "user/") {
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println("key:", key)
	}
	// Output:
	// prefix: "app/"
	// name 1 true <nil>
	// key: user/1
	// key: user/2
}

// Without prefix= every Open picks a fresh prefix, so runs never see each
// other's keys; an empty prefix= means no prefix at all.
func ExampleOpen_prefix() {
	ctx := context.Background()
	fresh := regexp.MustCompile(`^kvchaos-[0-9a-f]{16}/$`)
	a, errA := backends.Open(ctx, "mem://")
	b, errB := backends.Open(ctx, "mem://")
	if errA != nil || errB != nil {
		fmt.Println(errA, errB)
		return
	}
	fmt.Println("fresh prefix:", fresh.MatchString(a.Prefix), "different per Open:", a.Prefix != b.Prefix)

	none, err := backends.Open(ctx, "mem://?prefix=")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("prefix=: %q\n", none.Prefix)
	// Output:
	// fresh prefix: true different per Open: true
	// prefix=: ""
}

// Prefixed is what prefix= applies: the program writes "user/1", the
// underlying store holds "app/user/1".
func ExamplePrefixed() {
	ctx := context.Background()
	raw := kv.NewMemory()
	users := kv.NewStore[string](backends.Prefixed(raw, "app/"))
	if err := users.Put(ctx, "user/1", "ada"); err != nil {
		fmt.Println(err)
		return
	}
	page, err := raw.List(ctx, "", "", 10)
	fmt.Println("stored as:", page.Keys, err)
	// Output: stored as: [app/user/1] <nil>
}

// Redact hides passwords, username-only credentials, secret query
// parameters and the credentials of URLs nested in query parameters before
// a store URL is logged or written into a history or report.
func ExampleRedact() {
	fmt.Println(backends.Redact("redis://app:hunter2@127.0.0.1:6379/0"))
	fmt.Println(backends.Redact("postgres://kv@127.0.0.1:5432/db?password=hunter2&sslmode=disable"))
	fmt.Println(backends.Redact("redis://s3cr3t-token@127.0.0.1:6379/0"))
	fmt.Println(backends.Redact("nats://127.0.0.1:4222?Auth_Token=hunter2&bucket=kv"))
	fmt.Println(backends.Redact("fastly://S?endpoint=http://u:hunter2@127.0.0.1:8787"))
	fmt.Println(backends.Redact("sim://?preset=edgecache"))
	// Output:
	// redis://app:xxxxx@127.0.0.1:6379/0
	// postgres://kv@127.0.0.1:5432/db?password=xxxxx&sslmode=disable
	// redis://xxxxx@127.0.0.1:6379/0
	// nats://127.0.0.1:4222?Auth_Token=xxxxx&bucket=kv
	// fastly://S?endpoint=http%3A%2F%2Fu%3Axxxxx%40127.0.0.1%3A8787
	// sim://?preset=edgecache
}
