// Which screen is shown, and the display switches. Memory only: nothing of this is
// written to browser storage.

export type Screen = 'welcome' | 'search' | 'detail' | 'merkliste' | 'form' | 'receipt' | AccountScreen | HandoffScreen;

// --- The phone's hand-off page: /h (type the kiosk's code) and what /h/TOKEN answers
// (components/handoff/HandoffScreen).
export type HandoffScreen = 'handoff';
// --- end of the hand-off page

// --- Screens after submitting: logins, the family's account, Kita staff, clerk, admin
// (components/account, staff, clerk, admin; shown by components/account/AccountScreens).
export type AccountScreen =
  | 'login'
  | 'account'
  | 'kita-inbox'
  | 'clerk-families'
  | 'clerk-family'
  | 'clerk-duplicates'
  | 'rounds'
  | 'round'
  | 'admin';
export const accountScreens: readonly Screen[] = [
  'login',
  'account',
  'kita-inbox',
  'clerk-families',
  'clerk-family',
  'clerk-duplicates',
  'rounds',
  'round',
  'admin',
];
// --- end of the account screens

export const ui = $state({
  screen: 'welcome' as Screen,
  /** The Kita shown on the detail screen, and where its back button leads. */
  kitaId: '',
  detailBack: 'search' as Screen,
  /** Search results as a list or a map (on narrow screens; wide ones show both). */
  resultView: 'list' as 'list' | 'map',
  largeText: false,
  highContrast: false,
  /** A message for the polite live region (errors and confirmations). */
  announcement: '',
});

export function go(screen: Screen): void {
  ui.screen = screen;
  // A new screen starts at its top, and its heading takes the focus so screen readers
  // and keyboard users know where they are.
  queueMicrotask(() => {
    window.scrollTo(0, 0);
    document.getElementById('main')?.scrollTo(0, 0);
    const h = document.querySelector<HTMLElement>('[data-screen-heading]');
    h?.focus({ preventScroll: true });
  });
}

export function showKita(id: string, back: Screen): void {
  ui.kitaId = id;
  ui.detailBack = back;
  go('detail');
}

export function announce(text: string): void {
  // Clearing first makes a repeated message be read again.
  ui.announcement = '';
  queueMicrotask(() => (ui.announcement = text));
}

export function resetUi(): void {
  ui.screen = 'welcome';
  ui.kitaId = '';
  ui.detailBack = 'search';
  ui.resultView = 'list';
  ui.largeText = false;
  ui.highContrast = false;
  ui.announcement = '';
}

// The window title names the screen. In the kiosk, Wails injects window.runtime: the
// GTK window does not follow document.title by itself, and the smoke test reads it.
declare global {
  interface Window {
    runtime?: { WindowSetTitle(title: string): void };
  }
}

let windowTitle = '';

export function setTitle(title: string): void {
  if (document.title !== title) document.title = title;
  syncWindowTitle();
}

function syncWindowTitle(): void {
  const title = document.title;
  if (windowTitle === title) return;
  if (window.runtime) {
    window.runtime.WindowSetTitle(title);
    windowTitle = title;
  } else if (document.readyState !== 'complete') {
    // Wails' runtime script may arrive after this module: try again once loaded.
    window.addEventListener('load', syncWindowTitle, { once: true });
  }
}
