package main

import (
	"io"
	"strconv"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// reqLog writes the per-request log line straight to the server's
// default log output, in exactly the form slog's TextHandler gives it
// (TestRequestLineMatchesSlog), without building a slog.Record of eight
// attributes for each request: one pooled buffer and one Write. It is
// used only when the server logs through its own default TextHandler
// (no config logger).
type reqLog struct {
	w io.Writer
}

var reqLogPool = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// write logs one request.
func (l *reqLog) write(t time.Time, user, endpoint, method, path string, status int, bytes int64, d time.Duration, remote string) {
	bp := reqLogPool.Get().(*[]byte)
	b := appendRequestLine((*bp)[:0], t, user, endpoint, method, path, status, bytes, d, remote)
	l.w.Write(b)
	if cap(b) <= 4<<10 {
		*bp = b[:0]
		reqLogPool.Put(bp)
	}
}

// appendRequestLine appends the request line as slog.TextHandler
// formats a record of level INFO, message "request" and these
// attributes, with a newline.
func appendRequestLine(b []byte, t time.Time, user, endpoint, method, path string, status int, bytes int64, d time.Duration, remote string) []byte {
	b = append(b, "time="...)
	b = appendRFC3339Millis(b, t)
	b = append(b, " level=INFO msg=request user="...)
	b = appendLogString(b, user)
	b = append(b, " endpoint="...)
	b = appendLogString(b, endpoint)
	b = append(b, " method="...)
	b = appendLogString(b, method)
	b = append(b, " path="...)
	b = appendLogString(b, path)
	b = append(b, " status="...)
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, " bytes="...)
	b = strconv.AppendInt(b, bytes, 10)
	b = append(b, " duration="...)
	b = append(b, d.String()...)
	b = append(b, " remote="...)
	b = appendLogString(b, remote)
	return append(b, '\n')
}

// appendRFC3339Millis is slog's time format: RFC 3339 truncated to the
// millisecond, always three digits.
func appendRFC3339Millis(b []byte, t time.Time) []byte {
	const prefixLen = len("2006-01-02T15:04:05.000")
	n := len(b)
	t = t.Truncate(time.Millisecond).Add(time.Millisecond / 10)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+prefixLen], b[n+prefixLen+1:]...) // drop the 4th digit
}

// appendLogString appends s as slog's text handler does: as it is, or
// quoted (strconv) when it is empty or has a space, '=', '"', a byte
// below 0x20, or a non-ASCII rune that is invalid, a space or not
// printable.
func appendLogString(b []byte, s string) []byte {
	if logNeedsQuoting(s) {
		return strconv.AppendQuote(b, s)
	}
	return append(b, s...)
}

func logNeedsQuoting(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c <= ' ' || c == '=' || c == '"' {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return true
		}
		i += n
	}
	return false
}
