package edgewire_test

import (
	"fmt"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/edgewire"
)

// A key is checked against the rules of the store it is bound for: Fastly
// refuses characters that Cloudflare accepts.
func ExampleValidateKey() {
	for _, d := range []edge.Dialect{edge.Cloudflare, edge.Fastly} {
		fmt.Printf("%s: %v\n", d, edgewire.ValidateKey(d, "order#42"))
	}
	// Output:
	// cloudflare: <nil>
	// fastly: kv: invalid key "order#42": character '#' is not allowed
}
