package checker

import (
	"fmt"
	"html"

	"github.com/anishathalye/porcupine"
)

// vizSafe returns pm with the labels porcupine's visualization inserts as
// HTML escaped. Its page sets an op's state descriptions and metadata with
// innerHTML (in the tooltip) but op descriptions, annotation texts and
// tags with textContent; a state label holds a stored value, which must
// never become markup. The descriptions set with textContent are left as
// they are, or the page would show "&lt;" for "<".
func vizSafe(pm porcupine.Model) porcupine.Model {
	describe := pm.DescribeState
	if describe == nil { // porcupine's default
		describe = func(s any) string { return fmt.Sprintf("%v", s) }
	}
	pm.DescribeState = func(s any) string { return html.EscapeString(describe(s)) }
	meta := pm.DescribeOperationMetadata
	if meta == nil {
		meta = func(m any) string {
			if m == nil {
				return ""
			}
			return fmt.Sprintf("%v", m)
		}
	}
	pm.DescribeOperationMetadata = func(m any) string { return html.EscapeString(meta(m)) }
	return pm
}
