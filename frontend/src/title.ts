// The window title. In the kiosk, Wails injects window.runtime; the GTK window does
// not follow document.title by itself, and the kiosk smoke test reads the window title.

declare global {
  interface Window {
    runtime?: { WindowSetTitle(title: string): void };
  }
}

export function setTitle(title: string): void {
  document.title = title;
  window.runtime?.WindowSetTitle(title);
}
