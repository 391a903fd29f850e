/// <reference path="./vite-config-env.d.ts" />
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** A page of the multi-page build, by its path next to this file. */
const page = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

export default defineConfig({
  // The webview loads files from the app bundle, not a server root.
  base: "./",
  clearScreen: false,
  server: {
    // The UI's words live beside ui/, in locales/<lang>/ui.ftl (imported ?raw).
    fs: { allow: [page("."), page("../locales")] },
  },
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    // No inline assets: the content security policy allows only 'self'.
    assetsInlineLimit: 0,
    rollupOptions: {
      // The main window and the Join pop-up (window label join-popup).
      input: {
        main: page("./index.html"),
        popup: page("./popup.html"),
      },
    },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test-setup.ts"],
  },
});
