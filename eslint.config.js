// Lint: type-aware rules for every process, plus the layering rules of DESIGN.md §2.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import electronSecurity from 'eslint-plugin-electron-security';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const engineImports = {
  paths: [
    {
      name: 'electron',
      message: 'electron/engine and shared run in plain Node: never import electron here (DESIGN.md §2).',
    },
    {
      name: 'date-fns',
      message: "Import each function from its subpath ('date-fns/addDays'): the root index costs ~1 s of start-up.",
    },
  ],
  patterns: [{ group: ['electron/*'], message: 'electron/engine and shared run in plain Node (DESIGN.md §2).' }],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      '.tools/**',
      'test-results/**',
      'playwright-report/**',
      'e2e/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['eslint.config.js', 'build/*.mjs', 'test-support/fake-electron/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  // The plugins this file loads ship no types; the builder's hook and the stand-in Electron are
  // plain JS run by their tools. Lint them without type information; their tests exercise them
  // (electron/packaging.test.ts, electron/main/composition.test.ts).
  {
    files: ['eslint.config.js', 'build/**/*.mjs', 'test-support/fake-electron/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['electron/engine/**/*.ts', 'shared/**/*.ts', 'test-support/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', engineImports] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to the engine through MarketApi only.' }],
          patterns: [
            {
              group: ['**/electron/**', 'electron/*'],
              message: 'The renderer may import shared/ and its own files only (DESIGN.md §2).',
            },
          ],
        },
      ],
    },
  },
  { ...electronSecurity.configs.strict, files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'] },
  {
    ...electronSecurity.configs['recommended-type-checked'],
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
  },
  {
    // Single doors: each Electron API that can open a hole is used in one reviewed module only
    // (docs/desktop.md, "Security"). Everything else receives it as a parameter.
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'electron-security/require-factory': [
        'error',
        {
          factories: [
            { api: 'ipcMain.handle', use: 'registerIpcHandlers', allowIn: ['electron/main/ipc.ts'] },
            { api: 'ipcMain.handleOnce', use: 'registerIpcHandlers', allowIn: ['electron/main/ipc.ts'] },
            { api: 'ipcMain.on', use: 'registerIpcHandlers', allowIn: ['electron/main/ipc.ts'] },
            { api: 'BrowserWindow', use: 'createMainWindow', allowIn: ['electron/main/window.ts'] },
            { api: 'BrowserView', use: 'createMainWindow', allowIn: ['electron/main/window.ts'] },
            { api: 'WebContentsView', use: 'createMainWindow', allowIn: ['electron/main/window.ts'] },
            { api: 'Tray', use: 'createTrayController', allowIn: ['electron/main/tray.ts'] },
            { api: 'Notification', use: 'createNotifier', allowIn: ['electron/main/notifications.ts'] },
            { api: 'contextBridge.exposeInMainWorld', allowIn: ['electron/preload/index.ts'] },
          ],
        },
      ],
      // Only URLs that went through createExternalUrlPolicy (branded ExternalUrl) reach the browser.
      'electron-security/no-open-external-with-dynamic-url': ['error', { trustedUrlType: 'ExternalUrl' }],
      // The deny-all handler is installed by hardenSession (electron/main/window.ts, tested there);
      // the check for handlers that grant everything stays on.
      'electron-security/require-permission-request-handler': ['error', { requireHandler: false }],
    },
  },
  {
    // The builder's hooks set the fuses: the rule checks their values.
    files: ['build/**/*.mjs'],
    plugins: { 'electron-security': electronSecurity },
    rules: { 'electron-security/require-secure-fuses': 'error' },
  },
  {
    // Config files and the builder's hook are loaded by their tools, which want default exports;
    // the stand-in Electron has one because electron-store does `import electron from 'electron'`.
    files: ['*.config.ts', '*.config.js', 'build/**/*.{ts,js,cjs}', 'test-support/fake-electron/electron.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  prettier,
);
