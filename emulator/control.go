package emulator

import (
	"net/http"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/edgewire"
)

// control serves the emulator's own paths (edgewire.RegionsPath,
// edgewire.QuiescePath) and
// reports whether segs named one of them. The caller has checked the
// credential.
func (s *Server) control(w http.ResponseWriter, r *http.Request, segs []string) bool {
	if len(segs) != 2 {
		return false
	}
	switch "/" + segs[0] + "/" + segs[1] {
	case edgewire.RegionsPath:
		if r.Method != http.MethodGet {
			return false
		}
		info := s.info()
		if s.pinned != "" {
			info.Regions, info.Default = []string{s.pinned}, s.pinned
		}
		writeJSON(w, http.StatusOK, info)
		return true
	case edgewire.QuiescePath:
		s.quiesce(w, r)
		return true
	}
	return false
}

// quiesce answers POST edgewire.QuiescePath: it calls Config.Quiesce and, when the
// emulator records, marks the point in its history so the convergence
// check knows from when on every region must agree.
func (s *Server) quiesce(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		s.fail(w, http.StatusMethodNotAllowed, codeBadRequest, edgewire.QuiescePath+" takes POST")
		return
	}
	if s.cfg.Quiesce == nil {
		s.fail(w, http.StatusNotImplemented, codeUnsupported, "this emulator's store cannot be quiesced (Config.Quiesce is not set)")
		return
	}
	if err := s.cfg.Quiesce(); err != nil {
		s.fail(w, http.StatusInternalServerError, codeInternal, "quiesce: "+err.Error())
		return
	}
	if rec := s.cfg.Recorder; rec != nil {
		now := rec.Now()
		rec.Annotate(history.Annotation{Kind: history.AnnotationQuiescent,
			Text: "quiescent: the emulator's store was brought to rest", Start: now, End: now})
	}
	w.WriteHeader(http.StatusNoContent)
}
