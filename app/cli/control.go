package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"kitaportal/storage"
)

// The control socket lets the command line act on a running server's data.
// serve (and the kiosk) hold the store's lock, so a second process cannot
// open it; instead they listen on DATA/control.sock, owner-only, and the
// commands send their work there:
//
//   - backup streams a hot backup (one read transaction) that the command
//     writes and checks on its side;
//   - import parses its files on its side and hands the batch to the
//     server's own import, which updates the live index;
//   - reindex has the server build a new index beside the live one and
//     swap it in;
//   - user, settings, allocate, search and demo-families run inside the
//     server, on the live services (so a changed setting or a disabled user
//     takes effect at once), with their output streamed back.
//
// The socket accepts only the server's own user and root (peer credentials
// on Linux; the owner-only file mode everywhere). Files the commands read
// or write stay on the command's side: the server never opens a path the
// operator named.
const controlSocket = "control.sock"

var errPeer = errors.New("only the server's own user (or root) may use its control socket")

func controlPath(dataDir string) string { return filepath.Join(dataDir, controlSocket) }

// runRequest is a command line run inside the server.
type runRequest struct {
	Args  []string          `json:"args"`
	Stdin []byte            `json:"stdin,omitempty"`
	Files map[string][]byte `json:"files,omitempty"` // files the command reads, read by the client
}

// frame is one piece of a streamed run: output, a file to write on the
// client's side, or the exit status (last).
type frame struct {
	Out  string `json:"out,omitempty"`
	Err  string `json:"err,omitempty"`
	File string `json:"file,omitempty"`
	Data []byte `json:"data,omitempty"`
	Exit *int   `json:"exit,omitempty"`
}

// controlError is the body of a failed control request.
type controlError struct {
	Error string `json:"error"`
	Usage bool   `json:"usage,omitempty"`
}

// startControl listens on the data directory's control socket; stop closes
// it and removes the socket file.
func startControl(o *opened, dataDir string, log *logrus.Logger) (stop func(), err error) {
	path := controlPath(dataDir)
	// The store's lock is ours: a socket file left there is a crashed
	// process's.
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("control socket: %w", err)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("control socket %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("control socket: %w", err)
	}
	srv := &http.Server{
		Handler:           o.controlHandler(log),
		ReadHeaderTimeout: 10 * time.Second,
		ConnContext:       peerContext,
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.WithError(err).Error("control socket")
		}
	}()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		os.Remove(path)
	}, nil
}

func (o *opened) controlHandler(log *logrus.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /backup", func(w http.ResponseWriter, r *http.Request) {
		// The source is checked before a byte goes out: a copy of a
		// damaged store is no backup.
		if err := o.store.Verify(); err != nil {
			controlFail(w, err, false)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		n, err := o.store.Backup(w)
		if err != nil {
			// The client checks the copy and rejects it.
			log.WithError(err).Error("control: backup interrupted")
			return
		}
		log.WithField("bytes", n).Info("control: hot backup sent")
	})
	mux.HandleFunc("POST /import", func(w http.ResponseWriter, r *http.Request) {
		var b storage.Batch
		if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
			controlFail(w, fmt.Errorf("import: bad request: %w", err), true)
			return
		}
		res, err := o.svc.Catalog.ApplyBatch(b)
		if err != nil {
			controlFail(w, err, false)
			return
		}
		log.WithFields(logrus.Fields{"created": res.Created, "updated": res.Updated, "removed": res.Removed}).Info("control: import applied")
		writeControlJSON(w, res)
	})
	mux.HandleFunc("POST /reindex", func(w http.ResponseWriter, r *http.Request) {
		res, err := o.svc.Catalog.Reindex()
		if err != nil {
			controlFail(w, err, false)
			return
		}
		log.WithFields(logrus.Fields{"kitas": res.Kitas, "duration": res.Duration.String()}).Info("control: index rebuilt beside the live one and swapped in")
		writeControlJSON(w, res)
	})
	mux.HandleFunc("POST /run", func(w http.ResponseWriter, r *http.Request) {
		var req runRequest
		if err := json.NewDecoder(io.LimitReader(r.Body, 16<<20)).Decode(&req); err != nil || len(req.Args) == 0 {
			controlFail(w, errors.New("run: bad request"), true)
			return
		}
		w.Header().Set("Content-Type", "application/x-ndjson")
		fw := &frameWriter{enc: json.NewEncoder(w), flush: w.(http.Flusher)}
		env := Env{
			Stdin:  bytes.NewReader(req.Stdin),
			Stdout: fw.stream(func(s string) frame { return frame{Out: s} }),
			Stderr: fw.stream(func(s string) frame { return frame{Err: s} }),
			live:   o,
			files:  remoteFiles{fw: fw, read: req.Files},
		}
		code := dispatch(env, req.Args[0], req.Args[1:])
		fw.send(frame{Exit: &code})
		log.WithFields(logrus.Fields{"command": req.Args[0], "exit": code}).Info("control: command run")
	})
	return peerCheck(mux, log)
}

func controlFail(w http.ResponseWriter, err error, usage bool) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusInternalServerError)
	_ = json.NewEncoder(w).Encode(controlError{Error: oneLine(err), Usage: usage})
}

func writeControlJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// frameWriter sends frames of one run, one JSON line each, in order.
type frameWriter struct {
	mu    sync.Mutex
	enc   *json.Encoder
	flush http.Flusher
}

func (f *frameWriter) send(fr frame) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enc.Encode(fr); err != nil {
		return err
	}
	f.flush.Flush()
	return nil
}

type streamFunc func(p []byte) (int, error)

func (s streamFunc) Write(p []byte) (int, error) { return s(p) }

func (f *frameWriter) stream(mk func(string) frame) io.Writer {
	return streamFunc(func(p []byte) (int, error) {
		if err := f.send(mk(string(p))); err != nil {
			return 0, err
		}
		return len(p), nil
	})
}

// remoteFiles are a run's files on the client's side: what the command
// reads came with the request, what it writes goes back as a frame.
type remoteFiles struct {
	fw   *frameWriter
	read map[string][]byte
}

func (r remoteFiles) ReadFile(path string) ([]byte, error) {
	if b, ok := r.read[path]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("%s: %w", path, os.ErrNotExist)
}

// CheckDir: the client checked the directory before it sent the command.
func (r remoteFiles) CheckDir(string) error { return nil }

func (r remoteFiles) WriteFileAtomic(path string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	return r.fw.send(frame{File: path, Data: buf.Bytes()})
}
