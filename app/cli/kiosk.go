package cli

import (
	"errors"
	"os"

	"kitaportal/app"
)

func runKiosk(env Env, args []string) error {
	fs, data := newFlags(env, "kiosk", "[--data DIR] [--windowed]")
	windowed := fs.Bool("windowed", false, "a normal window instead of fullscreen kiosk mode (development)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errors.New("no display found (DISPLAY is not set); start the kiosk in a graphical session, or use `kitaportal serve` and a browser")
	}
	log := newLogger(env.Stderr, false)
	o, err := open(*data, log, true)
	if err != nil {
		return err
	}
	defer o.Close()
	if env.RunKiosk == nil {
		return errors.New("this build has no kiosk window; use `kitaportal serve`")
	}
	return env.RunKiosk(KioskConfig{Handler: o.svc.Handler(nil, app.HandlerOptions{Shell: app.ShellKiosk}), Assets: env.Assets, Windowed: *windowed, Logger: log})
}
