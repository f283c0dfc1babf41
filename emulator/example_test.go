package emulator_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/kv"
)

// An emulator speaking the Fastly dialect over two regions, each a Memory
// (the simulator's regions in `kvchaos serve`). A write in one region is
// not visible in the other: these Memories never replicate.
func ExampleNew() {
	regions := map[string]kv.Backend{"eu": kv.NewMemory(), "us": kv.NewMemory()}
	srv, err := emulator.New(emulator.Config{
		Dialect: edge.Fastly,
		Regions: []string{"eu", "us"},
		Backend: func(region string) kv.Backend { return regions[region] },
		Token:   "secret",
	})
	if err != nil {
		panic(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	send := func(method, path, body, region string) *http.Response {
		req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
		req.Header.Set("Fastly-Key", "secret")
		req.Header.Set(edgewire.RegionHeader, region)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		return resp
	}
	put := send(http.MethodPut, "/resources/stores/kv/s/keys/greeting?add=true", "hello", "eu")
	put.Body.Close()
	fmt.Println("put in eu:", put.StatusCode, "generation", put.Header.Get("generation"))

	get := send(http.MethodGet, "/resources/stores/kv/s/keys/greeting", "", "eu")
	body, _ := io.ReadAll(get.Body)
	get.Body.Close()
	fmt.Println("get in eu:", get.StatusCode, string(body))

	get = send(http.MethodGet, "/resources/stores/kv/s/keys/greeting", "", "us")
	get.Body.Close()
	fmt.Println("get in us:", get.StatusCode)
	// Output:
	// put in eu: 200 generation 1
	// get in eu: 200 hello
	// get in us: 404
}
