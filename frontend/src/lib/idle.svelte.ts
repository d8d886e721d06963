// The kiosk's idle timer: after settings.idle_seconds without input a warning counts
// down settings.idle_warning_seconds, then the session is wiped.

export const idle = $state({ warning: false, remaining: 0 });

const activityEvents = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'input'] as const;

export interface IdleOptions {
  idleSeconds: () => number;
  warningSeconds: () => number;
  /** Whether there is anything to protect (not on an untouched welcome screen). */
  active: () => boolean;
  onTimeout: () => void;
}

/** startIdle watches for input; it returns a function that stops watching. */
let last = 0;

export function startIdle(o: IdleOptions): () => void {
  last = performance.now();
  let warnedAt = 0;
  const onActivity = (): void => {
    // During the warning only the "Weiter" button continues the session, so a
    // stray touch elsewhere does not hide the countdown without a decision.
    if (!idle.warning) last = performance.now();
  };
  for (const e of activityEvents) window.addEventListener(e, onActivity, { capture: true, passive: true });
  const tick = setInterval(() => {
    const now = performance.now();
    if (!o.active()) {
      last = now;
      idle.warning = false;
      return;
    }
    if (!idle.warning && now - last >= o.idleSeconds() * 1000) {
      idle.warning = true;
      warnedAt = now;
    }
    if (idle.warning) {
      const left = Math.max(0, Math.ceil(o.warningSeconds() - (now - warnedAt) / 1000));
      idle.remaining = left;
      if (left === 0) {
        idle.warning = false;
        last = now;
        o.onTimeout();
      }
    }
  }, 250);
  return () => {
    clearInterval(tick);
    for (const e of activityEvents) window.removeEventListener(e, onActivity, { capture: true });
  };
}

/** keepSession answers the warning's "Weiter". */
export function keepSession(): void {
  idle.warning = false;
  idle.remaining = 0;
  last = performance.now();
}
