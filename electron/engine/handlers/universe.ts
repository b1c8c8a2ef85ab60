// Handler for the symbol directory behind the universe table.
import type { Handlers, UniverseEntry, universeEndpoints } from '../../../shared/contract';
import type { SymbolRow } from '../store/symbols-repo';

export function createUniverseHandlers(deps: {
  symbols: () => ReadonlyMap<string, SymbolRow>;
}): Pick<Handlers, keyof typeof universeEndpoints> {
  return {
    listUniverse: () => {
      const out: UniverseEntry[] = [];
      for (const s of deps.symbols().values()) {
        out.push({
          symbol: s.symbol,
          name: s.name,
          exchange: s.exchange,
          sector: s.sector,
          // Schema order (symbol info, then the extension), which is also the CSV's column order.
          tier: s.tier,
          industry: s.industry,
          avgVolume: s.avgVolume,
        });
      }
      return out;
    },
  };
}
