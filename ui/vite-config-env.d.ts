// The one Node API vite.config.ts uses. The UI has no @types/node (it is browser
// code), so this declares just enough for the config to type-check.
declare module "node:url" {
  export function fileURLToPath(url: string | URL): string;
}
