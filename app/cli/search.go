package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/tabwriter"

	"kitaportal/app/apperr"
	"kitaportal/app/kitas"
)

// boolParams are query parameters that are plain switches on the command line.
var boolParams = map[string]bool{"bookable": true, "free_only": true}

func runSearch(env Env, args []string) error {
	fs, data := newFlags(env, "search", "[--data DIR] [--q TEXT] [--near LAT,LON | --place TEXT] [--radius-km N] [--age-months N] [--open-from HH:MM] [--open-until HH:MM] [--weekdays mo,tu,…] [--carrier-type T] [--concept C] [--language L] [--feature F] [--bookable] [--free-only] [--limit N] [--json]")
	values := url.Values{}
	for _, p := range kitas.QueryParams {
		name := strings.ReplaceAll(p.Name, "_", "-")
		if boolParams[p.Name] {
			param := p.Name
			fs.Var(boolSwitch{set: func(v bool) {
				if v {
					values.Set(param, "true")
				} else {
					values.Del(param)
				}
			}}, name, p.Help)
			continue
		}
		fs.Func(name, p.Help, func(s string) error { values.Add(p.Name, s); return nil })
	}
	asJSON := fs.Bool("json", false, "print the result as JSON (the shape of GET /api/kitas)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q (search text goes after --q)", fs.Arg(0))
	}
	q, err := kitas.ParseQuery(values)
	if err != nil {
		return usagef("%s", flagError(err))
	}
	if fwd, err := forward(env, *data, runRequest{Args: append([]string{"search"}, args...)}); fwd {
		return err
	}
	o, err := env.open(*data, newLogger(env.Stderr, false), true)
	if err != nil {
		return err
	}
	defer o.Close()
	list, err := o.svc.Catalog.Search(q)
	if e, ok := apperr.As(err); ok {
		return fmt.Errorf("%s", flagError(e))
	}
	if err != nil {
		return err
	}
	if list.Place != nil && list.Place.Note != "" {
		fmt.Fprintf(env.Stderr, "note: %s\n", list.Place.Note)
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	}
	printList(env.Stdout, list)
	return nil
}

// boolSwitch is a flag that is a switch (--bookable, not --bookable=x).
type boolSwitch struct{ set func(bool) }

func (b boolSwitch) String() string   { return "false" }
func (b boolSwitch) IsBoolFlag() bool { return true }
func (b boolSwitch) Set(s string) error {
	switch strings.ToLower(s) {
	case "true", "1", "yes":
		b.set(true)
	case "false", "0", "no":
		b.set(false)
	default:
		return fmt.Errorf("%q is not true or false", s)
	}
	return nil
}

// flagError names the flag, not the API parameter, in a message.
func flagError(err error) string {
	if e, ok := apperr.As(err); ok && e.Field != "" {
		return fmt.Sprintf("--%s: %s", strings.ReplaceAll(e.Field, "_", "-"), e.Message)
	}
	return err.Error()
}

func printList(w io.Writer, list kitas.List) {
	if list.Place != nil {
		fmt.Fprintf(w, "near %s (%s)\n", list.Place.Label, list.Place.Precision)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tKM\tDISTRICT\tMON\tAGE (MONTHS)\tCARRIER\tBOOKABLE")
	for _, k := range list.Items {
		km, ages := "", ""
		if k.DistanceKm != nil {
			km = fmt.Sprintf("%.2f", *k.DistanceKm)
		}
		if k.AgeMonths != nil {
			ages = fmt.Sprintf("%d-%d", k.AgeMonths.Min, k.AgeMonths.Max)
		}
		bookable := "no"
		if k.Bookable {
			bookable = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, truncate(k.Name, 40), km, k.Address.District, k.Hours["mo"], ages, k.Carrier.Type, bookable)
	}
	tw.Flush()
	fmt.Fprintf(w, "%d of %d Kitas\n", len(list.Items), list.Total)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
