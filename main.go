// Command kitaportal is the KitaPortal Kiosk: one binary that opens the kiosk window
// (Wails) or serves the same UI and JSON API over HTTP. This file only wires: the
// command line lives in app/cli, and this is the one place that imports Wails.
package main

import (
	"embed"
	"fmt"
	"io/fs"
	"os"

	"github.com/sirupsen/logrus"
	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/logger"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"kitaportal/app/cli"
)

// frontendDist is the built UI. "all:" keeps dist/.gitkeep, so the pattern matches
// (and go vet/build work) before the frontend has been built.
//
//go:embed all:frontend/dist
var frontendDist embed.FS

//go:embed build/appicon.png
var appIcon []byte

func main() {
	assets, err := fs.Sub(frontendDist, "frontend/dist")
	if err != nil {
		panic(err) // only if the embed pattern above is wrong
	}
	os.Exit(cli.Main(os.Args[1:], cli.Env{
		Stdout:   os.Stdout,
		Stderr:   os.Stderr,
		Assets:   assets,
		RunKiosk: runKiosk,
	}))
}

// runKiosk opens the kiosk window and blocks until it is closed.
func runKiosk(cfg cli.KioskConfig) (err error) {
	if cfg.Logger == nil {
		cfg.Logger = logrus.New()
	}
	defer func() { // Wails panics when GTK cannot open the display; make that an error
		if r := recover(); r != nil {
			err = fmt.Errorf("kiosk window: %v", r)
		}
	}()
	touchFriendlyPopups()
	return wails.Run(kioskOptions(cfg))
}

// kioskOptions: Wails serves a GET from Assets first and passes everything else (all
// of /api/…, any non-GET) to Handler.
func kioskOptions(cfg cli.KioskConfig) *options.App {
	return &options.App{
		Title:  "KitaPortal",
		Width:  1920,
		Height: 1080,
		// Linux only honours WindowStartState; Fullscreen is what Windows and macOS read.
		Fullscreen:       !cfg.Windowed,
		WindowStartState: startState(cfg.Windowed),
		Frameless:        !cfg.Windowed,
		DisableResize:    !cfg.Windowed, // no edge-drag resizing of the frameless kiosk
		BackgroundColour: options.NewRGB(255, 255, 255),
		AssetServer:      &assetserver.Options{Assets: cfg.Assets, Handler: cfg.Handler},
		// Devtools exist only in a binary built with `make build DEVTOOLS=1` (wails -devtools).
		EnableDefaultContextMenu: cfg.Windowed,
		Logger:                   wailsLogger{cfg.Logger},
		LogLevel:                 logger.WARNING,
		LogLevelProduction:       logger.ERROR,
		Linux: &linux.Options{
			Icon:             appIcon,
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever, // software rendering works everywhere, also under Xvfb
			ProgramName:      "kitaportal",
		},
	}
}

func startState(windowed bool) options.WindowStartState {
	if windowed {
		return options.Normal
	}
	return options.Fullscreen
}

// wailsLogger sends Wails' own log lines to the app's logrus logger.
type wailsLogger struct{ l *logrus.Logger }

func (w wailsLogger) Print(m string)   { w.l.Print(m) }
func (w wailsLogger) Trace(m string)   { w.l.Trace(m) }
func (w wailsLogger) Debug(m string)   { w.l.Debug(m) }
func (w wailsLogger) Info(m string)    { w.l.Info(m) }
func (w wailsLogger) Warning(m string) { w.l.Warn(m) }
func (w wailsLogger) Error(m string)   { w.l.Error(m) }
func (w wailsLogger) Fatal(m string)   { w.l.Error(m) } // Wails exits by itself after Fatal
