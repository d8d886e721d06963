import './style.css';
import { searchKitas } from './api';
import { renderKitaList } from './kitaList';
import { applyMessages, t } from './messages';
import { setTitle } from './title';

const pageSize = 20;

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}

const welcome = byId<HTMLElement>('welcome');
const search = byId<HTMLElement>('search');
const status = byId<HTMLParagraphElement>('search-status');
const retry = byId<HTMLButtonElement>('retry');
const list = byId<HTMLOListElement>('kita-list');

function showWelcome(): void {
  search.hidden = true;
  welcome.hidden = false;
  list.replaceChildren();
  setTitle(t('title.welcome'));
}

async function showSearch(): Promise<void> {
  welcome.hidden = true;
  search.hidden = false;
  retry.hidden = true;
  status.classList.remove('is-error');
  status.textContent = t('search.loading');
  setTitle(t('title.search'));
  try {
    const result = await searchKitas(pageSize);
    renderKitaList(list, result.items);
    status.textContent =
      result.total === 0
        ? t('search.empty')
        : t('search.total', { total: result.total, shown: result.items.length });
    setTitle(t('title.searchResults', { total: result.total }));
  } catch (err) {
    console.error(err);
    list.replaceChildren();
    status.textContent = t('search.error');
    status.classList.add('is-error');
    retry.hidden = false;
    setTitle(t('title.searchError'));
  }
}

applyMessages(document);
byId('start').addEventListener('click', () => void showSearch());
byId('back').addEventListener('click', showWelcome);
retry.addEventListener('click', () => void showSearch());
showWelcome();
