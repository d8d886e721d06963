package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"kitaportal/app/allocation"
	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/rounds"
	"kitaportal/storage"
)

const allocateArgs = "[--data DIR] [--deadline YYYY-MM-DD] [--start YYYY-MM-DD] [--seed N] [--mechanism deferred_acceptance|first_choice_first] [--follow-up ROUND] [--dry-run] [--json] [--export-input DIR] | --export-input DIR --round ROUND | --explain NUMBER --round ROUND | --publish ROUND | --list"

// runAllocate runs a Vergaberunde (stored as a draft unless --dry-run),
// explains one child's outcome, publishes a round, or lists the rounds.
func runAllocate(env Env, args []string) error {
	fs, data := newFlags(env, "allocate", allocateArgs)
	deadline := fs.String("deadline", "", "registrations up to this day take part (default: setting registration_deadline, else today)")
	start := fs.String("start", "", "places start on this day (default: 1 August after the deadline)")
	seed := fs.Uint64("seed", 0, "lottery seed for ties (default: drawn and recorded)")
	mech := fs.String("mechanism", string(allocation.DeferredAcceptance), "deferred_acceptance or first_choice_first")
	followUp := fs.String("follow-up", "", "a follow-up round of this published round (declined offers are allocated again)")
	dry := fs.Bool("dry-run", false, "run without storing the round")
	asJSON := fs.Bool("json", false, "print the round as JSON")
	explain := fs.String("explain", "", "explain the outcome of this Vormerkungsnummer (with --round)")
	round := fs.String("round", "", "the stored round for --explain or --export-input")
	export := fs.String("export-input", "", "write the round's full input and both mechanisms' placements to DIR/ROUND-input.json and .csv")
	publish := fs.String("publish", "", "publish this round: its places become offers in the families' accounts")
	list := fs.Bool("list", false, "list the rounds")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *explain != "" && *round == "" {
		return usagef("--explain needs --round ROUND")
	}
	if *export != "" {
		if err := env.fs().CheckDir(*export); err != nil {
			return usagef("--export-input %q is not a directory", *export)
		}
	}
	if fwd, err := forward(env, *data, runRequest{Args: append([]string{"allocate"}, args...)}); fwd {
		return err
	}
	o, err := env.open(*data, newLogger(env.Stderr, false), false)
	if err != nil {
		return err
	}
	defer o.Close()
	p := auth.Operator
	switch {
	case *list:
		rs, err := o.rounds.Rounds(p)
		if err != nil {
			return err
		}
		return printRounds(env.Stdout, rs)
	case *export != "" && *round != "":
		e, err := o.rounds.ExportRound(p, *round)
		if err != nil {
			return err
		}
		return writeExport(env, env.Stdout, *export, e)
	case *explain != "":
		e, err := o.rounds.ExplainRound(p, *round, *explain)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(env.Stdout, e)
		}
		fmt.Fprintln(env.Stdout, e.Text)
		for _, r := range e.Reasons {
			fmt.Fprintln(env.Stdout, "  – "+r.Text)
		}
		return nil
	case *publish != "":
		res, err := o.rounds.PublishRound(p, *publish)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "round %s published: %d offers made, %d skipped (withdrawn meanwhile)\n", *publish, res.Offers, res.Skipped)
		return nil
	}
	spec, err := roundSpec(o, *deadline, *start, *seed, *mech, *followUp)
	if err != nil {
		return err
	}
	var v rounds.RoundView
	var r storage.Round
	if *dry {
		v, r, err = o.rounds.PlanRound(p, spec)
	} else {
		v, err = o.rounds.CreateRound(p, spec)
	}
	if e, ok := apperr.As(err); ok && e.HTTPStatus() == 400 {
		return usagef("%s", e.Error())
	}
	if err != nil {
		return err
	}
	if *asJSON {
		err = writeJSON(env.Stdout, v)
	} else {
		printRound(env.Stdout, v, *dry)
	}
	if err != nil || *export == "" {
		return err
	}
	var e rounds.Export
	if *dry {
		e, err = o.rounds.ExportPlanned(p, r)
	} else {
		e, err = o.rounds.ExportRound(p, v.ID)
	}
	if err != nil {
		return err
	}
	return writeExport(env, env.Stderr, *export, e)
}

