package history

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// jepsenLogLine matches an event line of a Jepsen text log, in its old
// form "INFO  jepsen.util - 3	:invoke	:cas	[1 4]" and its newer form
// "2017-01-20 12:00:00,000{GMT}	INFO	[jepsen worker 1] jepsen.util: 1	:invoke	:read	nil",
// with tabs or spaces between the fields.
var jepsenLogLine = regexp.MustCompile(`(?:^|\s)jepsen\.util(?:\s+-|:)\s+(\d+|:nemesis)\s+:(invoke|ok|fail|info)\s+:([\w.?!*+<>=-]+)\s*(.*)$`)

// ConvertJepsenLog rewrites a Jepsen text log (the jepsen.util lines of,
// for example, the etcd logs in porcupine's test data, in the old
// "jepsen.util - 3 :invoke ..." form or the newer "jepsen.util: 3 :invoke
// ..." one, fields separated by tabs or spaces) as EDN events that
// ReadEDN reads. Lines that are not history events are skipped. Each event
// keeps its process, type, :f and value; the logs carry no times, so
// ReadEDN orders events by their position.
func ConvertJepsenLog(r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	bw := bufio.NewWriter(w)
	n := 0
	for sc.Scan() {
		n++
		m := jepsenLogLine.FindStringSubmatch(strings.TrimRight(sc.Text(), "\r"))
		if m == nil {
			continue
		}
		value := strings.TrimSpace(m[4])
		if value == "" {
			value = "nil"
		}
		if _, err := decodeEDNForm([]byte(value)); err != nil {
			return fmt.Errorf("line %d: value %q: %w", n, value, err)
		}
		// A failed write (the reader of a pipe gave up) ends the
		// conversion instead of decoding the rest of the log for nothing.
		if _, err := fmt.Fprintf(bw, "{:process %s, :type :%s, :f :%s, :value %s}\n", m[1], m[2], m[3], value); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("line %d: %w", n+1, err)
	}
	return bw.Flush()
}
