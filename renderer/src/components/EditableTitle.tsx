import { useState } from 'react';
import { errorText } from '../lib/errors';
import { useAppStore } from '../store';

/**
 * A screen title renamed in place (✎, Enter or leaving the field saves, Escape cancels). `rename`
 * stores the new name; when it fails the title stays and a toast says why.
 */
export function EditableTitle({
  name,
  what,
  rename,
}: {
  name: string;
  /** "watchlist", "portfolio": for the button's and the field's labels. */
  what: string;
  rename: (next: string) => Promise<unknown>;
}) {
  const pushToast = useAppStore((s) => s.pushToast);
  const [editing, setEditing] = useState<string | null>(null);
  if (editing === null) {
    return (
      <h1 className="view-title">
        {name}
        <button
          type="button"
          className="icon-button"
          aria-label={`Rename ${what} ${name}`}
          onClick={() => setEditing(name)}
        >
          ✎
        </button>
      </h1>
    );
  }
  const save = () => {
    const next = editing.trim();
    setEditing(null);
    if (!next || next === name) return;
    rename(next).catch((err: unknown) =>
      pushToast({ kind: 'error', title: 'Not renamed', message: errorText(err, 'Try again.') }),
    );
  };
  const label = `${what.charAt(0).toUpperCase()}${what.slice(1)} name`;
  return (
    <form
      className="rename"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <input
        aria-label={label}
        value={editing}
        maxLength={80}
        autoFocus
        onChange={(e) => setEditing(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => e.key === 'Escape' && setEditing(null)}
      />
    </form>
  );
}
