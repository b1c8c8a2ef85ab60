// The left rail: the screens, then the watchlists (drag or Alt+↑/↓ to reorder), and a new-list box.
import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { Watchlist } from '../../../shared/contract';
import { useApi } from '../api/context';
import { errorText } from '../lib/errors';
import { dropIndex, moveItem } from '../lib/reorder';
import { useFocusRequest } from '../lib/use-slash-focus';
import { useAppStore, type View } from '../store';

const SCREENS: { view: View; label: string; key: string; icon: string }[] = [
  { view: 'watchlists', label: 'Watchlists', key: 'w', icon: 'M2 4h12M2 8h12M2 12h8' },
  { view: 'universe', label: 'Universe', key: 'u', icon: 'M2 3h12v10H2zM2 7h12M6 3v10' },
  { view: 'dashboard', label: 'Dashboard', key: 'd', icon: 'M2 13V8M6 13V3M10 13V6M14 13V9' },
  { view: 'portfolios', label: 'Portfolios', key: 'p', icon: 'M8 2a6 6 0 1 0 6 6H8zM10 1.5A5 5 0 0 1 14.5 6H10z' },
  {
    view: 'alerts',
    label: 'Alerts',
    key: 'a',
    icon: 'M8 2a4 4 0 0 1 4 4v3l1.5 2.5h-11L4 9V6a4 4 0 0 1 4-4zM6.5 13.5a1.5 1.5 0 0 0 3 0',
  },
  { view: 'usage', label: 'Usage & admin', key: 'm', icon: 'M2.5 12a5.5 5.5 0 1 1 11 0M8 12l3-4M2 14h12' },
  { view: 'health', label: 'Health', key: 'h', icon: 'M1.5 8.5h3l1.5-4 3 8 1.5-4h4' },
  {
    view: 'settings',
    label: 'Settings',
    key: 's',
    icon: 'M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5zM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
  },
];

const DRAG_TYPE = 'application/x-quotedesk-watchlist';

function WatchlistItem({
  w,
  index,
  active,
  onMove,
  dragFrom,
  setDragFrom,
}: {
  w: Watchlist;
  index: number;
  active: boolean;
  onMove: (from: number, to: number) => void;
  dragFrom: number | null;
  setDragFrom: (i: number | null) => void;
}) {
  const api = useApi();
  const select = useAppStore((s) => s.selectWatchlist);
  const setView = useAppStore((s) => s.setView);
  const removeWatchlist = useAppStore((s) => s.removeWatchlist);
  const pushToast = useAppStore((s) => s.pushToast);
  const [confirming, setConfirming] = useState(false);
  const [dropAt, setDropAt] = useState<'before' | 'after' | null>(null);

  const onDragOver = (e: DragEvent) => {
    if (dragFrom === null) return;
    e.preventDefault();
    const r = e.currentTarget.getBoundingClientRect();
    setDropAt(e.clientY > r.top + r.height / 2 ? 'after' : 'before');
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    if (dragFrom !== null && dropAt) onMove(dragFrom, dropIndex(dragFrom, index, dropAt === 'after'));
    setDropAt(null);
    setDragFrom(null);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    onMove(index, index + (e.key === 'ArrowUp' ? -1 : 1));
  };

  return (
    <li
      className={`list-item${active ? ' active' : ''}${dropAt ? ` drop-${dropAt}` : ''}${dragFrom === index ? ' dragging' : ''}`}
      draggable={!confirming}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, String(w.id));
        e.dataTransfer.effectAllowed = 'move';
        setDragFrom(index);
      }}
      onDragEnd={() => setDragFrom(null)}
      onDragOver={onDragOver}
      onDragLeave={() => setDropAt(null)}
      onDrop={onDrop}
      data-watchlist={w.name}
    >
      {confirming ? (
        <div className="confirm-row" role="group" aria-label={`Delete watchlist ${w.name}?`}>
          <span>Delete “{w.name}”?</span>
          <button
            type="button"
            className="button button-danger"
            onClick={() => {
              api.call('deleteWatchlist', { id: w.id }).then(
                () => removeWatchlist(w.id),
                (err: unknown) =>
                  pushToast({ kind: 'error', title: 'Not deleted', message: errorText(err, 'Try again.') }),
              );
            }}
          >
            Delete
          </button>
          <button type="button" className="button button-quiet" onClick={() => setConfirming(false)} autoFocus>
            Keep
          </button>
        </div>
      ) : (
        <>
          <span className="grip" aria-hidden="true">
            ⋮⋮
          </span>
          <button
            type="button"
            className="list-button"
            aria-current={active ? 'true' : undefined}
            title="Open · Alt+↑/↓ to move · drag to reorder"
            onClick={() => {
              select(w.id);
              setView('watchlists');
            }}
            onKeyDown={onKeyDown}
          >
            <span className="list-name">{w.name}</span>
            <span className="count">{w.symbols.length}</span>
          </button>
          <button
            type="button"
            className="icon-button reveal"
            aria-label={`Delete watchlist ${w.name}`}
            onClick={() => setConfirming(true)}
          >
            ×
          </button>
        </>
      )}
    </li>
  );
}

