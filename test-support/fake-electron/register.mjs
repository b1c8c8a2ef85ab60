// Loads the fake Electron in place of 'electron' for a child process that runs the built shell
// (out/main/index.js) in plain Node: `node --import ./test-support/fake-electron/register.mjs`.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
