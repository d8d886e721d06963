package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"kitaportal/app/apperr"
	"kitaportal/app/settings"
)

const settingsArgs = "[--data DIR] [NAME=VALUE ...]"

// runSettings shows the settings, or changes those named on the command
// line (all or none); on a running server's live settings when one holds
// the data directory.
func runSettings(env Env, args []string) error {
	fs, data := newFlags(env, "settings", settingsArgs)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: kitaportal settings %s\n\nSettings:\n", settingsArgs)
		for _, s := range settings.Names() {
			fmt.Fprintf(env.Stderr, "  %-22s %s\n", s[0], s[1])
		}
		fmt.Fprintln(env.Stderr, "\nOptions:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	values := map[string]string{}
	for _, a := range fs.Args() {
		name, value, ok := strings.Cut(a, "=")
		if !ok || name == "" {
			return usagef("%q is not NAME=VALUE", a)
		}
		values[name] = value
	}
	if fwd, err := forward(env, *data, runRequest{Args: append([]string{"settings"}, args...)}); fwd {
		return err
	}
	o, err := env.open(*data, newLogger(env.Stderr, false), false)
	if err != nil {
		return err
	}
	defer o.Close()
	svc := o.svc
	set, err := svc.Settings.Get()
	if len(values) > 0 {
		set, err = svc.Settings.Set(values)
		if e, ok := apperr.As(err); ok && e.Code == apperr.SettingsUnknown {
			return usagef("%s", e.Message)
		}
	}
	if err != nil {
		return err
	}
	out, err := json.MarshalIndent(set.Public(), "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, string(out))
	return nil
}