export function Sidebar() {
  const api = useApi();
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const watchlists = useAppStore((s) => s.watchlists);
  const loaded = useAppStore((s) => s.watchlistsLoaded);
  const activeId = useAppStore((s) => s.activeWatchlistId);
  const setWatchlists = useAppStore((s) => s.setWatchlists);
  const upsert = useAppStore((s) => s.upsertWatchlist);
  const select = useAppStore((s) => s.selectWatchlist);
  const pushToast = useAppStore((s) => s.pushToast);
  const armed = useAppStore((s) => (s.alerts ?? []).filter((a) => a.enabled).length);
  const troubled = useAppStore((s) => (s.status?.providers ?? []).filter((p) => p.state !== 'ok').length);
  const newListAsked = useAppStore((s) => s.newWatchlistRequest);
  const nameInput = useRef<HTMLInputElement>(null);
  useFocusRequest(nameInput, newListAsked);
  const [name, setName] = useState('');
  const [dragFrom, setDragFrom] = useState<number | null>(null);

  const create = async () => {
    const trimmed = name.trim();
    if (!trimmed) return;
    try {
      const w = await api.call('createWatchlist', { name: trimmed, symbols: [] });
      upsert(w);
      select(w.id);
      setView('watchlists');
      setName('');
    } catch (err) {
      pushToast({ kind: 'error', title: 'Watchlist not created', message: errorText(err, 'Try again.') });
    }
  };

  const move = (from: number, to: number) => {
    const w = watchlists[from];
    if (!w || to < 0 || to >= watchlists.length || from === to) return;
    const before = watchlists;
    setWatchlists(moveItem(watchlists, from, to));
    api.call('updateWatchlist', { id: w.id, position: to }).then(
      () => undefined,
      (err: unknown) => {
        setWatchlists(before);
        pushToast({ kind: 'error', title: 'Order not saved', message: errorText(err, 'Try again.') });
      },
    );
  };

  return (
    <nav className="sidebar" aria-label="Main">
      <ul className="screens">
        {SCREENS.map((s) => (
          <li key={s.view}>
            <button
              type="button"
              className={`screen-button${view === s.view ? ' active' : ''}`}
              aria-current={view === s.view ? 'page' : undefined}
              onClick={() => setView(s.view)}
              title={`${s.label} (g then ${s.key})`}
            >
              <svg viewBox="0 0 16 16" aria-hidden="true" className="screen-icon">
                <path d={s.icon} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
              </svg>
              <span>{s.label}</span>
              {s.view === 'alerts' && armed > 0 && <span className="count">{armed}</span>}
              {s.view === 'usage' && troubled > 0 && (
                <span className="count count-warn" title="A provider is paused or down">
                  !
                </span>
              )}
              <kbd className="screen-key" aria-hidden="true">
                g {s.key}
              </kbd>
            </button>
          </li>
        ))}
      </ul>
      <h2 className="sidebar-title" id="lists-title">
        Watchlists
      </h2>
      {!loaded ? (
        <div className="sidebar-skeleton" aria-hidden="true">
          <span className="skeleton" />
          <span className="skeleton" />
        </div>
      ) : (
        <ul className="watchlist-list" aria-labelledby="lists-title">
          {watchlists.map((w, i) => (
            <WatchlistItem
              key={w.id}
              w={w}
              index={i}
              active={view === 'watchlists' && w.id === activeId}
              onMove={move}
              dragFrom={dragFrom}
              setDragFrom={setDragFrom}
            />
          ))}
        </ul>
      )}
      <form
        className="new-watchlist"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <input
          ref={nameInput}
          aria-label="New watchlist name"
          placeholder="New watchlist…"
          value={name}
          maxLength={80}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="button" disabled={name.trim() === ''}>
          Add
        </button>
      </form>
    </nav>
  );
}
