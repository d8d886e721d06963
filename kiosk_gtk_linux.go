//go:build linux

package main

/*
#cgo pkg-config: gtk+-3.0
#include <gtk/gtk.h>
#include <stdlib.h>

static gboolean kp_add_css(gpointer data) {
	GdkScreen *screen = gdk_screen_get_default();
	if (screen != NULL) {
		GtkCssProvider *p = gtk_css_provider_new();
		gtk_css_provider_load_from_data(p, (const char *)data, -1, NULL);
		gtk_style_context_add_provider_for_screen(screen, GTK_STYLE_PROVIDER(p),
			GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
		g_object_unref(p);
	}
	free(data);
	return G_SOURCE_REMOVE;
}

static void kp_queue_css(char *css) { g_idle_add(kp_add_css, css); }
*/
import "C"

// touchPopupCSS styles the few GTK widgets the page itself cannot: WebKitGTK
// shows the options of a <select> in a GTK list whose rows follow the
// desktop theme (about 23 px high), too small to tap. Rows of at least 48 px
// and a readable font make the kiosk's drop-downs touch targets like the
// rest of the page.
const touchPopupCSS = `
treeview.view { font-size: 22px; padding: 10px 16px; }
menu menuitem { font-size: 22px; min-height: 48px; }
`

// touchFriendlyPopups queues the CSS for GTK's main loop, which Wails starts
// (after gtk_init) in wails.Run.
func touchFriendlyPopups() {
	C.kp_queue_css(C.CString(touchPopupCSS))
}
