// Price alerts and their firing history in SQLite.
import type { Alert, AlertFiring, AlertKind } from '../../../shared/contract';
import type { ProviderId } from '../../../shared/quote';
import type { Db } from './db';

type RawAlert = {
  id: number;
  symbol: string;
  kind: AlertKind;
  threshold: number;
  repeats: number;
  enabled: number;
  armed: number;
  created_at: number;
  last_fired_at: number | null;
  fire_count: number;
};

type RawFiring = {
  id: number;
  alert_id: number;
  symbol: string;
  kind: AlertKind;
  threshold: number;
  price: number;
  change_percent: number;
  source: ProviderId;
  as_of: number;
  fired_at: number;
  message: string;
};

const iso = (t: number) => new Date(t).toISOString();

function alertFromRaw(r: RawAlert): Alert {
  return {
    id: r.id,
    symbol: r.symbol,
    kind: r.kind,
    threshold: r.threshold,
    repeat: r.repeats === 1,
    enabled: r.enabled === 1,
    armed: r.armed === 1,
    createdAt: iso(r.created_at),
    lastFiredAt: r.last_fired_at === null ? null : iso(r.last_fired_at),
    fireCount: r.fire_count,
  };
}

function firingFromRaw(r: RawFiring): AlertFiring {
  return {
    id: r.id,
    alertId: r.alert_id,
    symbol: r.symbol,
    kind: r.kind,
    threshold: r.threshold,
    price: r.price,
    changePercent: r.change_percent,
    source: r.source,
    asOf: iso(r.as_of),
    firedAt: iso(r.fired_at),
    message: r.message,
  };
}

export type NewFiring = Omit<AlertFiring, 'id' | 'asOf' | 'firedAt'> & { asOf: number; firedAt: number };

/** Firings kept: the history screen shows the recent ones; older ones go. */
export const HISTORY_LIMIT = 5000;

export type AlertsRepo = ReturnType<typeof createAlertsRepo>;

export function createAlertsRepo(db: Db) {
  const all = db.prepare('SELECT * FROM alerts ORDER BY id DESC');
  const one = db.prepare('SELECT * FROM alerts WHERE id = ?');
  const insert = db.prepare(
    'INSERT INTO alerts (symbol, kind, threshold, repeats, enabled, armed, created_at) VALUES (?, ?, ?, ?, 1, 1, ?)',
  );
  const update = db.prepare(
    'UPDATE alerts SET threshold = @threshold, repeats = @repeats, enabled = @enabled, armed = @armed WHERE id = @id',
  );
  const remove = db.prepare('DELETE FROM alerts WHERE id = ?');
  const setArmed = db.prepare('UPDATE alerts SET armed = ? WHERE id = ?');
  const fired = db.prepare(
    'UPDATE alerts SET armed = 0, enabled = @enabled, last_fired_at = @at, fire_count = fire_count + 1 WHERE id = @id',
  );
  const insertFiring = db.prepare(`
    INSERT INTO alert_history (alert_id, symbol, kind, threshold, price, change_percent, source, as_of, fired_at, message)
    VALUES (@alertId, @symbol, @kind, @threshold, @price, @changePercent, @source, @asOf, @firedAt, @message)
  `);
  const history = db.prepare('SELECT * FROM alert_history ORDER BY fired_at DESC, id DESC LIMIT ?');
  const historyOf = db.prepare('SELECT * FROM alert_history WHERE symbol = ? ORDER BY fired_at DESC, id DESC LIMIT ?');
  const since = db.prepare('SELECT * FROM alert_history WHERE fired_at >= ? ORDER BY fired_at DESC, id DESC LIMIT ?');
  const prune = db.prepare(
    'DELETE FROM alert_history WHERE id <= (SELECT id FROM alert_history ORDER BY id DESC LIMIT 1 OFFSET ?)',
  );

  const get = (id: number): Alert | undefined => {
    const r = one.get(id) as RawAlert | undefined;
    return r ? alertFromRaw(r) : undefined;
  };

  return {
    list(): Alert[] {
      return (all.all() as RawAlert[]).map(alertFromRaw);
    },
    get,
    create(a: { symbol: string; kind: AlertKind; threshold: number; repeat: boolean }, now: number): Alert {
      const id = Number(insert.run(a.symbol, a.kind, a.threshold, a.repeat ? 1 : 0, now).lastInsertRowid);
      const created = get(id);
      if (!created) throw new Error(`alert ${id} vanished after insert`);
      return created;
    },
    update(id: number, patch: { threshold?: number; repeat?: boolean; enabled?: boolean }): Alert | undefined {
      return db.transaction(() => {
        const cur = get(id);
        if (!cur) return undefined;
        const enabled = patch.enabled ?? cur.enabled;
        // Switching an alert on, or moving its level, starts a new crossing: it is armed again.
        const rearm = (patch.enabled === true && !cur.enabled) || patch.threshold !== undefined;
        update.run({
          id,
          threshold: patch.threshold ?? cur.threshold,
          repeats: (patch.repeat ?? cur.repeat) ? 1 : 0,
          enabled: enabled ? 1 : 0,
          armed: rearm ? 1 : cur.armed ? 1 : 0,
        });
        return get(id);
      })();
    },
    delete(id: number): boolean {
      return remove.run(id).changes > 0;
    },
    /** Records firings and the alerts' new states in one transaction; returns the stored firings. */
    recordFirings(list: { firing: NewFiring; keepEnabled: boolean }[], rearmed: number[]): AlertFiring[] {
      return db.transaction(() => {
        for (const id of rearmed) setArmed.run(1, id);
        const out: AlertFiring[] = [];
        for (const { firing, keepEnabled } of list) {
          fired.run({ id: firing.alertId, enabled: keepEnabled ? 1 : 0, at: firing.firedAt });
          const id = Number(insertFiring.run(firing).lastInsertRowid);
          out.push({ ...firing, id, asOf: iso(firing.asOf), firedAt: iso(firing.firedAt) });
        }
        if (list.length > 0) prune.run(HISTORY_LIMIT);
        return out;
      })();
    },
    history(limit: number, symbol?: string): AlertFiring[] {
      const rows = symbol === undefined ? history.all(limit) : historyOf.all(symbol, limit);
      return (rows as RawFiring[]).map(firingFromRaw);
    },
    since(from: number, limit: number): AlertFiring[] {
      return (since.all(from, limit) as RawFiring[]).map(firingFromRaw);
    },
  };
}
