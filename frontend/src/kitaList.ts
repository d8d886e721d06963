import type { KitaSummary } from './api';
import { t } from './messages';

/** KitaList renders the names (and distances, where known) of a page of Kitas. */
export function renderKitaList(list: HTMLOListElement, items: KitaSummary[]): void {
  list.replaceChildren(...items.map(kitaCard));
}

function kitaCard(kita: KitaSummary): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'kita-card';
  const name = document.createElement('span');
  name.className = 'kita-name';
  name.textContent = kita.name;
  li.append(name);
  if (typeof kita.distance_km === 'number') {
    const distance = document.createElement('span');
    distance.className = 'kita-distance';
    distance.textContent = t('kita.distance', { km: kita.distance_km });
    li.append(distance);
  }
  return li;
}
