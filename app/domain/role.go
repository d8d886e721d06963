package domain

// Role is what a member of staff may do.
type Role string

// The staff roles.
const (
	RoleClerk Role = "clerk" // Jugendreferat: helps families, runs the allocation round
	RoleKita  Role = "kita"  // Kita staff: answers the Vormerkungen of their own Kitas
	RoleAdmin Role = "admin" // users, settings, audit log
)

// Roles lists every role.
var Roles = []Role{RoleClerk, RoleKita, RoleAdmin}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return r == RoleClerk || r == RoleKita || r == RoleAdmin }
