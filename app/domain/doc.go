// Package domain holds the product's words and the rules that need nothing
// but those words: a Vormerkung's statuses, the staff roles, the kinds of
// Träger, the weekdays of opening hours, the U3/Ü3 age groups and the
// calendar days families type (in German time). It imports nothing of the
// project, so the store and every use case share one definition of each.
package domain
