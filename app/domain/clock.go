package domain

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseClock reads "7:30", "07:30", "7.30" or "7" as minutes after midnight;
// 24:00 is allowed as the end of a day.
func ParseClock(s string) (int, error) {
	s = strings.TrimSpace(strings.Replace(s, ".", ":", 1))
	h, m, found := strings.Cut(s, ":")
	if !found {
		m = "00"
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || len(m) != 2 || hh < 0 || mm < 0 || mm > 59 || hh > 24 || hh == 24 && mm != 0 {
		return 0, fmt.Errorf("%q is not a time of day (HH:MM, 00:00-24:00)", s)
	}
	return hh*60 + mm, nil
}

// FormatClock writes minutes after midnight as HH:MM.
func FormatClock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }
