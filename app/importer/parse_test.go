package importer

import (
	"strings"
	"testing"

	"kitaportal/storage"
)

func TestParseTimeRange(t *testing.T) {
	good := map[string]storage.TimeRange{
		"07:30-16:30":       {Open: hm(7, 30), Close: hm(16, 30)},
		"7:30 - 16:30":      {Open: hm(7, 30), Close: hm(16, 30)},
		"07:00-17.00":       {Open: hm(7, 0), Close: hm(17, 0)},
		"07:30–16:30":       {Open: hm(7, 30), Close: hm(16, 30)},
		"07:30 — 16:30 Uhr": {Open: hm(7, 30), Close: hm(16, 30)},
		"7.30 bis 16.30":    {Open: hm(7, 30), Close: hm(16, 30)},
		"00:00-24:00":       {Open: 0, Close: 24 * 60},
		"06:00:00-18:00:00": {Open: hm(6, 0), Close: hm(18, 0)},
	}
	for in, want := range good {
		if got, reason := parseTimeRange(in); reason != "" || got != want {
			t.Errorf("%q: %v %q, want %v", in, got, reason, want)
		}
	}
	bad := map[string]string{
		"25:00-26:00":             "is not a time of day",
		"07:00-24:01":             "is not a time of day",
		"7-16":                    "is not a time of day",
		"07:60-08:00":             "is not a time of day",
		"16:00-07:00":             "opening time must be before closing time",
		"08:00-08:00":             "opening time must be before closing time",
		"07:00":                   "is not a time range",
		"07:00-12:00-13:00-17:00": "is not a time range",
		"":                        "is not a time range",
		"ab 7 Uhr":                "is not a time range",
		"07:3-16:30":              "is not a time of day",
		"-1:00-02:00":             "is not a time range",
	}
	for in, want := range bad {
		if _, reason := parseTimeRange(in); !strings.Contains(reason, want) {
			t.Errorf("%q: reason %q, want %q", in, reason, want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		in      string
		decimal byte
		want    float64
		bad     bool
	}{
		{"49.4431", '.', 49.4431, false},
		{"49,4431", ',', 49.4431, false},
		{"-7", '.', -7, false},
		{"1e2", '.', 100, false},
		{"49,4431", '.', 0, true},
		{"49.4431", ',', 0, true},
		{"1.234,5", ',', 0, true},
		{"NaN", '.', 0, true},
		{"Inf", '.', 0, true},
		{"0x1p-2", '.', 0, true},
		{"", '.', 0, true},
		{".", '.', 0, true},
		{"1e", '.', 0, true},
	} {
		got, reason := parseNumber(tc.in, tc.decimal)
		if (reason != "") != tc.bad || got != tc.want {
			t.Errorf("%q (%c): %v %q", tc.in, tc.decimal, got, reason)
		}
	}
	if n, r := parseCount("60.0", '.'); n != 60 || r != "" {
		t.Errorf("60.0: %d %q", n, r)
	}
	if _, r := parseCount("2.5", '.'); !strings.Contains(r, "whole number") {
		t.Errorf("2.5: %q", r)
	}
}

func TestParseBoolAndFlag(t *testing.T) {
	for _, s := range []string{"ja", "JA", "yes", "True", "1", "x", "X", "wahr"} {
		if b, r := parseBool(s); !b || r != "" {
			t.Errorf("%q: %v %q", s, b, r)
		}
	}
	for _, s := range []string{"nein", "No", "false", "0", "FALSCH"} {
		if b, r := parseBool(s); b || r != "" {
			t.Errorf("%q: %v %q", s, b, r)
		}
	}
	for _, s := range []string{"vielleicht", "2", "-", "j"} {
		if _, r := parseBool(s); r == "" {
			t.Errorf("%q accepted as a bool", s)
		}
	}
	for s, want := range map[string]bool{"2": true, "0": false, "0.5": true, "-1": false, "ja": true} {
		if b, r := parseFlag(s, '.'); b != want || r != "" {
			t.Errorf("flag %q: %v %q", s, b, r)
		}
	}
}

func TestCarrierTypeAndEmail(t *testing.T) {
	for in, want := range map[string]string{"Städtisch": "städtisch", "STAEDTISCH": "städtisch", "Elterninitiative": "elterninitiative"} {
		if got, r := carrierType(in); got != want || r != "" {
			t.Errorf("%q: %q %q", in, got, r)
		}
	}
	if _, r := carrierType("kommunal"); !strings.Contains(r, "is not a carrier type") {
		t.Errorf("kommunal: %q", r)
	}
	for s, ok := range map[string]bool{"kita@example.org": true, "a.b@c.de": true, "kita@": false, "Kita <k@x.de>": false, "k@localhost": false, "k x@y.de": false} {
		if _, r := checkEmail(s); (r == "") != ok {
			t.Errorf("%q: %q", s, r)
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"274129":                       "274129",
		"Kita Pfaffstraße":             "kita-pfaffstrasse",
		"Duborg Børnehave":             "duborg-boernehave",
		"  Crèche  Émile ":             "creche-emile",
		"Dansk Skoleforening e. V.":    "dansk-skoleforening-e-v",
		"Dansk Skoleforening e.V.":     "dansk-skoleforening-e-v",
		"kita-am-ostseebad-staedtisch": "kita-am-ostseebad-staedtisch",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	if a, b := slug("東京"), slug("大阪"); a == b || !strings.HasPrefix(a, "x") {
		t.Errorf("keys without Latin letters: %q %q", a, b)
	}
}

func TestNormText(t *testing.T) {
	for in, want := range map[string]string{
		"  Kita  Baumelbaum ":          "Kita Baumelbaum",
		"KOTTI - Verein \nam Tor e.V.": "KOTTI - Verein am Tor e.V.",
		"a\u00a0b":                     "a b",
		"plain":                        "plain",
	} {
		if got := normText(in); got != want {
			t.Errorf("normText(%q) = %q", in, got)
		}
	}
}
