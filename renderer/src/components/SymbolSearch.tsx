import { useEffect, useId, useRef, useState } from 'react';
import type { SymbolInfo } from '../../../shared/quote';
import { useApi } from '../api/context';

type Props = {
  onPick: (symbol: string) => void;
  exclude?: ReadonlySet<string>;
  placeholder?: string;
};

/** Keyboard-first symbol search: `/` focuses it, arrows move, Enter adds, Escape clears. */
export function SymbolSearch({ onPick, exclude, placeholder = 'Add symbol — press / to search' }: Props) {
  const api = useApi();
  const [text, setText] = useState('');
  const [found, setResults] = useState<SymbolInfo[]>([]);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const results = text.trim() === '' ? [] : found;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing =
        target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
      if (e.key === '/' && !typing) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const q = text.trim();
    if (q === '') return;
    let cancelled = false;
    const t = setTimeout(() => {
      api.call('searchSymbols', { q, limit: 8 }).then(
        (r) => {
          if (!cancelled) {
            setResults(r);
            setActive(0);
          }
        },
        () => {
          if (!cancelled) setResults([]);
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
        aria-label="Search symbols to add"
        role="combobox"
        aria-expanded={results.length > 0}
        aria-controls={listId}
        aria-activedescendant={results[active] ? `${listId}-${active}` : undefined}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
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
          }
        }}
      />
      {results.length > 0 && (
        <ul className="search-results" id={listId} role="listbox">
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
    </div>
  );
}
