package history

import (
	"slices"
	"strings"

	"olympos.io/encoding/edn"
)

// ednCanonical writes an EDN collection as text that depends only on its
// contents: the elements of maps and sets are sorted by their own text
// (the decoder holds them in Go maps, whose order changes from run to
// run), vectors and lists keep their order. Anything else is written by
// the EDN encoder. The caller has bounded v's depth.
func ednCanonical(v any) (string, error) {
	var b strings.Builder
	err := writeEDNCanonical(&b, v)
	return b.String(), err
}

func writeEDNCanonical(b *strings.Builder, v any) error {
	switch x := v.(type) {
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(' ')
			}
			if err := writeEDNCanonical(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	case map[any]any:
		pairs := make([]string, 0, len(x))
		for k, e := range x {
			ks, err := ednCanonical(k)
			if err != nil {
				return err
			}
			es, err := ednCanonical(e)
			if err != nil {
				return err
			}
			pairs = append(pairs, ks+" "+es)
		}
		slices.Sort(pairs)
		b.WriteString("{" + strings.Join(pairs, ", ") + "}")
		return nil
	case map[any]bool:
		elems := make([]string, 0, len(x))
		for k := range x {
			ks, err := ednCanonical(k)
			if err != nil {
				return err
			}
			elems = append(elems, ks)
		}
		slices.Sort(elems)
		b.WriteString("#{" + strings.Join(elems, " ") + "}")
		return nil
	}
	out, err := edn.Marshal(v)
	b.Write(out)
	return err
}
