// In-app notifications: alerts that fired and errors that say what to do; newest at the bottom.
import { useEffect } from 'react';
import { useAppStore, type Toast } from '../store';

const LIFETIME_MS: Record<Toast['kind'], number> = { alert: 15_000, error: 10_000, info: 6_000 };

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useAppStore((s) => s.dismissToast);
  const openDetail = useAppStore((s) => s.openDetail);
  useEffect(() => {
    const t = setTimeout(() => dismiss(toast.id), LIFETIME_MS[toast.kind]);
    return () => clearTimeout(t);
  }, [dismiss, toast.id, toast.kind]);
  return (
    <li className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
      <div className="toast-body">
        <div className="toast-title">{toast.title}</div>
        <div className="toast-message">{toast.message}</div>
      </div>
      {toast.symbol && (
        <button type="button" className="button button-quiet" onClick={() => openDetail(toast.symbol ?? null)}>
          Open
        </button>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss notification" onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </li>
  );
}

export function Toasts() {
  const toasts = useAppStore((s) => s.toasts);
  return (
    <ol className="toasts" aria-label="Notifications">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </ol>
  );
}
