import { defineConfig } from "vitest/config";

export default defineConfig({
  // The webview loads files from the app bundle, not a server root.
  base: "./",
  clearScreen: false,
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    // No inline assets: the content security policy allows only 'self'.
    assetsInlineLimit: 0,
  },
  test: {
    environment: "jsdom",
  },
});
