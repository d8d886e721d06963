//go:build !linux

package main

// touchFriendlyPopups: only WebKitGTK (Linux) draws <select> options with
// desktop-sized GTK rows.
func touchFriendlyPopups() {}
