package checker

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/anishathalye/porcupine"

	"github.com/kvchaos/kvchaos/history"
)

// visualizeBudget bounds the search for the partial linearizations drawn
// in the visualization; when it runs out the page shows what was found.
const visualizeBudget = 2 * time.Second

// maxVisualizedOps bounds the ops of one key drawn in the visualization:
// a longer key is drawn as a window of this many ops around its witness,
// so the page stays small whatever the history's size.
const maxVisualizedOps = 400

// visualize renders porcupine's HTML for the chosen partitions, with the
// history's annotations; a long partition is cut to a window around its
// witness, and det.VisualizationNote says so.
func visualize(pm porcupine.Model, parts [][]porcupine.Operation, ids [][]int, which []int, named map[int]witness, anns []history.Annotation, det *LinearizabilityDetail, keys []string, timeout time.Duration) []byte {
	sel := make([][]porcupine.Operation, 0, len(which))
	var cut []string
	for _, i := range which {
		from, to := visualWindow(ids[i], named[i].op, named[i].text != "")
		p := append([]porcupine.Operation{}, parts[i][from:to]...)
		for j := range p {
			p[j].Metadata = ids[i][from+j]
		}
		sel = append(sel, p)
		if to-from < len(parts[i]) {
			cut = append(cut, fmt.Sprintf("key %q: ops %d to %d of its %d (by call time), around op %d", keys[i], from+1, to, len(parts[i]), named[i].op))
		}
	}
	if len(cut) > 0 {
		det.VisualizationNote = "only a window of each long key is drawn, so the drawing may find orders the whole key does not allow (" + strings.Join(cut, "; ") + ")"
	}
	pm.Partition = func([]porcupine.Operation) [][]porcupine.Operation { return sel }
	pm.DescribeOperationMetadata = func(m interface{}) string { return fmt.Sprintf("op %v", m) }
	pm = vizSafe(pm)
	_, info := porcupine.CheckOperationsVerbose(pm, nil, timeout)
	pa := make([]porcupine.Annotation, 0, len(anns))
	for _, a := range anns {
		pa = append(pa, porcupine.Annotation{Tag: string(a.Kind), Start: a.Start, End: a.End,
			Description: a.Text, Details: strings.Join(a.Regions, ", "), BackgroundColor: annColor(a.Kind)})
	}
	info.AddAnnotations(pa)
	var buf bytes.Buffer
	if err := porcupine.Visualize(pm, info, &buf); err != nil {
		return nil
	}
	return buf.Bytes()
}

// visualWindow is the range of a key's ops drawn: all of them, or
// maxVisualizedOps around the witness op (the first ones without one).
func visualWindow(ids []int, witnessOp int, named bool) (from, to int) {
	if len(ids) <= maxVisualizedOps {
		return 0, len(ids)
	}
	at := 0
	if named {
		at = slices.Index(ids, witnessOp)
		at = max(at, 0)
	}
	from = max(at-maxVisualizedOps/2, 0)
	to = min(from+maxVisualizedOps, len(ids))
	return to - maxVisualizedOps, to
}

func annColor(k history.AnnotationKind) string {
	switch k {
	case history.AnnotationFault:
		return "#f6c3c3"
	case history.AnnotationQuiescent:
		return "#c3f6cd"
	}
	return "#e6e6e6"
}
