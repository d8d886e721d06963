package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"kitaportal/storage"
)

// controlClient talks to the server that holds a data directory.
type controlClient struct {
	path string
	http *http.Client
}

// dialControl returns a client of the server holding dataDir, or nil when
// none answers on its control socket (no server, or a stale socket file).
func dialControl(dataDir string) *controlClient {
	path := controlPath(dataDir)
	if st, err := os.Stat(path); err != nil || st.Mode()&os.ModeSocket == 0 {
		return nil
	}
	c, err := net.DialTimeout("unix", path, 2*time.Second)
	if err != nil {
		return nil
	}
	c.Close()
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", path)
	}
	return &controlClient{path: path, http: &http.Client{Transport: &http.Transport{DialContext: dial}}}
}

// do sends one request and fails with the server's one-line message.
func (c *controlClient) do(method, route string, body any) (*http.Response, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, "http://kitaportal"+route, r)
	if err != nil {
		return nil, err
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("the running server on %s did not answer: %w", c.path, err)
	}
	if res.StatusCode != http.StatusOK {
		defer res.Body.Close()
		var e controlError
		if err := json.NewDecoder(res.Body).Decode(&e); err != nil || e.Error == "" {
			return nil, fmt.Errorf("the running server on %s answered %s", c.path, res.Status)
		}
		if e.Usage {
			return nil, usageError{e.Error}
		}
		return nil, errors.New(e.Error)
	}
	return res, nil
}

func (c *controlClient) decode(method, route string, body, out any) error {
	res, err := c.do(method, route, body)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		return fmt.Errorf("the running server's answer was cut off: %w", err)
	}
	return nil
}

// backup writes the server's hot backup to path and checks the copy.
func (c *controlClient) backup(path string) (int64, error) {
	res, err := c.do(http.MethodGet, "/backup", nil)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	return storage.SaveBackup(res.Body, path)
}

// run runs a command line inside the server and copies its output, and
// the files it writes, to this side. It returns the command's exit status.
func (c *controlClient) run(env Env, req runRequest) (int, error) {
	res, err := c.do(http.MethodPost, "/run", req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(nil, 1<<30)
	for sc.Scan() {
		var f frame
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			return 0, fmt.Errorf("the running server's answer is garbled: %w", err)
		}
		switch {
		case f.Exit != nil:
			return *f.Exit, nil
		case f.File != "":
			if err := storage.WriteFileAtomic(f.File, func(w *os.File) error { _, err := w.Write(f.Data); return err }); err != nil {
				return 0, err
			}
		case f.Out != "":
			io.WriteString(env.Stdout, f.Out)
		case f.Err != "":
			io.WriteString(env.Stderr, f.Err)
		}
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("the running server's answer was cut off: %w", err)
	}
	return 0, errors.New("the running server ended the command without an exit status (see its log)")
}

// forward runs the command line on the server holding dataDir, if one
// does (forwarded is then true and code is the command's exit status).
// A command already running inside the server is never forwarded.
func forward(env Env, dataDir string, req runRequest) (forwarded bool, err error) {
	if env.live != nil {
		return false, nil
	}
	c := dialControl(dataDir)
	if c == nil {
		return false, nil
	}
	code, err := c.run(env, req)
	if err != nil {
		return true, err
	}
	if code != 0 {
		return true, exitStatus(code) // the message is printed already
	}
	return true, nil
}

// exitStatus is a command's failure that the server has already reported.
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }
