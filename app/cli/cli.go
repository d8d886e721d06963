// Package cli is kitaportal's command line: it parses the subcommands of
// DESIGN.md, builds the logger, opens the store and the index, and hands the
// services to the chosen shell. Exit status: 0 success, 2 bad usage, 1 failure.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/sirupsen/logrus"

	"kitaportal/storage"
)

// KioskConfig is what the kiosk shell (main.go, the only Wails user) gets.
type KioskConfig struct {
	Handler  http.Handler // the app's one handler: JSON API under /api/ and the UI
	Assets   fs.FS        // the built frontend (frontend/dist)
	Windowed bool         // --windowed: normal window for development
	Logger   *logrus.Logger
}

// Env is everything the command line needs from its process.
type Env struct {
	Stdin          io.Reader // nil: os.Stdin
	Stdout, Stderr io.Writer
	Assets         fs.FS
	RunKiosk       func(KioskConfig) error

	// live is the running server's services when the command runs inside
	// it (sent over the control socket); files are then the client's.
	live  *opened
	files fileAccess
}

// fileAccess is how a command reads and writes the files the operator
// names: here, or on the client's side of the control socket.
type fileAccess interface {
	ReadFile(path string) ([]byte, error)
	CheckDir(path string) error
	WriteFileAtomic(path string, write func(io.Writer) error) error
}

type localFiles struct{}

func (localFiles) ReadFile(path string) ([]byte, error) { return os.ReadFile(path) }

func (localFiles) CheckDir(path string) error {
	if st, err := os.Stat(path); err != nil || !st.IsDir() {
		return fmt.Errorf("%s is not a directory", path)
	}
	return nil
}

func (localFiles) WriteFileAtomic(path string, write func(io.Writer) error) error {
	return storage.WriteFileAtomic(path, func(f *os.File) error { return write(f) })
}

func (e Env) fs() fileAccess {
	if e.files != nil {
		return e.files
	}
	return localFiles{}
}

// open opens the data directory's services, or lends the running
// server's when the command runs inside it (Close then leaves them open).
func (e Env) open(dataDir string, log *logrus.Logger, seedDemo bool) (*opened, error) {
	if e.live != nil {
		b := *e.live
		b.borrowed = true
		return &b, nil
	}
	return open(dataDir, log, seedDemo)
}

// usageError is a mistake on the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

type command struct {
	name, args, help string
	run              func(env Env, args []string) error
}

func commands() []command {
	return []command{
		{"kiosk", kioskArgs, "open the kiosk window (default); --addr also serves phones from the same data", runKiosk},
		{"serve", serveArgs, "serve the UI and API over HTTP", runServe},
		{"import", "[--data DIR] [--format auto|csv|geojson|json] [--mapping FILE] [--skip-invalid] FILE...", "import Kitas or places", runImport},
		{"search", "[--data DIR] [--q TEXT] [--near LAT,LON | --place TEXT] [--radius-km N] … [--json]", "search Kitas", runSearch},
		{"reindex", "[--data DIR]", "rebuild the search index from the store", runReindex},
		{"backup", "[--data DIR] FILE", "write a consistent copy of the store to FILE", runBackup},
		{"restore", "[--data DIR] FILE", "replace the store by a backup (the app must not be running)", runRestore},
		{"allocate", allocateArgs, "run, explain or publish a Vergaberunde (the coordinated allocation round)", runAllocate},
		{"demo-families", "[--data DIR] [--count N] [--seed S]", "register invented families in the demo city (to try the clerk's screens)", runDemoFamilies},
		{"user", userArgs, "manage staff users (clerks, Kita staff, admins)", runUser},
		{"settings", settingsArgs, "show or change settings (limit, idle times, map tiles, public address)", runSettings},
		{"version", "[--json]", "print the version, commit and build date", runVersion},
	}
}

// Main runs one command line and returns the exit status.
func Main(args []string, env Env) int {
	name := "kiosk"
	if len(args) > 0 {
		switch args[0] {
		case "help", "-h", "-help", "--help":
			printUsage(env.Stdout)
			return 0
		case "-version", "--version":
			printVersion(env.Stdout)
			return 0
		}
	}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	return dispatch(env, name, args)
}

// dispatch runs the command name and reports its failure in one line.
func dispatch(env Env, name string, args []string) int {
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(env, args)
		var ue usageError
		var status exitStatus
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &status):
			return int(status)
		case errors.As(err, &ue):
			fmt.Fprintf(env.Stderr, "kitaportal %s: %s (see kitaportal %s --help)\n", name, oneLine(err), name)
			return 2
		default:
			fmt.Fprintf(env.Stderr, "kitaportal %s: %s\n", name, oneLine(err))
			return 1
		}
	}
	fmt.Fprintf(env.Stderr, "kitaportal: unknown command %q (see kitaportal help)\n", name)
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "KitaPortal Kiosk: find a Kita, register a child.")
	fmt.Fprintln(w, "\nUsage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  kitaportal %-8s %s\n      %s\n", c.name, c.args, c.help)
	}
	fmt.Fprintln(w, "\nWithout a command, kitaportal opens the kiosk window (kitaportal kiosk).")
	fmt.Fprintln(w, "kitaportal COMMAND --help shows the options of a command; kitaportal --version the version.")
}

func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// newFlags makes a flag set whose errors come back as usage errors instead
// of exiting, with --data shared by every command.
func newFlags(env Env, name, args string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: kitaportal %s %s\n\nOptions:\n", name, args)
		fs.PrintDefaults()
	}
	data := fs.String("data", defaultDataDir(), "data directory (store and search index)")
	return fs, data
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	// Go's flag package stops at the first non-flag; allow flags after
	// file names too ("import berlin.csv --mapping m.json").
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	return fs.Parse(append([]string{"--"}, positional...))
}

// defaultDataDir is $KITAPORTAL_DATA, else the user's data directory.
func defaultDataDir() string {
	if d := os.Getenv("KITAPORTAL_DATA"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "kitaportal")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "kitaportal")
	}
	return "kitaportal-data"
}

func newLogger(w io.Writer, json bool) *logrus.Logger {
	log := logrus.New()
	log.SetOutput(w)
	if json {
		log.SetFormatter(&logrus.JSONFormatter{})
	} else {
		log.SetFormatter(&logrus.TextFormatter{DisableTimestamp: false, FullTimestamp: true})
	}
	log.SetLevel(logrus.InfoLevel)
	if lvl, err := logrus.ParseLevel(os.Getenv("KITAPORTAL_LOG_LEVEL")); err == nil {
		log.SetLevel(lvl)
	}
	return log
}
