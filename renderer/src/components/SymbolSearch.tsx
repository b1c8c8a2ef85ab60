import { useEffect, useId, useRef, useState } from 'react';
import type { SymbolInfo } from '../../../shared/quote';
import { useApi } from '../api/context';
import { useSlashFocus } from '../lib/use-slash-focus';

type Props = {
  onPick: (symbol: string) => void;
  exclude?: ReadonlySet<string>;
  placeholder?: string;
  label?: string;
  /** Answer `/` (only one search per screen should). */
  slash?: boolean;
  autoFocus?: boolean;
};

/** Keyboard-first symbol search: `/` focuses it, arrows move, Enter picks, Escape clears. */
export function SymbolSearch({
  onPick,
  exclude,
  placeholder = 'Add symbol — press / to search',
  label = 'Search symbols to add',
  slash = true,
  autoFocus = false,
}: Props) {
  const api = useApi();
  const [text, setText] = useState('');
  const [found, setResults] = useState<SymbolInfo[]>([]);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const results = text.trim() === '' ? [] : found;
  const noSlash = useRef<HTMLInputElement>(null);
  useSlashFocus(slash ? input : noSlash);

  useEffect(() => {
    const q = text.trim();
    if (q === '') return;
    let cancelled = false;
    const t = setTimeout(() => {
      api.call('searchSymbols', { q, limit: 8 }).then(
        (r) => {
          if (cancelled) return;
          setResults(r);
          setActive(0);
          setError(r.length === 0 ? `No symbol or company matches “${q}”.` : null);
        },
        () => {
          if (cancelled) return;
          setResults([]);
          setError('Search is not answering; check the connection.');
        },
      );
    }, 120);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [api, text]);

  const pick = (s: SymbolInfo | undefined) => {
    if (!s) return;
    onPick(s.symbol);
    setText('');
    setResults([]);
  };

  return (
    <div className="search">
      <input
        ref={input}
        className="search-input"
        type="search"
        value={text}
        placeholder={placeholder}
        aria-label={label}
        role="combobox"
        aria-expanded={results.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={results[active] ? `${listId}-${active}` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        autoFocus={autoFocus}
        onKeyDown={(e) => {
          // No symbol has a slash: `/` here means "search", and the box already has the focus.
          if (e.key === '/') {
            e.preventDefault();
          } else if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, results.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            pick(results[active]);
          } else if (e.key === 'Escape') {
            setText('');
            setResults([]);
            setError(null);
          }
        }}
      />
      {results.length > 0 && (
        <ul className="search-results" id={listId} role="listbox" aria-label="Matching symbols">
          {results.map((r, i) => (
            <li
              key={r.symbol}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(r);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span className="search-symbol">{r.symbol}</span>
              <span className="search-name">{r.name}</span>
              <span className="search-exchange">{exclude?.has(r.symbol) ? 'added' : r.exchange}</span>
            </li>
          ))}
        </ul>
      )}
      {error && text.trim() !== '' && results.length === 0 && (
        <div className="search-results search-empty" role="status">
          {error}
        </div>
      )}
    </div>
  );
}
