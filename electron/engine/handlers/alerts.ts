// Handlers for price alerts: CRUD and history; symbols must be in the universe.
import type { alertEndpoints, Handlers } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import type { AlertEvaluator } from '../alert-evaluator';
import type { Clock } from '../clock';
import type { AlertsRepo } from '../store/alerts-repo';

export type AlertHandlerDeps = {
  clock: Clock;
  repo: AlertsRepo;
  evaluator: AlertEvaluator;
  isKnown: (symbol: string) => boolean;
};

/** More than this many alerts is a script gone wrong, not a trader. */
export const MAX_ALERTS = 1000;

export function createAlertHandlers(deps: AlertHandlerDeps): Pick<Handlers, keyof typeof alertEndpoints> {
  const { repo, evaluator } = deps;
  const missing = (id: number) => new ApiError('not_found', `there is no alert ${id}`);
  const checkMove = (kind: string, threshold: number) => {
    if (kind === 'move' && threshold > 1000) {
      throw new ApiError('bad_request', 'a move alert takes a percentage (5 = 5%) up to 1000');
    }
  };
  return {
    listAlerts: () => repo.list(),
    createAlert: ({ symbol, kind, threshold, repeat }) => {
      if (!deps.isKnown(symbol)) throw new ApiError('bad_request', `${symbol} is not in the symbol universe`);
      checkMove(kind, threshold);
      if (repo.list().length >= MAX_ALERTS) {
        throw new ApiError('conflict', `there are already ${MAX_ALERTS} alerts: delete some first`);
      }
      const a = repo.create({ symbol, kind, threshold, repeat }, deps.clock.now());
      evaluator.reload();
      return a;
    },
    updateAlert: ({ id, threshold, repeat, enabled }) => {
      const cur = repo.get(id);
      if (!cur) throw missing(id);
      if (threshold !== undefined) checkMove(cur.kind, threshold);
      const a = repo.update(id, {
        ...(threshold !== undefined ? { threshold } : {}),
        ...(repeat !== undefined ? { repeat } : {}),
        ...(enabled !== undefined ? { enabled } : {}),
      });
      if (!a) throw missing(id);
      evaluator.reload();
      return a;
    },
    deleteAlert: ({ id }) => {
      if (!repo.delete(id)) throw missing(id);
      evaluator.reload();
      return null;
    },
    listAlertHistory: ({ symbol, limit }) => repo.history(limit, symbol),
  };
}