// writeExport writes a round's export as DIR/ROUND-input.json and
// DIR/ROUND-input.csv (owner-only, each complete or not there) and says
// where to out.
func writeExport(env Env, out io.Writer, dir string, e rounds.Export) error {
	if err := env.fs().CheckDir(dir); err != nil {
		return usagef("--export-input %q is not a directory", dir)
	}
	base := filepath.Join(dir, e.RoundID+"-input")
	err := env.fs().WriteFileAtomic(base+".json", func(f io.Writer) error { return writeJSON(f, e) })
	if err == nil {
		err = env.fs().WriteFileAtomic(base+".csv", func(f io.Writer) error { return e.WriteCSV(f) })
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "round %s: input and placements of %d children written to %s.json and %s.csv\n", e.RoundID, len(e.Children), base, base)
	return nil
}

func roundSpec(o *opened, deadline, start string, seed uint64, mech, followUp string) (rounds.Spec, error) {
	if deadline == "" {
		set, err := o.svc.Settings.Get()
		if err != nil {
			return rounds.Spec{}, err
		}
		deadline = set.RegistrationDeadline
	}
	if deadline == "" {
		deadline = time.Now().Format(time.DateOnly)
	}
	if start == "" {
		d, err := time.Parse(time.DateOnly, deadline)
		if err != nil {
			return rounds.Spec{}, usagef("--deadline %q is not a date YYYY-MM-DD", deadline)
		}
		year := d.Year()
		if d.Month() >= time.August {
			year++
		}
		start = fmt.Sprintf("%d-08-01", year)
	}
	return rounds.Spec{Deadline: deadline, StartDate: start, Seed: seed, Mechanism: mech, FollowUpOf: followUp}, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func printRound(w io.Writer, v rounds.RoundView, dry bool) {
	st := v.Stats
	state := "stored as draft " + v.ID + " (publish with: kitaportal allocate --publish " + v.ID + ")"
	if dry {
		state = "dry run, not stored"
	}
	fmt.Fprintf(w, "Vergaberunde: deadline %s, places from %s, %s, seed %d; %s\n", v.Deadline, v.StartDate, v.Mechanism, v.Seed, state)
	fmt.Fprintf(w, "children %d: placed %d (%.1f %%), first choice %d (%.1f %%), unplaced %d, kept from earlier rounds %d\n",
		st.Children, st.Placed, 100*st.PlacedShare, st.FirstChoice, 100*st.FirstChoiceShare, st.Unplaced, st.Fixed)
	if v.Holding > 0 {
		fmt.Fprintf(w, "%d registered children hold a place already (accepted or offered) and take no part\n", v.Holding)
	}
	for _, n := range v.Notes {
		what := "note"
		if n.LeftOut {
			what = "left out"
		}
		fmt.Fprintf(w, "%s %s: %s\n", what, n.Number, n.Message)
	}
	if g := v.Groups; g != nil && g.Groups > 0 {
		fmt.Fprintf(w, "sibling groups %d: together %d (%d moved by the repair), split %d, unplaced %d; repair cost: %d children placed worse than without it, %d of them outside groups\n",
			g.Groups, g.Together, g.Moved, g.Split, g.Unplaced, g.WorseOff, g.WorseOffOutside)
	}
	da, fcf := v.Comparison.DeferredAcceptance, v.Comparison.FirstChoiceFirst
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nmechanism\tplaced\tfirst choice\tjustified envy\tblocking pairs")
	fmt.Fprintf(tw, "deferred acceptance\t%.1f %%\t%.1f %%\t%d\t%d\n", 100*da.Stats.PlacedShare, 100*da.Stats.FirstChoiceShare, da.Envy.JustifiedEnvy, da.Envy.BlockingPairs)
	fmt.Fprintf(tw, "first choice first\t%.1f %%\t%.1f %%\t%d\t%d\n", 100*fcf.Stats.PlacedShare, 100*fcf.Stats.FirstChoiceShare, fcf.Envy.JustifiedEnvy, fcf.Envy.BlockingPairs)
	fmt.Fprintln(tw, "\nunplaced by age group\tchildren\tunplaced")
	for _, g := range st.UnplacedByAgeGroup {
		fmt.Fprintf(tw, "%s\t%d\t%d\n", strings.ToUpper(g.AgeGroup.String()), g.Children, g.Unplaced)
	}
	tw.Flush()
}

func printRounds(w io.Writer, rs []storage.Round) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROUND\tSTATUS\tDEADLINE\tSTART\tMECHANISM\tCREATED")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Status, r.Deadline, r.StartDate, r.Mechanism, r.CreatedAt.Format("2006-01-02 15:04"))
	}
	return tw.Flush()
}
