package cli

import (
	"context"
	"errors"
	"os"

	"kitaportal/app/session"
)

const kioskArgs = "[--data DIR] [--windowed] [--addr HOST:PORT --public-url URL …]"

// runKiosk opens the kiosk window. With --addr it also serves the same UI
// and API over the network from the same process, so phones continue what
// the kiosk started (hand-off) and Kita staff answer on the same data.
func runKiosk(env Env, args []string) error {
	fs, data := newFlags(env, "kiosk", kioskArgs)
	windowed := fs.Bool("windowed", false, "a normal window instead of fullscreen kiosk mode (development)")
	nf := addNetFlags(fs, "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if err := nf.check(); err != nil {
		return err
	}
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errors.New("no display found (DISPLAY is not set); start the kiosk in a graphical session, or use `kitaportal serve` and a browser")
	}
	if env.RunKiosk == nil {
		return errors.New("this build has no kiosk window; use `kitaportal serve`")
	}
	log := newLogger(env.Stderr, false)
	o, err := open(*data, log, true)
	if err != nil {
		return err
	}
	defer o.Close()
	o.finishDeletions(log)
	stopControl, err := startControl(o, *data, log)
	if err != nil {
		return err
	}
	defer stopControl()
	opts := nf.options()
	opts.Shell = session.ShellKiosk
	if *nf.addr == "" {
		return env.RunKiosk(KioskConfig{Handler: o.handler(nil, opts), Assets: env.Assets, Windowed: *windowed, Logger: log})
	}
	ln, err := listen(o, nf)
	if err != nil {
		return err
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serveHTTP(ctx, env, o, nf, ln, o.handler(env.Assets, nf.options())) }()
	err = env.RunKiosk(KioskConfig{Handler: o.handler(nil, opts), Assets: env.Assets, Windowed: *windowed, Logger: log})
	stop()
	return errors.Join(err, <-served)
}
