// Which family or round a staff screen shows (memory only; reset by the wipe).
import { go } from '../ui.svelte';

export const staffNav = $state({
  /** The Vormerkungsnummer the clerk opened. */
  number: '',
  /** The Vergaberunde under review. */
  roundId: '',
  /** A follow-up round to prefill on the rounds screen. */
  followUpOf: '',
});

export function openFamily(number: string): void {
  staffNav.number = number;
  go('clerk-family');
}

export function openRound(id: string): void {
  staffNav.roundId = id;
  go('round');
}

export function resetStaffNav(): void {
  staffNav.number = '';
  staffNav.roundId = '';
  staffNav.followUpOf = '';
}
