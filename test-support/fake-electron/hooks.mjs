// Module resolution hook: 'electron' is this folder's electron.mjs; everything else is untouched.
const fake = new URL('./electron.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: fake, shortCircuit: true };
  return nextResolve(specifier, context);
}
