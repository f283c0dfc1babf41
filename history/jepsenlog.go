package history

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// jepsenLogLine matches an event line of an old Jepsen log:
// "INFO  jepsen.util - 3	:invoke	:cas	[1 4]".
var jepsenLogLine = regexp.MustCompile(`^\S+\s+jepsen\.util\s+-\s+(\d+|:nemesis)\s+:(invoke|ok|fail|info)\s+:([\w.?!*+<>=-]+)\s*(.*)$`)

// ConvertJepsenLog rewrites an old Jepsen log (the jepsen.util lines of,
// for example, the etcd logs in porcupine's test data) as EDN events that
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
		fmt.Fprintf(bw, "{:process %s, :type :%s, :f :%s, :value %s}\n", m[1], m[2], m[3], value)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("line %d: %w", n+1, err)
	}
	return bw.Flush()
}
