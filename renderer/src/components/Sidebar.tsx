import { useState } from 'react';
import { ApiError } from '../../../shared/errors';
import { useApi } from '../api/context';
import { useAppStore } from '../store';

export function Sidebar({ onError }: { onError: (message: string) => void }) {
  const api = useApi();
  const watchlists = useAppStore((s) => s.watchlists);
  const activeId = useAppStore((s) => s.activeWatchlistId);
  const select = useAppStore((s) => s.selectWatchlist);
  const upsert = useAppStore((s) => s.upsertWatchlist);
  const removeWatchlist = useAppStore((s) => s.removeWatchlist);
  const [name, setName] = useState('');

  const create = async () => {
    const trimmed = name.trim();
    if (!trimmed) return;
    try {
      const w = await api.call('createWatchlist', { name: trimmed, symbols: [] });
      upsert(w);
      select(w.id);
      setName('');
    } catch (err) {
      onError(err instanceof ApiError ? err.message : 'Could not create the watchlist.');
    }
  };

  return (
    <nav className="sidebar" aria-label="Watchlists">
      <h3 className="sidebar-title">Watchlists</h3>
      <ul className="watchlist-list">
        {watchlists.map((w) => (
          <li key={w.id} className={w.id === activeId ? 'active' : undefined}>
            <button
              className="watchlist-item"
              aria-current={w.id === activeId ? 'page' : undefined}
              onClick={() => select(w.id)}
            >
              <span>{w.name}</span>
              <span className="count">{w.symbols.length}</span>
            </button>
            <button
              className="icon-button"
              aria-label={`Delete watchlist ${w.name}`}
              onClick={() => {
                if (!window.confirm(`Delete the watchlist "${w.name}"?`)) return;
                api.call('deleteWatchlist', { id: w.id }).then(
                  () => removeWatchlist(w.id),
                  (err: unknown) => onError(err instanceof ApiError ? err.message : 'Could not delete the watchlist.'),
                );
              }}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        className="new-watchlist"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <input
          aria-label="New watchlist name"
          placeholder="New watchlist"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" disabled={name.trim() === ''}>
          Add
        </button>
      </form>
    </nav>
  );
}
