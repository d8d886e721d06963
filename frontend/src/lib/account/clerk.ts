// The clerk registering a family through the normal flow (search → Merkliste → form
// → receipt) inside the clerk's own session.
import { request } from '../api';
import { removeFromMerkliste, session } from '../session.svelte';
import { resetForm } from '../form.svelte';
import { resetSearch } from '../search.svelte';
import { go } from '../ui.svelte';

/** startRegistration clears what a previous family left and opens the search. */
export async function startRegistration(): Promise<void> {
  resetForm();
  resetSearch();
  session.receipt = null;
  for (const k of [...session.merkliste]) {
    await removeFromMerkliste(k.id).catch(() => {});
  }
  await request('/api/draft/form', { method: 'PUT', body: {} }).catch(() => {});
  go('search');
}

/** finishRegistration: the receipt is printed; the family's data leaves the screen. */
export function finishRegistration(): void {
  resetForm();
  resetSearch();
  session.receipt = null;
  go('clerk-families');
}
