// Handlers for usage alerts, daily usage reports and the alert webhook setting.
import type { Handlers, usageAlertEndpoints, WebhookSettings } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import type { Logger } from '../logger';
import type { SettingsStore } from '../settings-store';
import type { DailyReports } from '../usage-alerts/daily-report';
import type { UsageAlertsRepo } from '../usage-alerts/usage-alerts-repo';
import { webhookOrigin, webhookTarget, type WebhookSender } from '../usage-alerts/webhook';

export const WEBHOOK_ENV = 'QUOTEDESK_ALERT_WEBHOOK';

export type UsageAlertHandlerDeps = {
  repo: UsageAlertsRepo;
  reports: DailyReports;
  webhook: WebhookSender;
  settings: SettingsStore;
  logger: Logger;
  /** QUOTEDESK_ALERT_WEBHOOK, which wins over the setting; null when unset. */
  envWebhook: () => string | null;
};

export function createUsageAlertHandlers(
  deps: UsageAlertHandlerDeps,
): Pick<Handlers, keyof typeof usageAlertEndpoints> {
  const { repo, reports, webhook, settings, logger } = deps;
  const url = () => deps.envWebhook() ?? settings.get().alertWebhook ?? null;

  const current = (): WebhookSettings => {
    const u = url();
    const ok = webhookTarget(u) !== null;
    const last = webhook.lastDelivery();
    return {
      configured: ok,
      source: deps.envWebhook() ? 'environment' : ok ? 'settings' : null,
      target: ok ? webhookOrigin(u) : null,
      lastDelivery: last ? { at: new Date(last.at).toISOString(), ok: last.ok, detail: last.detail } : null,
    };
  };

  return {
    listUsageAlerts: ({ state, limit }) => repo.list(state, limit),
    listUsageReports: ({ days }) => reports.list(days),
    getUsageAlertSettings: () => current(),
    updateUsageAlertSettings: ({ webhook: next }) => {
      settings.update((cur) => {
        const s = { ...cur };
        if (next === null) delete s.alertWebhook;
        else s.alertWebhook = next;
        return s;
      });
      // The host only: a Slack webhook's path is its secret.
      logger.info({ webhook: webhookOrigin(next) }, next === null ? 'alert webhook removed' : 'alert webhook set');
      return current();
    },
    testUsageAlertWebhook: () => {
      if (!webhookTarget(url())) {
        throw new ApiError('conflict', `no webhook is configured: set one first (or ${WEBHOOK_ENV})`);
      }
      return webhook.tryOnce('[Quotedesk] Test: usage alerts reach this channel.');
    },
  };
}
