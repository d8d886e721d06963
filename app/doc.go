// Package app holds the product's rules and use cases and exposes them as one
// http.Handler (JSON under /api/). Both shells — the Wails kiosk window and
// the network server — mount that same handler. The package turns stored
// records (storage) into index documents (search) and keeps the two in step.
package app
