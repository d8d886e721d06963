//go:build bindings

package main

import (
	"fmt"
	"os"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
)

// A plain `wails build` compiles the app with the bindings tag and runs it to generate
// TypeScript bindings. KitaPortal binds no Go methods (the UI talks to the JSON API),
// so that run generates the empty set and exits before the command line starts.
func init() {
	if err := wails.Run(&options.App{}); err != nil {
		fmt.Fprintln(os.Stderr, "kitaportal: bindings:", err)
		os.Exit(1)
	}
	os.Exit(0)
}
