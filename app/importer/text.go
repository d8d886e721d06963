package importer

import (
	"bytes"
	"fmt"
	"kitaportal/app/apperr"
	"os"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// maxFileSize bounds what ParseFile reads into memory. City lists are a few
// megabytes at most; anything far larger is the wrong file.
const maxFileSize = 256 << 20

// Encodings a mapping can name.
const (
	encAuto        = "auto"
	encUTF8        = "utf-8"
	encWindows1252 = "windows-1252"
)

func readFile(path, name string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{File: name, Code: apperr.ImportRead, Reason: "cannot be read: " + err.Error(), Err: err}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &FileError{File: name, Code: apperr.ImportRead, Reason: "cannot be read: " + err.Error(), Err: err}
	}
	if st.IsDir() {
		return nil, fileErr(name, 0, apperr.ImportRead, "is a directory, not a file")
	}
	if st.Size() > maxFileSize {
		return nil, fileErr(name, 0, apperr.ImportRead, "is %d MB; the limit is %d MB", st.Size()>>20, maxFileSize>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &FileError{File: name, Code: apperr.ImportRead, Reason: "cannot be read: " + err.Error(), Err: err}
	}
	return data, nil
}

// decodeText turns file bytes into text. "auto" accepts UTF-8 with or
// without a byte order mark and falls back to Windows-1252, the encoding
// German spreadsheet programs write by default. Files that are neither (or
// that contain control characters no text file has) are reported as binary
// rather than imported as mojibake.
func decodeText(name string, data []byte, encoding string) (string, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return "", fileErr(name, 0, apperr.ImportEmpty, "is empty")
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return "", fileErr(name, 1, apperr.ImportEncoding, "is UTF-16 text; save it as UTF-8 (or Windows-1252) instead")
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", fileErr(name, lineAt(data, i), apperr.ImportBinary, "is a binary file, not text (NUL byte at offset %d)", i)
	}
	useUTF8 := false
	switch encoding {
	case "", encAuto:
		useUTF8 = utf8.Valid(data)
	case encUTF8:
		if !utf8.Valid(data) {
			off := firstInvalidUTF8(data)
			return "", fileErr(name, lineAt(data, off), apperr.ImportEncoding,
				"is not valid UTF-8 (byte 0x%02X); if it is a Windows/Excel export, set \"encoding\": \"windows-1252\"", data[off])
		}
		useUTF8 = true
	case encWindows1252:
	default:
		return "", fileErr(name, 0, apperr.ImportEncoding, "unknown encoding %q", encoding)
	}
	text := string(data)
	if !useUTF8 {
		out, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return "", &FileError{File: name, Code: apperr.ImportEncoding, Reason: "cannot be decoded as Windows-1252", Err: err}
		}
		text = string(out)
	}
	if err := checkControl(name, text, !useUTF8); err != nil {
		return "", err
	}
	return text, nil
}

// checkControl rejects text with control characters (other than tab, line
// breaks and page breaks) or, for Windows-1252, bytes that code page leaves
// undefined: real exports never contain them, binary files almost always do.
func checkControl(name, text string, legacy bool) error {
	line := 1
	for _, r := range text {
		switch {
		case r == '\n':
			line++
			continue
		case r == '\t' || r == '\r' || r == '\f' || r == '\v':
			continue
		}
		bad := r < 0x20 || r == 0x7F || (r >= 0x80 && r <= 0x9F) || (legacy && r == utf8.RuneError)
		if bad {
			what := "binary file, not text"
			if legacy {
				what = "binary file: neither UTF-8 nor Windows-1252 text"
			}
			return fileErr(name, line, apperr.ImportBinary, "is a %s (control character %s)", what, fmt.Sprintf("U+%04X", r))
		}
	}
	return nil
}

func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return 0
}

// lineAt is the 1-based line of a byte offset.
func lineAt(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	if off < 0 {
		off = 0
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}
