package cli

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"kitaportal/app"
	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/storage"
)

const userArgs = "add --role clerk|kita|admin [--kita ID]... --name NAME [--password-file F] LOGIN | list | disable LOGIN | enable LOGIN\n" +
	"       | change [--role R] [--kita ID]... [--name NAME] LOGIN | delete LOGIN"

// kitaList collects repeated --kita flags.
type kitaList []string

func (k *kitaList) String() string     { return strings.Join(*k, ",") }
func (k *kitaList) Set(v string) error { *k = append(*k, v); return nil }

// runUser manages staff users. The password of a new user comes from
// --password-file or the first line of standard input, never from an
// argument (which other users of the machine could see).
func runUser(env Env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && args[0] != "-h" && args[0] != "--help" {
		return usagef("name a subcommand: add, list, disable, enable, change or delete")
	}
	sub, args := args[0], args[1:]
	fs, data := newFlags(env, "user "+sub, userArgs)
	role := fs.String("role", "", "clerk, kita or admin")
	name := fs.String("name", "", "the person's name")
	pwFile := fs.String("password-file", "", "file whose first line is the password (default: standard input)")
	var kitas kitaList
	fs.Var(&kitas, "kita", "Kita id the user answers for (role kita; repeat for several)")
	if sub == "-h" || sub == "--help" {
		fs.Usage()
		return flag.ErrHelp
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if env.live == nil {
		req := runRequest{Args: append([]string{"user", sub}, args...)}
		if sub == "add" {
			// The password is read here: the server never opens a file
			// the operator names, nor this terminal.
			pw, err := readPassword(*pwFile, env)
			if err != nil {
				return err
			}
			req.Stdin = []byte(pw + "\n")
			if *pwFile != "" {
				req.Files = map[string][]byte{*pwFile: req.Stdin}
			}
			env.Stdin = bytes.NewReader(req.Stdin)
		}
		if fwd, err := forward(env, *data, req); fwd {
			return err
		}
	}
	o, err := env.open(*data, newLogger(env.Stderr, false), false)
	if err != nil {
		return err
	}
	defer o.Close()
	svc := o.svc
	switch sub {
	case "add":
		if fs.NArg() != 1 {
			return usagef("name exactly one LOGIN")
		}
		pw, err := readPassword(*pwFile, env)
		if err != nil {
			return err
		}
		u, err := svc.AddUser(auth.Operator, app.NewUser{Login: fs.Arg(0), Name: *name, Role: domain.Role(*role), KitaIDs: kitas, Password: pw})
		if err != nil {
			return asUsage(err)
		}
		fmt.Fprintf(env.Stdout, "user %s added (%s, id %s)\n", u.Login, u.Role, u.ID)
	case "list":
		us, err := svc.Users(auth.Operator)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "LOGIN\tROLE\tNAME\tKITAS\tSTATUS")
		for _, u := range us {
			status := "active"
			if u.Disabled {
				status = "disabled"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Login, u.Role, u.Name, strings.Join(u.KitaIDs, ","), status)
		}
		return tw.Flush()
	case "disable", "enable":
		if fs.NArg() != 1 {
			return usagef("name exactly one LOGIN")
		}
		u, err := svc.SetUserDisabled(auth.Operator, fs.Arg(0), sub == "disable")
		if err != nil {
			return asUsage(err)
		}
		fmt.Fprintf(env.Stdout, "user %s %sd\n", u.Login, sub)
	case "change":
		if fs.NArg() != 1 {
			return usagef("name exactly one LOGIN")
		}
		u, err := svc.Store.UserByLogin(fs.Arg(0))
		if storage.IsNotFound(err) {
			return fmt.Errorf("no user %q", fs.Arg(0)) // like disable and delete: exit 1
		}
		if err != nil {
			return err
		}
		c := app.UserChange{Name: u.Name, Role: u.Role, KitaIDs: u.KitaIDs}
		if *name != "" {
			c.Name = *name
		}
		if *role != "" {
			c.Role = domain.Role(*role)
			if c.Role != domain.RoleKita {
				c.KitaIDs = nil
			}
		}
		if len(kitas) > 0 {
			c.KitaIDs = kitas
		}
		v, err := svc.ChangeUser(auth.Operator, u.ID, c)
		if err != nil {
			return asUsage(err)
		}
		fmt.Fprintf(env.Stdout, "user %s changed (%s%s)\n", v.Login, v.Role, kitaSuffix(v.KitaIDs))
	case "delete":
		if fs.NArg() != 1 {
			return usagef("name exactly one LOGIN")
		}
		if err := svc.DeleteUser(auth.Operator, fs.Arg(0)); err != nil {
			return asUsage(err)
		}
		fmt.Fprintf(env.Stdout, "user %s deleted\n", fs.Arg(0))
	default:
		return usagef("unknown subcommand %q (add, list, disable, enable, change, delete)", sub)
	}
	return nil
}

// asUsage turns a validation error of the input into a usage error.
func asUsage(err error) error {
	if e, ok := apperr.As(err); ok && e.HTTPStatus() == 400 {
		return usagef("%s", e.Error())
	}
	return err
}

func readPassword(file string, env Env) (string, error) {
	var r io.Reader = os.Stdin
	if env.Stdin != nil {
		r = env.Stdin
	}
	if file != "" {
		b, err := env.fs().ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("password file: %w", err)
		}
		r = bytes.NewReader(b)
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", usagef("no password: give it on the first line of standard input or with --password-file")
	}
	return pw, nil
}

func kitaSuffix(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return ", Kitas " + strings.Join(ids, ",")
}
