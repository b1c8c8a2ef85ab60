// Tests of the shell's settings: electron-store is conf plus Electron's app paths, so conf itself
// runs the same file logic in plain Node.
import Conf from 'conf';
import type { StoreFactory, StoreOptions } from './settings';

export const confStore: StoreFactory = (o: StoreOptions) =>
  new Conf<Record<string, unknown>>({
    projectName: 'quotedesk-test',
    configName: o.name,
    cwd: o.cwd,
    projectVersion: o.projectVersion,
    schema: o.schema,
    migrations: o.migrations,
    clearInvalidConfig: o.clearInvalidConfig,
  });
