// Handlers for provider settings (keys, limits, order) and the API usage route.
import type { Handlers, providerEndpoints } from '../../../shared/contract';
import type { ProviderSetup } from '../providers/manager/provider-setup';

export function createProviderHandlers(setup: ProviderSetup): Pick<Handlers, keyof typeof providerEndpoints> {
  return {
    listProviders: () => setup.list(),
    setProviderKey: ({ provider, key }) => setup.setKey(provider, key),
    deleteProviderKey: ({ provider }) => {
      setup.deleteKey(provider);
      return null;
    },
    setProviderLimits: ({ provider, limits }) => setup.setLimits(provider, limits),
    setProviderOrder: ({ providers }) => setup.setOrder(providers),
    getApiUsage: ({ provider, limit }) => setup.usage({ provider, limit }),
  };
}
