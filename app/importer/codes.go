package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"kitaportal/app/apperr"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// maxCodeFileSize bounds code list files (Berlin's is 48 kB).
const maxCodeFileSize = 16 << 20

// codeSpec is a code list as declared in a mapping: inline, or a file.
type codeSpec struct {
	name   string
	inline *codeList
	file   string
	list   string // key inside the file; "" means the file is the list
	gaps   []int
}

// codeFileJSON is the file form of a code list.
type codeFileJSON struct {
	Comment json.RawMessage `json:"comment"`
	File    string          `json:"file"`
	List    string          `json:"list"`
	Gaps    []int           `json:"gaps"`
}

// codeList resolves codes to labels: by position (a JSON array) or by key
// (a JSON object).
type codeList struct {
	name   string
	byPos  []string
	byCode map[string]string
	// gaps are positions that the published list lost: codes after a gap
	// sit one place earlier in the array than their number says.
	gaps []int
}

func (m *Mapping) setCodes(codes map[string]json.RawMessage) error {
	m.codes = map[string]*codeSpec{}
	for name, raw := range codes {
		spec, err := compileCodes(name, bytes.TrimSpace(raw))
		if err != nil {
			return fmt.Errorf("codes.%s: %w", name, err)
		}
		m.codes[name] = spec
	}
	return nil
}

func compileCodes(name string, raw json.RawMessage) (*codeSpec, error) {
	var probe map[string]json.RawMessage
	if len(raw) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &probe); err != nil {
			return nil, err
		}
	}
	if _, isFile := probe["file"]; !isFile {
		list, err := decodeCodeList(name, raw)
		if err != nil {
			return nil, err
		}
		return &codeSpec{name: name, inline: list}, nil
	}
	var f codeFileJSON
	if err := strictJSON(raw, &f); err != nil {
		return nil, err
	}
	for _, g := range f.Gaps {
		if g < 0 {
			return nil, errors.New("gaps must not be negative")
		}
	}
	gaps := slices.Clone(f.Gaps)
	slices.Sort(gaps)
	return &codeSpec{name: name, file: f.File, list: f.List, gaps: gaps}, nil
}

// decodeCodeList reads an array (position → label) or an object (code →
// label); null labels count as empty, which makes the value unknown.
func decodeCodeList(name string, raw json.RawMessage) (*codeList, error) {
	c := &codeList{name: name}
	if len(raw) > 0 && raw[0] == '[' {
		var labels []*string
		if err := json.Unmarshal(raw, &labels); err != nil {
			return nil, errors.New("must be a list of labels or an object of code → label")
		}
		c.byPos = make([]string, len(labels))
		for i, l := range labels {
			if l != nil {
				c.byPos[i] = *l
			}
		}
		return c, nil
	}
	var labels map[string]*string
	if err := json.Unmarshal(raw, &labels); err != nil {
		return nil, errors.New("must be a list of labels or an object of code → label")
	}
	c.byCode = make(map[string]string, len(labels))
	for k, l := range labels {
		if l != nil {
			c.byCode[k] = *l
		}
	}
	return c, nil
}

// loadCodes resolves every code list for one data file. A relative file is
// looked for next to the mapping, then next to the data file.
func (m *Mapping) loadCodes(dataDir string) (map[string]*codeList, error) {
	out := make(map[string]*codeList, len(m.codes))
	for name, spec := range m.codes {
		if spec.inline != nil {
			out[name] = spec.inline
			continue
		}
		list, err := m.loadCodeFile(spec, dataDir)
		if err != nil {
			return nil, err
		}
		out[name] = list
	}
	return out, nil
}

func (m *Mapping) loadCodeFile(spec *codeSpec, dataDir string) (*codeList, error) {
	var name string
	var data []byte
	if m.beside != nil {
		name = filepath.Base(spec.file)
		var ok bool
		if data, ok = m.beside[name]; !ok {
			return nil, fileErr(m.Path, 0, apperr.ImportMapping, "code list %q: add the file %q to the upload", spec.name, name)
		}
	} else {
		path := spec.file
		if !filepath.IsAbs(path) {
			path = filepath.Join(m.dir, spec.file)
			if _, err := os.Stat(path); err != nil {
				path = filepath.Join(dataDir, spec.file)
			}
		}
		name = filepath.Base(path)
		var err error
		if data, err = readFile(path, name); err != nil {
			return nil, fileErr(m.Path, 0, apperr.ImportMapping, "code list %q: file %q was found neither next to the mapping nor next to the data file",
				spec.name, spec.file)
		}
	}
	if len(data) > maxCodeFileSize {
		return nil, fileErr(name, 0, apperr.ImportMapping, "is too large for a code list")
	}
	raw := json.RawMessage(data)
	if spec.list != "" {
		var lists map[string]json.RawMessage
		if err := json.Unmarshal(data, &lists); err != nil {
			return nil, mappingErr(name, data, "", err)
		}
		var ok bool
		if raw, ok = lists[spec.list]; !ok {
			return nil, fileErr(name, 0, apperr.ImportMapping, "has no code list %q", spec.list)
		}
	}
	list, err := decodeCodeList(spec.name, bytes.TrimSpace(raw))
	if err != nil {
		return nil, fileErr(name, 0, apperr.ImportMapping, "code list %q %s", spec.list, err)
	}
	if len(spec.gaps) > 0 && list.byPos == nil {
		return nil, fileErr(m.Path, 0, apperr.ImportMapping, "code list %q: gaps are only for lists by position", spec.name)
	}
	list.gaps = spec.gaps
	return list, nil
}

// lookup returns the label of a code, or a reason why there is none.
func (c *codeList) lookup(code string) (string, string) {
	if c.byCode != nil {
		if l, ok := c.byCode[code]; ok {
			return l, ""
		}
		return "", fmt.Sprintf("code %s is not in code list %q", short(code), c.name)
	}
	n, err := strconv.Atoi(code)
	if err != nil || n < 0 || code[0] == '+' {
		return "", fmt.Sprintf("code %s is not in code list %q (expected a number 0-%d)", short(code), c.name, c.maxCode())
	}
	pos := n
	for _, g := range c.gaps {
		if g == n {
			pos = -1
			break
		}
		if g < n {
			pos--
		}
	}
	if pos < 0 || pos >= len(c.byPos) {
		return "", fmt.Sprintf("code %s is not in code list %q (0-%d)", short(code), c.name, c.maxCode())
	}
	return c.byPos[pos], ""
}

func (c *codeList) maxCode() int { return len(c.byPos) - 1 + len(c.gaps) }
