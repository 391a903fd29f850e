// For tests: a main-window backend whose commands never answer unless a test
// gives them an answer.
import type { Backend } from "./ipc";

export function idleBackend(): Backend {
  const never = () => new Promise<never>(() => {});
  return {
    uiLanguage: () => Promise.resolve("en"),
    appInfo: never,
    connect: never,
    disconnect: never,
    refresh: never,
    testConnection: never,
    saveAccountSettings: never,
    agendaView: never,
    agendaJoin: never,
    agendaRsvp: never,
    onAgendaChanged: never,
    appSettings: never,
    saveAppSettings: never,
    uiTheme: () => Promise.resolve("system"),
    onThemeChanged: never,
  };
}
