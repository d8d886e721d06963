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
  const moved = ui.screen !== screen || screen === 'detail';
  ui.screen = screen;
  if (nav.on && !nav.restoring && moved) history.pushState(navState(), '');
  // A new screen starts at its top, and its heading takes the focus so screen readers
  // and keyboard users know where they are.
  queueMicrotask(() => {
    window.scrollTo(0, 0);
    document.getElementById('main')?.scrollTo(0, 0);
    const h = document.querySelector<HTMLElement>('[data-screen-heading]');
    h?.focus({ preventScroll: true });
  });
}

// --- Browser history (the web shell; the kiosk keeps its own navigation). Each screen is
// an entry, so a phone's Back goes to the screen before, and a reload stays on the screen.
// The entry holds the screen and a Kita id only, nothing personal; the address stays the
// same (the hand-off and status links keep theirs).
interface NavState {
  kp: 1;
  screen: Screen;
  kitaId: string;
  detailBack: Screen;
}
const nav = { on: false, restoring: false, reachable: (s: Screen): Screen => s };

function navState(): NavState {
  return { kp: 1, screen: ui.screen, kitaId: ui.kitaId, detailBack: ui.detailBack };
}

function isNavState(v: unknown): v is NavState {
  return typeof v === 'object' && v !== null && (v as NavState).kp === 1 && typeof (v as NavState).screen === 'string';
}

function restore(s: NavState): void {
  nav.restoring = true;
  try {
    ui.kitaId = typeof s.kitaId === 'string' ? s.kitaId : '';
    ui.detailBack = s.detailBack;
    go(nav.reachable(s.screen));
  } finally {
    nav.restoring = false;
  }
  history.replaceState(navState(), '');
}

/**
 * useHistory puts the screens into the browser history from now on. reachable maps a
 * screen that cannot be shown any more (an account screen after the logout, the receipt
 * after a wipe) to one that can. A reload returns to the screen it was on.
 */
export function useHistory(reachable: (s: Screen) => Screen): void {
  nav.reachable = reachable;
  if (nav.on) return;
  nav.on = true;
  const kept: unknown = history.state;
  if (isNavState(kept) && kept.screen !== ui.screen && ui.screen === 'welcome') restore(kept);
  else history.replaceState(navState(), '');
  window.addEventListener('popstate', (e) => {
    if (isNavState(e.state)) restore(e.state);
  });
}
// --- end of the browser history

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
